// SubledgerMetrics: what /metrics shows for the live series and for the
// pushed snapshots, and that the label sets stay bounded whatever the input.
#include "metrics/subledger_metrics.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "metrics/label_values.h"
#include "tests/metrics/exposition.h"

namespace subledger {
namespace {

using testing::Find;
using testing::ParseExposition;
using testing::PopulatedFigures;

TEST(SubledgerMetricsTest, EveryWebhookResultHasASeriesFromTheStart) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  auto samples = ParseExposition(m.Serialize());
  std::set<std::string> results;
  for (const auto& s : Find(samples, "subledger_webhook_requests_total")) {
    results.insert(s.labels.at("result"));
    EXPECT_EQ(s.value, 0);
  }
  EXPECT_EQ(results, (std::set<std::string>{"accepted", "duplicate", "bad_signature", "stale_timestamp",
                                            "malformed", "too_large", "storage_error"}));
}

TEST(SubledgerMetricsTest, WebhookRequestsCountByResult) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  for (int i = 0; i < 3; ++i) m.RecordWebhookRequest(WebhookOutcome::kAccepted);
  m.RecordWebhookRequest(WebhookOutcome::kDuplicate);
  m.RecordWebhookRequest(WebhookOutcome::kStorageError);
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_webhook_requests_total", {{"result", "accepted"}}).at(0).value, 3);
  EXPECT_EQ(Find(samples, "subledger_webhook_requests_total", {{"result", "duplicate"}}).at(0).value, 1);
  EXPECT_EQ(Find(samples, "subledger_webhook_requests_total", {{"result", "storage_error"}}).at(0).value, 1);
  EXPECT_EQ(Find(samples, "subledger_webhook_requests_total", {{"result", "bad_signature"}}).at(0).value, 0);
}

TEST(SubledgerMetricsTest, KnownEventTypesAreCountedByName) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.RecordEventReceived("invoice.paid");
  m.RecordEventReceived("invoice.paid");
  m.RecordEventReceived("customer.subscription.updated");
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "invoice.paid"}}).at(0).value, 2);
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "customer.subscription.updated"}}).at(0).value,
            1);
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "other"}}).at(0).value, 0);
}

TEST(SubledgerMetricsTest, TenThousandUnknownEventTypesMakeOneOtherSeries) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  for (int i = 0; i < 10000; ++i) m.RecordEventReceived("evil.type_" + std::to_string(i));
  m.RecordEventReceived("");
  m.RecordEventReceived("cus_123 {\"}\n");
  auto samples = ParseExposition(m.Serialize());
  auto by_type = Find(samples, "subledger_events_received_total");
  ASSERT_EQ(by_type.size(), 1u);
  EXPECT_EQ(by_type[0].labels.at("type"), "other");
  EXPECT_EQ(by_type[0].value, 10002);
}

TEST(SubledgerMetricsTest, EventsFromManyThreadsAreAllCounted) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < 5000; ++i) m.RecordEventReceived(i % 2 ? "invoice.paid" : "charge.succeeded");
    });
  }
  for (auto& t : threads) t.join();
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "invoice.paid"}}).size(), 1u);
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "invoice.paid"}}).at(0).value, 10000);
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "charge.succeeded"}}).at(0).value, 10000);
}

TEST(SubledgerMetricsTest, ScrapesDuringUpdatesSeeWholeSnapshots) {
  // Writers push snapshots where MRR and ARPA move together (ARPA = MRR / 10);
  // a scrape must never pair one snapshot's MRR with another's ARPA.
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(PopulatedFigures({"usd"}));
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      for (int64_t i = 1; !stop.load(); ++i) {
        BusinessFigures f = PopulatedFigures({"usd"});
        f.books[0].currencies[0].mrr = static_cast<double>((i * 2 + t) * 10);
        f.books[0].currencies[0].arpa = static_cast<double>(i * 2 + t);
        m.UpdateBusiness(f);
        m.RecordEventReceived("invoice.paid");
        m.RecordWebhookRequest(WebhookOutcome::kAccepted);
      }
    });
  }
  int checked = 0;
  for (int i = 0; i < 300; ++i) {
    auto samples = ParseExposition(m.Serialize());
    double mrr = Find(samples, "subledger_mrr_minor_units").at(0).value;
    double arpa = Find(samples, "subledger_arpa_minor_units").at(0).value;
    EXPECT_EQ(mrr, arpa * 10);
    ++checked;
  }
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_EQ(checked, 300);
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_events_received_total", {{"type", "invoice.paid"}}).at(0).value,
            Find(samples, "subledger_webhook_requests_total", {{"result", "accepted"}}).at(0).value);
}

