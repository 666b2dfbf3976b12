// Reconciler: one pass over a trailing window, within a request-rate budget.
#include "stripe/reconciler.h"

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
using testing::OpenLog;
using testing::OptionsFor;
using testing::ScriptedFault;
using testing::TempDir;

constexpr int64_t kNow = 1790000000;

nlohmann::ordered_json Event(int i, int64_t created) {
  return {{"id", "evt_r" + std::to_string(i)}, {"object", "event"}, {"created", created},
          {"type", "customer.updated"}, {"data", {{"object", {{"id", "cus_1"}, {"object", "customer"}}}}}};
}

class ReconcilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetUnixSeconds(kNow);
    // 350 events in the last 3 days, 20 older ones, 10 in the settle period.
    for (int i = 0; i < 350; ++i) events_.push_back(Event(i, kNow - 3 * 86400 + 600 + i * 600));
    for (int i = 350; i < 370; ++i) events_.push_back(Event(i, kNow - 10 * 86400 + i));
    for (int i = 370; i < 380; ++i) events_.push_back(Event(i, kNow - 60 + (i - 370)));
    server_.AddEvents(events_);
    log_ = OpenLog(dir_);
    ASSERT_NE(log_, nullptr);
  }
  FakeClock clock_;
  FakeSleeper sleeper_{&clock_};
  FakeStripeServer server_;
  std::vector<nlohmann::ordered_json> events_;
  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(ReconcilerTest, RecoversMissedEventsInTheWindowOnly) {
  for (int i = 0; i < 350; i += 2) AppendAs(log_.get(), events_[i], EventSource::kWebhook);
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 100;
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options);
  ReconcileReport report = reconciler.RunOnce();
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.counts.found, 350u);
  EXPECT_EQ(report.counts.recovered, 175u);
  EXPECT_EQ(log_->LastSequence(), 350u);
  auto first = server_.RequestsTo("/v1/events").at(0);
  EXPECT_EQ(first.Query("created[gte]"), std::to_string(kNow - 3 * 86400));
  EXPECT_EQ(first.Query("created[lte]"), std::to_string(kNow - 300));

  ReconcilerTotals totals = reconciler.totals();
  EXPECT_EQ(totals.passes, 1u);
  EXPECT_EQ(totals.events_recovered, 175u);
  EXPECT_EQ(totals.requests, 4u);
  EXPECT_EQ(totals.last_error, "");
}

TEST_F(ReconcilerTest, SpendsNoMoreThanTheRequestBudget) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 0.5;  // one request every 2 s
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options);
  int64_t start = clock_.MonotonicNanos();
  ASSERT_TRUE(reconciler.RunOnce().status.ok());
  ASSERT_TRUE(reconciler.RunOnce().status.ok());
  // 8 requests (4 pages x 2 passes): the first is free, 7 more need 2 s each.
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 8u);
  EXPECT_GE(clock_.MonotonicNanos() - start, int64_t{14} * 1000000000);
  EXPECT_EQ(reconciler.totals().passes, 2u);
}

TEST_F(ReconcilerTest, RetriesCountAgainstTheBudget) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(429), 3);
  FakeSleeper budget_only{&clock_};
  StripeClientOptions client_options = OptionsFor(server_);
  client_options.retry.initial_backoff = std::chrono::milliseconds(1);
  client_options.retry.max_backoff = std::chrono::milliseconds(1);
  StripeClient client(client_options, &budget_only);
  ReconcilerOptions options;
  options.max_requests_per_second = 1;
  Reconciler reconciler(&client, log_.get(), &clock_, &budget_only, options);
  int64_t start = clock_.MonotonicNanos();
  ASSERT_TRUE(reconciler.RunOnce().status.ok());
  size_t requests = server_.RequestsTo("/v1/events").size();
  EXPECT_EQ(requests, 7u);  // 4 pages + 3 retries
  EXPECT_GE(clock_.MonotonicNanos() - start, int64_t{6} * 1000000000);
}

