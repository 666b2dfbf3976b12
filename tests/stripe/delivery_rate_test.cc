// Webhook delivery rate: webhook / (webhook + import + backfill) over the
// events whose `created` is in the window, checked against counts made by
// hand and after a real backfill.
#include "stripe/delivery_rate.h"

#include <gtest/gtest.h>

#include <random>

#include "stripe/backfill.h"
#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::AppendAs;
using testing::OpenLog;
using testing::TempDir;

nlohmann::ordered_json Event(const std::string& id, int64_t created) {
  return {{"id", id}, {"object", "event"}, {"created", created}, {"type", "invoice.paid"}, {"data", {{"object", {}}}}};
}

TEST(DeliveryRate, CountsBySourceWithinTheWindow) {
  TempDir dir;
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  AppendAs(log.get(), Event("evt_w1", 100), EventSource::kWebhook);
  AppendAs(log.get(), Event("evt_w2", 150), EventSource::kWebhook);
  AppendAs(log.get(), Event("evt_w3", 199), EventSource::kWebhook);
  AppendAs(log.get(), Event("evt_b1", 120), EventSource::kBackfill);
  AppendAs(log.get(), Event("evt_i1", 130), EventSource::kImport);
  AppendAs(log.get(), Event("evt_s1", 140), EventSource::kSnapshot);
  AppendAs(log.get(), Event("evt_w_before", 99), EventSource::kWebhook);
  AppendAs(log.get(), Event("evt_b_after", 200), EventSource::kBackfill);
  AppendAs(log.get(), Event("evt_w1", 100), EventSource::kBackfill);  // duplicate: not stored again

  Result<SourceCounts> counts = CountEventsBySource(*log, 100, 200);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->webhook, 3u);
  EXPECT_EQ(counts->backfill, 1u);
  EXPECT_EQ(counts->import, 1u);
  EXPECT_EQ(counts->snapshot, 1u);
  EXPECT_EQ(counts->stripe_events(), 5u);
  ASSERT_TRUE(counts->WebhookDeliveryRate().has_value());
  EXPECT_DOUBLE_EQ(*counts->WebhookDeliveryRate(), 3.0 / 5.0);
}

TEST(DeliveryRate, UndefinedForAnEmptyWindow) {
  TempDir dir;
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  AppendAs(log.get(), Event("evt_s1", 140), EventSource::kSnapshot);
  Result<SourceCounts> counts = CountEventsBySource(*log, 0, 1000);
  ASSERT_TRUE(counts.ok());
  EXPECT_FALSE(counts->WebhookDeliveryRate().has_value());
}

TEST(DeliveryRate, MatchesTheCountsOfABackfillAfterDowntime) {
  testing::FakeStripeServer server;
  std::vector<nlohmann::ordered_json> events;
  // Stripe event times (backfill refuses a created before 2010: revenue model v2 §1).
  constexpr int64_t kT0 = 1767225600;
  for (int i = 0; i < 250; ++i) events.push_back(Event("evt_" + std::to_string(1000 + i), kT0 + i));
  server.AddEvents(events);
  TempDir dir;
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  for (int i = 0; i < 250; ++i) {
    if (i < 100 || i >= 140) AppendAs(log.get(), events[i], EventSource::kWebhook);  // 40 lost in an outage
  }
  testing::FakeSleeper sleeper;
  StripeClient client(testing::OptionsFor(server), &sleeper);
  BackfillReport report = Backfill(&client, log.get(), BackfillOptions{});
  ASSERT_TRUE(report.status.ok());
  ASSERT_EQ(report.counts.recovered, 40u);

  Result<SourceCounts> all = CountEventsBySource(*log, 0, kT0 + 1000);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->webhook, report.counts.already_present);
  EXPECT_EQ(all->backfill, report.counts.recovered);
  EXPECT_DOUBLE_EQ(*all->WebhookDeliveryRate(), 210.0 / 250.0);
  Result<SourceCounts> outage = CountEventsBySource(*log, kT0 + 100, kT0 + 140);
  ASSERT_TRUE(outage.ok());
  EXPECT_DOUBLE_EQ(*outage->WebhookDeliveryRate(), 0.0);
}

TEST(DeliveryCounter, IncrementalFeedEqualsAScan) {
  DeliveryCounter counter(10, 20);
  EventRecord r;
  for (int created : {5, 10, 15, 19, 20, 25}) {
    r.envelope.created = created;
    r.source = created % 2 ? EventSource::kWebhook : EventSource::kBackfill;
    counter.Add(r);
  }
  EXPECT_EQ(counter.counts().webhook, 2u);   // 15, 19
  EXPECT_EQ(counter.counts().backfill, 1u);  // 10
}

}  // namespace
}  // namespace subledger

namespace subledger {
namespace {

// The tail-only count equals the full scan (the oracle) for windows over a
// log whose events arrive up to a few hours after they were created.
TEST(DeliveryRate, RecentWindowCountEqualsTheFullScan) {
  FakeClock clock(int64_t{1000000} * 1000000);
  TempDir dir;
  auto log = OpenLog(dir, &clock);
  ASSERT_NE(log, nullptr);
  std::mt19937 rng(7);
  std::vector<PendingEvent> batch;
  for (int i = 0; i < 400; ++i) {
    clock.AdvanceMicros(int64_t{60} * 1000000);  // one event a minute
    int64_t lag = static_cast<int64_t>(rng() % (4 * 3600));
    auto event = Event("evt_t" + std::to_string(i), clock.NowUnixSeconds() - lag);
    AppendAs(log.get(), event, static_cast<EventSource>(1 + rng() % 4));
  }
  int64_t end = clock.NowUnixSeconds();
  for (int64_t from : {end - 3600, end - 6 * 3600, end - 24 * 3600, int64_t{0}}) {
    Result<SourceCounts> full = CountEventsBySource(*log, from, end + 1);
    Result<SourceCounts> recent = CountRecentEventsBySource(*log, from, end + 1, 5 * 3600);
    ASSERT_TRUE(full.ok() && recent.ok());
    EXPECT_EQ(recent->webhook, full->webhook) << from;
    EXPECT_EQ(recent->import, full->import) << from;
    EXPECT_EQ(recent->backfill, full->backfill) << from;
    EXPECT_EQ(recent->snapshot, full->snapshot) << from;
  }
  Result<SequenceNumber> first = FirstSequenceReceivedAtOrAfter(*log, (end - 3600) * int64_t{1000000});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 340u);  // seq n was received at start + n minutes; end - 60 min is seq 340 exactly
}

}  // namespace
}  // namespace subledger

namespace subledger {
namespace {

TEST(DeliveryRateJson, KeysInOrderAndNullWithoutEvents) {
  SourceCounts counts;
  EXPECT_EQ(DeliveryRateJson(counts).dump(),
            R"({"webhook":0,"import":0,"backfill":0,"snapshot":0,"webhook_delivery_rate":null})");
  counts.webhook = 3;
  counts.backfill = 1;
  counts.snapshot = 9;
  EXPECT_EQ(DeliveryRateJson(counts).dump(),
            R"({"webhook":3,"import":0,"backfill":1,"snapshot":9,"webhook_delivery_rate":0.75})");
}

}  // namespace
}  // namespace subledger