TEST(SubledgerMetricsTest, HistogramsObserveLatencyAndBatchSize) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.ObserveAppendLatency(0.0007);
  m.ObserveAppendLatency(0.003);
  m.commit_observer()->OnBatchCommitted(30, 2, 2'000'000);
  m.commit_observer()->OnCommitFailed(Status::IOError("fsync: disk gone"));
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_append_latency_seconds_count").at(0).value, 2);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_append_latency_seconds_sum").at(0).value, 0.0037);
  EXPECT_EQ(Find(samples, "subledger_append_latency_seconds_bucket", {{"le", "0.001"}}).at(0).value, 1);
  EXPECT_EQ(Find(samples, "subledger_group_commit_batch_events_bucket", {{"le", "16"}}).at(0).value, 0);
  EXPECT_EQ(Find(samples, "subledger_group_commit_batch_events_bucket", {{"le", "32"}}).at(0).value, 1);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_group_commit_batch_events_sum").at(0).value, 32);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_group_commit_duration_seconds_sum").at(0).value, 0.002);
  EXPECT_EQ(Find(samples, "subledger_log_commit_failures_total").at(0).value, 1);
}

TEST(SubledgerMetricsTest, BuildInfoNamesVersionAndRevision) {
  SubledgerMetrics m(BuildInfo{"1.2.3", "deadbee"});
  auto info = Find(ParseExposition(m.Serialize()), "subledger_build_info");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].labels.at("version"), "1.2.3");
  EXPECT_EQ(info[0].labels.at("revision"), "deadbee");
  EXPECT_EQ(info[0].value, 1);
}

TEST(SubledgerMetricsTest, BusinessFiguresAreExportedPerCurrency) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(PopulatedFigures({"eur", "usd"}));
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_mrr_minor_units", {{"currency", "eur"}}).at(0).value, 12500);
  EXPECT_EQ(Find(samples, "subledger_mrr_minor_units", {{"currency", "usd"}}).at(0).value, 25000);
  EXPECT_EQ(Find(samples, "subledger_arpa_minor_units", {{"currency", "usd"}}).at(0).value, 2500);
  EXPECT_EQ(Find(samples, "subledger_subscriptions", {{"status", "active"}}).at(0).value, 10);
  EXPECT_EQ(Find(samples, "subledger_subscriptions", {{"status", "unpaid"}}).at(0).value, 0);
  EXPECT_EQ(Find(samples, "subledger_mrr_movements_minor_units",
                 {{"window", "previous_month"}, {"currency", "eur"}, {"kind", "new"}})
                .at(0)
                .value,
            200);
  EXPECT_EQ(Find(samples, "subledger_mrr_movements_minor_units", {{"currency", "usd"}}).size(), 12u);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_payment_success_ratio",
                        {{"window", "month_to_date"}, {"currency", "usd"}})
                       .at(0)
                       .value,
                   0.95);
  EXPECT_EQ(Find(samples, "subledger_payment_attempts_total", {{"currency", "eur"}, {"outcome", "failed"}}).at(0).value,
            60);
  EXPECT_EQ(Find(samples, "subledger_churn_movements_total", {{"currency", "eur"}, {"reason", "involuntary"}})
                .at(0)
                .value,
            4);
  EXPECT_EQ(Find(samples, "subledger_customers_churned",
                 {{"window", "month_to_date"}, {"currency", "eur"}, {"reason", "voluntary"}})
                .at(0)
                .value,
            3);
  EXPECT_EQ(Find(samples, "subledger_figures_as_of_timestamp_seconds").at(0).value, 1767225599);
}

TEST(SubledgerMetricsTest, AnUpdateReplacesTheLabelSetsOfThePreviousOne) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(PopulatedFigures({"eur", "usd"}));
  m.UpdateBusiness(PopulatedFigures({"usd"}));
  auto samples = ParseExposition(m.Serialize());
  for (const auto& s : samples) {
    auto it = s.labels.find("currency");
    if (it != s.labels.end()) {
      EXPECT_EQ(it->second, "usd") << s.name;
    }
  }
  EXPECT_EQ(Find(samples, "subledger_mrr_minor_units").size(), 1u);
}

TEST(SubledgerMetricsTest, AbsentRatiosAreNotExported) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  BusinessFigures f = PopulatedFigures({"usd"});
  f.books[0].currencies[0].month_to_date.payment_success_ratio.reset();
  f.books[0].currencies[0].arpa.reset();
  m.UpdateBusiness(f);
  auto samples = ParseExposition(m.Serialize());
  EXPECT_TRUE(Find(samples, "subledger_payment_success_ratio", {{"window", "month_to_date"}}).empty());
  EXPECT_EQ(Find(samples, "subledger_payment_success_ratio", {{"window", "previous_month"}}).size(), 1u);
  EXPECT_TRUE(Find(samples, "subledger_arpa_minor_units").empty());
}

TEST(SubledgerMetricsTest, InvalidCurrenciesFoldIntoOtherWithCountsOnly) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  BusinessFigures f = PopulatedFigures({"usd", "US$", "EUR"});
  m.UpdateBusiness(f);
  auto samples = ParseExposition(m.Serialize());
  // Money of different currencies is never combined: no MRR for "other"...
  EXPECT_TRUE(Find(samples, "subledger_mrr_minor_units", {{"currency", "other"}}).empty());
  EXPECT_TRUE(Find(samples, "subledger_payment_success_ratio", {{"currency", "other"}}).empty());
  // ...but counts are: both invalid rows' customers and payments add up.
  EXPECT_EQ(Find(samples, "subledger_paying_customers", {{"currency", "other"}}).at(0).value, 20);
  EXPECT_EQ(Find(samples, "subledger_payment_attempts_total", {{"currency", "other"}, {"outcome", "succeeded"}})
                .at(0)
                .value,
            1800);
  std::set<std::string> currencies;
  for (const auto& s : Find(samples, "subledger_paying_customers")) currencies.insert(s.labels.at("currency"));
  EXPECT_EQ(currencies, (std::set<std::string>{"other", "usd"}));
}

