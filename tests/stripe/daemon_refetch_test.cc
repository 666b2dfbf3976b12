// subledgerd with a Stripe key refetches by itself what the books cannot
// value, within the reconciler's request budget, and walks the connected
// accounts it has seen: the real daemon binary, a platform endpoint and a
// Connect endpoint (two webhook secrets) into one daemon, and the fake API.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/stripe/refetch_fixtures.h"
#include "tests/stripe/stripe_test_util.h"
#include "tests/support/daemon_process.h"
#include "tests/support/http_client.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::DaemonOptions;
using testing::DaemonProcess;
using testing::FakeStripeServer;
using testing::HttpClient;
using testing::MetricValue;
using testing::TempDir;

constexpr const char* kPlatformSecret = "whsec_platform_endpoint_secret";
constexpr const char* kConnectSecret = "whsec_connect_endpoint_secret";
constexpr const char* kConnected = "acct_1DaemonConn";
constexpr double kMaxRps = 4;

class DaemonRefetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const int64_t created = testing::NowUnixSeconds() - 3600;
    auto discounted = testing::Subscription("sub_disc", "cus_a",
                                            testing::Item("si_a", testing::MonthlyPrice("price_m", 2000), 1), "di_q");
    auto seats = testing::Subscription("sub_seats", "cus_b",
                                       testing::Item("si_b", testing::SeatPrice("price_seats", true), 10));
    auto missed = testing::Subscription("sub_missed", "cus_m",
                                        testing::Item("si_m", testing::MonthlyPrice("price_m", 1000), 1));
    platform_events_ = {testing::SubscriptionEvent("evt_a", created, testing::AsWebhookObject(discounted)),
                        testing::SubscriptionEvent("evt_b", created, testing::AsWebhookObject(seats))};
    connect_event_ = testing::SubscriptionEvent("evt_c", created, testing::AsWebhookObject(discounted), kConnected);
    stripe_.AddEvents(platform_events_);
    // The connected account's second event never arrived by webhook.
    stripe_.AddEvents({connect_event_, testing::SubscriptionEvent("evt_missed", created + 1, missed, kConnected)},
                      kConnected);
    stripe_.PutSubscription(discounted);
    stripe_.PutSubscription(discounted, kConnected);
    stripe_.PutPrice(testing::SeatPrice("price_seats", true));
    key_file_ = dir_.Sub("stripe.key");
    std::ofstream(key_file_) << FakeStripeServer::kSecretKey << "\n";
  }

  DaemonOptions Options(std::vector<std::string> extra) const {
    DaemonOptions o;
    o.data_dir = dir_.Sub("data");
    o.secrets = {kPlatformSecret, kConnectSecret};
    o.extra_args = std::move(extra);
    return o;
  }

  void Post(DaemonProcess& daemon, const nlohmann::ordered_json& event, const char* secret) {
    HttpClient client("127.0.0.1", daemon.public_port());
    const std::string body = event.dump();
    auto r = client.Request("POST", "/webhooks/stripe", body,
                            {{"Content-Type", "application/json"},
                             {"Stripe-Signature", testing::SignStripe(secret, body, testing::NowUnixSeconds())}});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  // The only currency row of a book's report, from the admin read API.
  nlohmann::json Usd(HttpClient& admin, const std::string& query) {
    auto report = nlohmann::json::parse(admin.Get("/v1/report?" + query).body, nullptr, false);
    return report.is_object() && report["currencies"].size() == 1 ? report["currencies"][0] : nlohmann::json();
  }

  TempDir dir_;
  FakeStripeServer stripe_;
  std::vector<nlohmann::ordered_json> platform_events_;
  nlohmann::ordered_json connect_event_;
  std::string key_file_;
};