TEST_F(ReconcilerTest, AFailedPassIsRecordedAndTheNextOneRecovers) {
  AppendAs(log_.get(), events_[0], EventSource::kWebhook);
  server_.InjectFault("/v1/events", ScriptedFault::Status(401, {}), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 100;
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options);
  ReconcileReport failed = reconciler.RunOnce();
  EXPECT_FALSE(failed.status.ok());
  EXPECT_EQ(reconciler.totals().failed_passes, 1u);
  EXPECT_NE(reconciler.totals().last_error, "");
  ReconcileReport ok = reconciler.RunOnce();
  ASSERT_TRUE(ok.status.ok());
  EXPECT_EQ(ok.counts.recovered, 349u);
  EXPECT_EQ(reconciler.totals().last_error, "");
}

TEST_F(ReconcilerTest, WalksEveryConnectedAccountItKnowsOf) {
  std::vector<nlohmann::ordered_json> connected;
  for (int i = 0; i < 3; ++i) {
    connected.push_back(Event(900 + i, kNow - 3600 + i));
    connected.back()["id"] = "evt_conn" + std::to_string(i);
  }
  server_.AddEvents(connected, "acct_1Seen");
  server_.AddAccount("acct_1Flag");
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 100;
  options.accounts = {"acct_1Flag"};
  ReconcilerHooks hooks;
  hooks.seen_accounts = [] { return std::vector<std::string>{"acct_1Seen", "not an account\r\nX: y"}; };
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options, hooks);
  ReconcileReport report = reconciler.RunOnce();
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_EQ(report.accounts, 3u);  // the platform, the flag's, the seen one; the malformed one never sent
  EXPECT_EQ(report.counts.recovered, 353u);
  std::map<std::string, int> requests_by_account;
  for (const auto& r : server_.RequestsTo("/v1/events")) ++requests_by_account[r.Header("stripe-account")];
  EXPECT_EQ(requests_by_account, (std::map<std::string, int>{{"", 4}, {"acct_1Flag", 1}, {"acct_1Seen", 1}}));
  // The connected account's events keep (here: get) their account.
  std::set<std::string> accounts;
  ASSERT_TRUE(log_->Scan(1, [&](const EventRecord& r) {
                    if (r.envelope.id.rfind("evt_conn", 0) == 0) {
                      accounts.insert(nlohmann::ordered_json::parse(r.body).value("account", ""));
                    }
                    return true;
                  }).ok());
  EXPECT_EQ(accounts, std::set<std::string>{"acct_1Seen"});
  EXPECT_EQ(reconciler.totals().accounts, 3u);
}

TEST_F(ReconcilerTest, AFailingAccountFailsThePassButNotTheOthers) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 100;
  options.accounts = {"acct_1Gone"};  // the fake does not know it: Stripe's 403
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options);
  ReconcileReport report = reconciler.RunOnce();
  EXPECT_FALSE(report.status.ok());
  EXPECT_NE(report.status.message().find("account acct_1Gone"), std::string::npos) << report.status.ToString();
  EXPECT_EQ(report.counts.recovered, 350u) << "the platform's walk still ran";
  EXPECT_EQ(reconciler.totals().failed_passes, 1u);
}