TEST(SubledgerMetricsTest, ThousandsOfCurrenciesAndStatusesStayBounded) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  BusinessFigures f;
  f.books.push_back(testing::PopulatedBook({}));
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) f.books[0].currencies.push_back(testing::PopulatedCurrency({'x', a, b}, 1));
  }
  f.books[0].subscriptions_by_status.clear();
  for (int i = 0; i < 5000; ++i) f.books[0].subscriptions_by_status["weird_" + std::to_string(i)] = 1;
  m.UpdateBusiness(f);
  auto samples = ParseExposition(m.Serialize());
  std::set<std::string> currencies;
  for (const auto& s : samples) {
    if (s.labels.count("currency")) currencies.insert(s.labels.at("currency"));
  }
  EXPECT_EQ(currencies.size(), kMaxCurrencyLabels);
  EXPECT_TRUE(currencies.count("other"));
  EXPECT_TRUE(currencies.count("xaa"));
  EXPECT_EQ(Find(samples, "subledger_paying_customers", {{"currency", "other"}}).at(0).value,
            10.0 * (26 * 26 - 63));
  EXPECT_EQ(Find(samples, "subledger_subscriptions", {{"status", "other"}}).at(0).value, 5000);
  EXPECT_EQ(Find(samples, "subledger_subscriptions").size(), 9u);
}

TEST(SubledgerMetricsTest, LogAndStorageSnapshotsAreExported) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateLog(testing::PopulatedLog());
  m.UpdateStorage(testing::PopulatedStorage());
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_log_events").at(0).value, 1234);
  EXPECT_EQ(Find(samples, "subledger_events_by_source", {{"source", "backfill"}}).at(0).value, 10);
  EXPECT_EQ(Find(samples, "subledger_projection_lag_events").at(0).value, 3);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_projection_lag_seconds").at(0).value, 0.25);
  EXPECT_EQ(Find(samples, "subledger_last_event_created_timestamp_seconds").at(0).value, 1767225599);
  EXPECT_EQ(Find(samples, "subledger_rocksdb_wal_syncs_total").at(0).value, 77);
  EXPECT_EQ(Find(samples, "subledger_log_healthy").at(0).value, 1);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_rocksdb_write_stall_seconds_total").at(0).value, 1.5);

  StorageFigures broken;
  broken.healthy = false;
  m.UpdateStorage(broken);
  samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_log_healthy").at(0).value, 0);
  EXPECT_TRUE(Find(samples, "subledger_rocksdb_sst_files_size_bytes").empty());
}

TEST(SubledgerMetricsTest, ReconcilerTotalsAreCounters) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  EXPECT_TRUE(Find(ParseExposition(m.Serialize()), "subledger_reconciler_passes_total").empty())
      << "nothing is exported before the daemon reports a reconciler";
  m.UpdateReconciler(testing::PopulatedReconciler());
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_reconciler_passes_total", {{"result", "ok"}}).at(0).value, 10);
  EXPECT_EQ(Find(samples, "subledger_reconciler_passes_total", {{"result", "failed"}}).at(0).value, 2);
  EXPECT_EQ(Find(samples, "subledger_reconciler_events_recovered_total").at(0).value, 7);
  EXPECT_EQ(Find(samples, "subledger_reconciler_events_listed_total").at(0).value, 4000);
  EXPECT_EQ(Find(samples, "subledger_reconciler_api_requests_total").at(0).value, 60);
  EXPECT_EQ(Find(samples, "subledger_reconciler_last_pass_timestamp_seconds").at(0).value, 1767225000);
}

TEST(SubledgerMetricsTest, NoLabelCarriesAnId) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(PopulatedFigures({"eur", "usd"}));
  m.UpdateLog(testing::PopulatedLog());
  m.UpdateStorage(testing::PopulatedStorage());
  m.UpdateReconciler(testing::PopulatedReconciler());
  for (int i = 0; i < 100; ++i) m.RecordEventReceived("customer.subscription.updated");
  std::set<std::string> allowed = {"currency", "window", "kind", "status", "outcome", "reason", "result", "type",
                                   "source", "le", "version", "revision", "account", "mode"};
  for (const auto& s : ParseExposition(m.Serialize())) {
    for (const auto& [k, v] : s.labels) {
      EXPECT_TRUE(allowed.count(k)) << s.name << " has label " << k;
      for (const char* prefix : {"cus_", "sub_", "evt_", "pi_", "in_"}) {
        EXPECT_NE(v.rfind(prefix, 0), 0u) << s.name << " " << k << "=" << v;
      }
      EXPECT_EQ(v.find('@'), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace subledger
