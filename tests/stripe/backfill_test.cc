// Backfill after simulated downtime: the log holds what webhooks delivered,
// Stripe lists everything; backfill recovers exactly the missing events,
// nothing twice, and can be interrupted and re-run.
#include "stripe/backfill.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::AppendAs;
using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::LogContents;
using testing::LoadStripeEventCorpus;
using testing::OpenLog;
using testing::OptionsFor;
using testing::ScriptedFault;
using testing::TempDir;
using ::subledger::FakeClock;

class BackfillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = LoadStripeEventCorpus();
    server_.AddEvents(corpus_);
    log_ = OpenLog(dir_);
    ASSERT_NE(log_, nullptr);
  }
  // Webhooks delivered every event except every third one ("downtime").
  std::set<std::string> DeliverAllButEveryThird() {
    std::set<std::string> missing;
    for (size_t i = 0; i < corpus_.size(); ++i) {
      if (i % 3 == 0) {
        missing.insert(corpus_[i]["id"].get<std::string>());
      } else {
        AppendAs(log_.get(), corpus_[i], EventSource::kWebhook);
      }
    }
    return missing;
  }
  std::vector<nlohmann::ordered_json> corpus_;
  FakeStripeServer server_;
  FakeSleeper sleeper_;
  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(BackfillTest, RecoversExactlyTheMissingEventsAndNothingTwice) {
  std::set<std::string> missing = DeliverAllButEveryThird();
  StripeClient client(OptionsFor(server_), &sleeper_);
  BackfillReport report = Backfill(&client, log_.get(), BackfillOptions{});
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.counts.found, corpus_.size());
  EXPECT_EQ(report.counts.recovered, missing.size());
  EXPECT_EQ(report.counts.already_present, corpus_.size() - missing.size());

  std::map<std::string, EventSource> contents = LogContents(*log_);
  EXPECT_EQ(contents.size(), corpus_.size());
  for (const auto& [id, source] : contents) {
    EXPECT_EQ(source, missing.count(id) ? EventSource::kBackfill : EventSource::kWebhook) << id;
  }
}

TEST_F(BackfillTest, RerunRecoversNothing) {
  DeliverAllButEveryThird();
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(Backfill(&client, log_.get(), BackfillOptions{}).status.ok());
  SequenceNumber last = log_->LastSequence();
  BackfillReport again = Backfill(&client, log_.get(), BackfillOptions{});
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.counts.recovered, 0u);
  EXPECT_EQ(again.counts.already_present, corpus_.size());
  EXPECT_EQ(log_->LastSequence(), last);
}

TEST_F(BackfillTest, BackfilledBodyIsTheListedEventObject) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(Backfill(&client, log_.get(), BackfillOptions{}).status.ok());
  std::map<std::string, nlohmann::ordered_json> by_id;
  for (const auto& e : corpus_) by_id[e["id"].get<std::string>()] = e;
  Status s = log_->Scan(1, [&](const EventRecord& r) {
    EXPECT_EQ(r.body, by_id.at(r.envelope.id).dump());
    EXPECT_EQ(r.envelope.type, by_id.at(r.envelope.id)["type"]);
    EXPECT_EQ(r.envelope.created, by_id.at(r.envelope.id)["created"].get<int64_t>());
    return true;
  });
  ASSERT_TRUE(s.ok());
}

TEST_F(BackfillTest, InterruptedAfterTwoPagesThenResumed) {
  std::set<std::string> missing = DeliverAllButEveryThird();
  StripeClient client(OptionsFor(server_), &sleeper_);
  BackfillOptions first;
  first.max_pages = 2;
  BackfillReport partial = Backfill(&client, log_.get(), first);
  ASSERT_TRUE(partial.status.ok());
  EXPECT_FALSE(partial.complete);
  EXPECT_EQ(partial.counts.pages, 2);
  EXPECT_EQ(partial.counts.found, 200u);
  EXPECT_GT(partial.counts.recovered, 0u);
  EXPECT_LT(partial.counts.recovered, missing.size());

  BackfillReport rest = Backfill(&client, log_.get(), BackfillOptions{});
  ASSERT_TRUE(rest.status.ok());
  EXPECT_TRUE(rest.complete);
  EXPECT_EQ(partial.counts.recovered + rest.counts.recovered, missing.size());
  EXPECT_EQ(LogContents(*log_).size(), corpus_.size());
}