TEST_F(DaemonRefetchTest, RefetchesWhatTheBooksCannotValueWithinTheRequestBudget) {
  {
    // Both endpoints deliver into one daemon; no key yet, so no reconciliation.
    DaemonProcess daemon(Options({}));
    ASSERT_EQ(daemon.Start(), "");
    for (const auto& event : platform_events_) Post(daemon, event, kPlatformSecret);
    Post(daemon, connect_event_, kConnectSecret);
    HttpClient admin("127.0.0.1", daemon.admin_port());
    nlohmann::json before;
    for (int i = 0; i < 100 && before["unresolved_discounts"] != 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      before = Usd(admin, "mode=test");
    }
    EXPECT_EQ(before["mrr"], testing::kFullMrr) << before;
    EXPECT_EQ(before["unresolved_discounts"], 1);
    ASSERT_EQ(daemon.Terminate(), 0);
  }
  ASSERT_TRUE(stripe_.requests().empty());

  DaemonProcess daemon(Options({"--reconcile-interval", "1h", "--reconcile-settle", "0", "--reconcile-max-rps",
                                "4", "--stripe-api-base", stripe_.base_url(), "--stripe-key-file", key_file_}));
  ASSERT_EQ(daemon.Start(), "");
  HttpClient admin("127.0.0.1", daemon.admin_port());
  std::string metrics;
  nlohmann::json platform, connected;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    metrics = admin.Get("/metrics").body;
    platform = Usd(admin, "mode=test");
    connected = Usd(admin, std::string("mode=test&account=") + kConnected);
    if (MetricValue(metrics, "subledger_reconciler_passes_total{result=\"ok\"}") >= 1 &&
        platform["unresolved_discounts"] == 0 && connected["mrr"] == testing::kDiscountedMrr + 1000) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The discount and the tiers are known now: the discounted MRR, the seats priced.
  EXPECT_EQ(platform["mrr"], testing::kDiscountedMrr + testing::kSeatsMrr) << platform;
  EXPECT_EQ(platform["unresolved_discounts"], 0);
  EXPECT_EQ(platform["unpriced_items"], 0);
  // The connected account was walked (its missed event recovered) and refetched on its own account.
  EXPECT_EQ(connected["mrr"], testing::kDiscountedMrr + 1000) << connected;
  EXPECT_EQ(connected["unresolved_discounts"], 0);

  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_refetched_total{kind=\"subscription\"}"), 2) << metrics;
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_refetched_total{kind=\"price\"}"), 1) << metrics;
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_refetch_failures_total{kind=\"subscription\"}"), 0);
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_unresolved_references{kind=\"discount\"}"), 2) << metrics;
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_unresolved_references{kind=\"tiered_price\"}"), 1);
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_accounts"), 2);
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_events_recovered_total"), 1);
  ASSERT_EQ(daemon.Terminate(), 0);

  // Two walks, one price and two subscriptions, each on its account, spaced by the budget.
  std::vector<testing::RecordedRequest> requests = stripe_.requests();
  ASSERT_EQ(requests.size(), 5u);
  std::multiset<std::string> seen;
  for (const auto& r : requests) seen.insert(r.Header("stripe-account") + " " + r.path);
  EXPECT_EQ(seen, (std::multiset<std::string>{" /v1/events", " /v1/prices/price_seats", " /v1/subscriptions/sub_disc",
                                              std::string(kConnected) + " /v1/events",
                                              std::string(kConnected) + " /v1/subscriptions/sub_disc"}));
  for (size_t i = 1; i < requests.size(); ++i) {
    const double gap = std::chrono::duration<double>(requests[i].received - requests[i - 1].received).count();
    EXPECT_GE(gap, 1 / kMaxRps - 0.05) << "request " << i << " came " << gap << " s after the previous one";
  }
  EXPECT_TRUE(stripe_.violations().empty());
  EXPECT_NE(daemon.Stderr().find("\"msg\":\"reconcile_refetch\""), std::string::npos);
  EXPECT_EQ(daemon.Stderr().find(FakeStripeServer::kSecretKey), std::string::npos);
}

TEST_F(DaemonRefetchTest, AnAccountFlagWithoutAKeyOrMalformedIsRefused) {
  DaemonProcess no_key(Options({"--account", kConnected}));
  ASSERT_EQ(no_key.Spawn(), "");
  EXPECT_EQ(no_key.WaitForExit(30), 2);
  EXPECT_NE(no_key.Stderr().find("--account: reconciling a connected account needs a Stripe secret key"),
            std::string::npos)
      << no_key.Stderr();
  DaemonProcess malformed(Options({"--account", "acct_1ok,cus_1", "--stripe-key-file", key_file_}));
  ASSERT_EQ(malformed.Spawn(), "");
  EXPECT_EQ(malformed.WaitForExit(30), 2);
  EXPECT_NE(malformed.Stderr().find("account 'cus_1'"), std::string::npos) << malformed.Stderr();
  EXPECT_TRUE(stripe_.requests().empty());
}

}  // namespace
}  // namespace subledger
