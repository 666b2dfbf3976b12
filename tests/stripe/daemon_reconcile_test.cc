// subledgerd's periodic reconciliation (--reconcile-interval), end to end:
// the real daemon binary, webhooks over loopback, and the local fake Stripe
// API. Webhooks deliver two thirds of the events while reconciliation is
// off ("downtime" for the rest); after a restart with a Stripe key the
// daemon finds and appends exactly the missing ones, marked as backfilled,
// reports them in /metrics and the report, and never calls Stripe without
// being asked to.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "ledger/event_log.h"
#include "tests/stripe/fake_stripe_server.h"
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
using testing::HttpResponse;
using testing::MetricValue;
using testing::TempDir;

constexpr const char* kWebhookSecret = "whsec_reconcile_test_secret";

// The shared corpus, re-dated into the last two days so that it falls in the
// daemon's trailing window (the daemon runs on the real clock).
std::vector<nlohmann::ordered_json> RecentCorpus() {
  std::vector<nlohmann::ordered_json> events = testing::LoadStripeEventCorpus();
  const int64_t now = testing::NowUnixSeconds();
  for (size_t i = 0; i < events.size(); ++i) {
    events[i]["created"] = now - 2 * 86400 + static_cast<int64_t>(i) * 60;
  }
  return events;
}

std::map<std::string, EventSource> LogSources(const std::string& data_dir) {
  EventLogOptions options;
  options.data_dir = data_dir;
  auto log = EventLog::Open(options);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  if (!log.ok()) return {};
  return testing::LogContents(**log);
}

class DaemonReconcileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = RecentCorpus();
    ASSERT_GT(corpus_.size(), 20u);
    stripe_.AddEvents(corpus_);
    // The corpus has Connect events: the daemon walks their accounts too
    // (the fake lists nothing there, since it lists every event on the platform).
    for (const auto& event : corpus_) {
      if (event.contains("account") && event["account"].is_string()) stripe_.AddAccount(event["account"]);
    }
    key_file_ = dir_.Sub("stripe.key");
    std::ofstream(key_file_) << FakeStripeServer::kSecretKey << "\n";
  }

  DaemonOptions Options(std::vector<std::string> extra) const {
    DaemonOptions o;
    o.data_dir = dir_.Sub("data");
    o.secrets = {kWebhookSecret};
    o.extra_args = std::move(extra);
    return o;
  }

  // Posts every event except every third one; returns the ids not delivered.
  std::set<std::string> DeliverAllButEveryThird(DaemonProcess& daemon) {
    HttpClient client("127.0.0.1", daemon.public_port());
    std::set<std::string> missing;
    for (size_t i = 0; i < corpus_.size(); ++i) {
      const std::string id = corpus_[i]["id"].get<std::string>();
      if (i % 3 == 0) {
        missing.insert(id);
        continue;
      }
      const std::string body = corpus_[i].dump();
      HttpResponse r = client.Request(
          "POST", "/webhooks/stripe", body,
          {{"Content-Type", "application/json"},
           {"Stripe-Signature", testing::SignStripe(kWebhookSecret, body, testing::NowUnixSeconds())}});
      EXPECT_EQ(r.status, 200) << id << ": " << r.body;
    }
    return missing;
  }

  TempDir dir_;
  FakeStripeServer stripe_;
  std::vector<nlohmann::ordered_json> corpus_;
  std::string key_file_;
};