TEST_F(BackfillTest, StripeFailingMidWalkKeepsWhatWasRecoveredAndRerunFinishes) {
  std::set<std::string> missing = DeliverAllButEveryThird();
  server_.InjectFault("/v1/events", ScriptedFault::Status(500), -1, /*skip=*/3);
  StripeClient client(OptionsFor(server_), &sleeper_);
  BackfillReport broken = Backfill(&client, log_.get(), BackfillOptions{});
  EXPECT_FALSE(broken.status.ok());
  EXPECT_EQ(broken.status.code(), Status::Code::kUnavailable);
  EXPECT_FALSE(broken.complete);
  EXPECT_EQ(broken.counts.pages, 3);
  uint64_t recovered_before = broken.counts.recovered;
  EXPECT_EQ(LogContents(*log_).size(), corpus_.size() - missing.size() + recovered_before);

  server_.ClearFaults();
  BackfillReport rest = Backfill(&client, log_.get(), BackfillOptions{});
  ASSERT_TRUE(rest.status.ok()) << rest.status.ToString();
  EXPECT_EQ(recovered_before + rest.counts.recovered, missing.size());
  EXPECT_EQ(LogContents(*log_).size(), corpus_.size());
}

TEST_F(BackfillTest, ShouldStopEndsTheWalkCleanly) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  BackfillOptions options;
  int pages = 0;
  options.on_page = [&](const BackfillProgress&) { ++pages; };
  options.should_stop = [&] { return pages >= 1; };
  BackfillReport report = Backfill(&client, log_.get(), options);
  EXPECT_TRUE(report.status.ok());
  EXPECT_FALSE(report.complete);
  EXPECT_EQ(report.counts.pages, 1);
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 1u);
}

TEST_F(BackfillTest, ProgressCoversTheWindowByTime) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  BackfillOptions options;
  std::vector<BackfillProgress> seen;
  options.on_page = [&](const BackfillProgress& p) { seen.push_back(p); };
  ASSERT_TRUE(Backfill(&client, log_.get(), options).status.ok());
  ASSERT_GE(seen.size(), 2u);
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].FractionDone(), seen[i - 1].FractionDone());
    EXPECT_GT(seen[i].counts.found, seen[i - 1].counts.found);
  }
  EXPECT_GT(seen.back().FractionDone(), 0.99);
}

TEST_F(BackfillTest, OnlyTheRequestedWindowAndTypes) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  BackfillOptions options;
  options.query.created_gte = 1767225600;
  options.query.types = {"customer.subscription.created"};
  BackfillReport report = Backfill(&client, log_.get(), options);
  ASSERT_TRUE(report.status.ok());
  size_t expected = 0;
  for (const auto& e : corpus_) {
    expected += e["type"] == "customer.subscription.created" && e["created"].get<int64_t>() >= 1767225600;
  }
  EXPECT_EQ(report.counts.recovered, expected);
  for (const auto& [id, source] : LogContents(*log_)) EXPECT_EQ(source, EventSource::kBackfill);
}

TEST(BackfillDoorTest, ImplausibleEventsAreCountedAsRejectedAndNeverStored) {
  // Revenue model v2 §1: the same door as webhooks and import. A listed
  // event with a `created` before 2010 or more than a day ahead of the
  // clock is rejected; the walk goes on and recovers the rest.
  constexpr int64_t kNow = 1796450000;
  FakeClock clock;
  clock.SetUnixSeconds(kNow);
  auto event = [](const std::string& id, int64_t created) {
    return nlohmann::ordered_json{{"id", id}, {"object", "event"}, {"created", created},
                                  {"type", "invoice.paid"}, {"data", {{"object", {{"id", "in_1"}}}}}};
  };
  FakeStripeServer server;
  server.AddEvents({event("evt_ok_1", kNow - 3600), event("evt_2009", 1234567890),
                    event("evt_millis", kNow * 1000), event("evt_ahead", kNow + 86401),
                    event("evt_ok_2", kNow + 86400)});
  TempDir dir;
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  FakeSleeper sleeper;
  StripeClient client(OptionsFor(server), &sleeper);
  BackfillOptions options;
  options.clock = &clock;
  std::map<std::string, std::string> rejected;
  options.on_rejected = [&](const std::string& id, const Status& why) { rejected[id] = why.message(); };
  BackfillReport report = Backfill(&client, log.get(), options);
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.counts.found, 5u);
  EXPECT_EQ(report.counts.recovered, 2u);
  EXPECT_EQ(report.counts.rejected, 3u);
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_NE(rejected["evt_2009"].find("before 2010-01-01"), std::string::npos) << rejected["evt_2009"];
  EXPECT_NE(rejected["evt_millis"].find("ahead of this machine's clock"), std::string::npos);
  EXPECT_NE(rejected["evt_ahead"].find("ahead of this machine's clock"), std::string::npos);
  std::map<std::string, EventSource> contents = LogContents(*log);
  EXPECT_EQ(contents.size(), 2u);
  EXPECT_TRUE(contents.count("evt_ok_1") && contents.count("evt_ok_2"));
}

}  // namespace
}  // namespace subledger