TEST_F(ReconcilerTest, RefetchesThePlanWithinTheSameRequestBudget) {
  for (int i = 0; i < 5; ++i) {
    nlohmann::ordered_json sub = {{"id", "sub_" + std::to_string(i)}, {"object", "subscription"},
                                  {"status", "active"}, {"livemode", false}};
    server_.PutSubscription(sub);
  }
  server_.PutPrice({{"id", "price_t"}, {"object", "price"}, {"billing_scheme", "tiered"}, {"tiers", nlohmann::ordered_json::array()}});
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 0.5;  // one request every 2 s
  options.max_refetches_per_pass = 4;
  int plans = 0;
  ReconcilerHooks hooks;
  hooks.plan_refetch = [&](const std::function<bool()>&) {
    ++plans;
    RefetchPlan plan;
    plan.targets.push_back({"", SnapshotKind::kPrice, "price_t", ""});
    for (int i = 0; i < 5; ++i) plan.targets.push_back({"", SnapshotKind::kSubscription, "sub_" + std::to_string(i), "di_1"});
    plan.unresolved_discounts = 1;
    plan.unknown_tiered_prices = 1;
    return plan;
  };
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options, hooks);
  const int64_t start = clock_.MonotonicNanos();
  ReconcileReport first = reconciler.RunOnce();
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_EQ(first.refetch.prices.appended, 1u);
  EXPECT_EQ(first.refetch.subscriptions.appended, 3u);  // 4 per pass
  EXPECT_EQ(first.unresolved_discounts, 1u);
  // 4 pages + 4 refetches: the first request is free, 7 more need 2 s each.
  EXPECT_EQ(server_.requests().size(), 8u);
  EXPECT_GE(clock_.MonotonicNanos() - start, int64_t{14} * 1000000000);
  EXPECT_EQ(reconciler.totals().requests, 8u);

  // The next pass refetches only what the first did not reach.
  ReconcileReport second = reconciler.RunOnce();
  EXPECT_EQ(second.refetch.subscriptions.appended, 2u);
  EXPECT_EQ(second.refetch.prices.appended, 0u);
  EXPECT_EQ(reconciler.RunOnce().refetch.attempted(), 0u);
  EXPECT_EQ(plans, 3);
  ReconcilerTotals totals = reconciler.totals();
  EXPECT_EQ(totals.refetched.subscriptions.appended, 5u);
  EXPECT_EQ(totals.refetched.prices.appended, 1u);
  EXPECT_EQ(totals.unknown_tiered_prices, 1u);
}

TEST_F(ReconcilerTest, ZeroRefetchesPerPassNeverAsksForAPlan) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ReconcilerOptions options;
  options.max_requests_per_second = 100;
  options.max_refetches_per_pass = 0;
  ReconcilerHooks hooks;
  hooks.plan_refetch = [](const std::function<bool()>&) -> RefetchPlan {
    ADD_FAILURE() << "planned with refetching off";
    return {};
  };
  Reconciler reconciler(&client, log_.get(), &clock_, &sleeper_, options, hooks);
  EXPECT_TRUE(reconciler.RunOnce().status.ok());
}

TEST(RequestRateLimiter, SpacesRequestsAtTheRate) {
  FakeClock clock(0);
  FakeSleeper sleeper(&clock);
  RequestRateLimiter limiter(&clock, &sleeper, 4.0);  // every 250 ms
  for (int i = 0; i < 9; ++i) limiter.Acquire();
  EXPECT_EQ(clock.MonotonicNanos(), int64_t{2000} * 1000000);
  EXPECT_EQ(limiter.acquired(), 9u);
}

TEST(RequestRateLimiter, IdleTimeRefillsUpToTheBurst) {
  FakeClock clock(0);
  FakeSleeper sleeper(&clock);
  RequestRateLimiter limiter(&clock, &sleeper, 1.0, 3.0);
  clock.AdvanceMicros(int64_t{60} * 1000000);
  for (int i = 0; i < 3; ++i) limiter.Acquire();
  EXPECT_TRUE(sleeper.sleeps().empty());
  limiter.Acquire();
  ASSERT_EQ(sleeper.sleeps().size(), 1u);
  EXPECT_EQ(sleeper.sleeps()[0].count(), 1000);
}

TEST(PeriodicReconciler, RunsPassesUntilStopped) {
  FakeStripeServer server;
  server.AddEvents({Event(1, SystemClock::Instance().NowUnixSeconds() - 3600)});
  TempDir dir;
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  std::mutex mu;
  std::condition_variable cv;
  int passes = 0;
  ReconcilerOptions options;
  options.max_requests_per_second = 1000;
  PeriodicReconciler periodic(OptionsFor(server), log.get(), &SystemClock::Instance(), options,
                              std::chrono::seconds(3600), [&](const ReconcileReport& report) {
                                EXPECT_TRUE(report.status.ok()) << report.status.ToString();
                                std::lock_guard<std::mutex> lock(mu);
                                ++passes;
                                cv.notify_all();
                              });
  periodic.Start();
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return passes >= 1; }));
  }
  periodic.Stop();  // interrupts the hour-long sleep
  EXPECT_EQ(passes, 1);
  EXPECT_EQ(periodic.totals().events_recovered, 1u);
  EXPECT_EQ(log->LastSequence(), 1u);
}

}  // namespace
}  // namespace subledger