TEST_F(DaemonReconcileTest, RecoversExactlyTheMissedWebhooksAndCountsThem) {
  std::set<std::string> missing;
  {
    // Downtime for a third of the events; no key, so no reconciliation.
    DaemonProcess daemon(Options({}));
    ASSERT_EQ(daemon.Start(), "");
    missing = DeliverAllButEveryThird(daemon);
    ASSERT_EQ(daemon.Terminate(), 0);
  }
  ASSERT_TRUE(stripe_.requests().empty()) << "the daemon called Stripe without a key";

  DaemonProcess daemon(Options({"--reconcile-interval", "1s", "--reconcile-settle", "0",
                                "--reconcile-window", "3d", "--reconcile-max-rps", "50",
                                "--stripe-api-base", stripe_.base_url(), "--stripe-key-file",
                                key_file_}));
  ASSERT_EQ(daemon.Start(), "");
  HttpClient admin("127.0.0.1", daemon.admin_port());
  std::string metrics;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  // Two passes: the first recovers, the second finds nothing left to do.
  while (std::chrono::steady_clock::now() < deadline) {
    metrics = admin.Get("/metrics").body;
    if (MetricValue(metrics, "subledger_reconciler_passes_total{result=\"ok\"}") >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GE(MetricValue(metrics, "subledger_reconciler_passes_total{result=\"ok\"}"), 2) << metrics;
  const double passes = MetricValue(metrics, "subledger_reconciler_passes_total{result=\"ok\"}");
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_events_recovered_total"),
            static_cast<double>(missing.size()))
      << metrics;
  // Every completed pass listed the whole (re-dated) corpus.
  EXPECT_EQ(MetricValue(metrics, "subledger_reconciler_events_listed_total"),
            passes * static_cast<double>(corpus_.size()))
      << metrics;

  // The projections see the recovered events as backfilled: the webhook
  // delivery rate is delivered / known.
  std::string report;
  for (int i = 0; i < 100; ++i) {
    metrics = admin.Get("/metrics").body;
    if (metrics.find("subledger_events_by_source{source=\"backfill\"} " +
                     std::to_string(missing.size())) != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(metrics.find("subledger_events_by_source{source=\"backfill\"} " +
                         std::to_string(missing.size())),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("subledger_events_by_source{source=\"webhook\"} " +
                         std::to_string(corpus_.size() - missing.size())),
            std::string::npos)
      << metrics;
  ASSERT_EQ(daemon.Terminate(), 0);

  const std::map<std::string, EventSource> sources = LogSources(dir_.Sub("data"));
  ASSERT_EQ(sources.size(), corpus_.size());
  for (const auto& [id, source] : sources) {
    EXPECT_EQ(source, missing.count(id) ? EventSource::kBackfill : EventSource::kWebhook) << id;
  }

  // What the fake saw: authenticated, pinned version, the window asked for.
  EXPECT_TRUE(stripe_.violations().empty()) << stripe_.violations().front();
  for (const auto& r : stripe_.RequestsTo("/v1/events")) {
    EXPECT_EQ(r.Query("limit"), "100");
    EXPECT_FALSE(r.Query("created[gte]").empty());
  }
  // The key never reaches the log.
  EXPECT_EQ(daemon.Stderr().find(FakeStripeServer::kSecretKey), std::string::npos);
  EXPECT_NE(daemon.Stderr().find("\"msg\":\"reconcile_pass\""), std::string::npos);
}

TEST_F(DaemonReconcileTest, StripeFailuresAreRetriedAndCountedNotFatal) {
  stripe_.InjectFault("/v1/events", testing::ScriptedFault::Status(500), /*count=*/-1);
  DaemonProcess daemon(Options({"--reconcile-interval", "1s", "--reconcile-settle", "0",
                                "--reconcile-max-rps", "50", "--stripe-api-base",
                                stripe_.base_url(), "--stripe-key-file", key_file_}));
  ASSERT_EQ(daemon.Start(), "");
  HttpClient admin("127.0.0.1", daemon.admin_port());
  std::string metrics;
  for (int i = 0; i < 600; ++i) {
    metrics = admin.Get("/metrics").body;
    if (metrics.find("subledger_reconciler_passes_total{result=\"failed\"} 1") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(metrics.find("subledger_reconciler_passes_total{result=\"failed\"} 1"), std::string::npos)
      << metrics;
  // A failing Stripe does not make the daemon unready: webhooks still work.
  EXPECT_EQ(admin.Get("/readyz").status, 200);
  stripe_.ClearFaults();
  EXPECT_EQ(daemon.Terminate(), 0);
  EXPECT_NE(daemon.Stderr().find("\"level\":\"warn\",\"msg\":\"reconcile_pass\""), std::string::npos)
      << daemon.Stderr();
}

TEST_F(DaemonReconcileTest, IntervalWithoutAKeyIsAConfigurationError) {
  DaemonProcess daemon(Options({"--reconcile-interval", "15m"}));
  ASSERT_EQ(daemon.Spawn(), "");
  EXPECT_EQ(daemon.WaitForExit(30), 2);
  EXPECT_NE(daemon.Stderr().find("--reconcile-interval: needs a Stripe secret key"), std::string::npos)
      << daemon.Stderr();
  EXPECT_TRUE(stripe_.requests().empty());
}

TEST_F(DaemonReconcileTest, ZeroIntervalTurnsItOffEvenWithAKey) {
  DaemonProcess daemon(Options({"--reconcile-interval", "0", "--stripe-api-base", stripe_.base_url(),
                                "--stripe-key-file", key_file_}));
  ASSERT_EQ(daemon.Start(), "");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(daemon.Terminate(), 0);
  EXPECT_TRUE(stripe_.requests().empty());
  EXPECT_NE(daemon.Stderr().find("\"msg\":\"reconcile_off\""), std::string::npos);
}

}  // namespace
}  // namespace subledger
