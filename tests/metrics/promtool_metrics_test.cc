// `promtool check metrics` (Prometheus's own linter) must have nothing to say
// about a fully populated /metrics page.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "metrics/label_values.h"
#include "metrics/subledger_metrics.h"
#include "tests/metrics/exposition.h"

namespace subledger {
namespace {

std::string PopulatedPage() {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(testing::PopulatedFigures({"eur", "jpy", "usd", "BAD"}));
  m.UpdateLog(testing::PopulatedLog());
  m.UpdateStorage(testing::PopulatedStorage());
  m.UpdateReconciler(testing::PopulatedReconciler());
  m.DeclareWorkflow("dunning");
  m.RecordWorkflowRun("dunning", "failed");
  m.RecordWorkflowRun("not-declared", "succeeded");
  m.ObserveWorkflowStep("send-email", 0.02);
  m.RecordWorkflowEmail(true);
  m.SetWorkflowTimersPending(2);
  for (int r = 0; r < 7; ++r) m.RecordWebhookRequest(static_cast<WebhookOutcome>(r));
  m.RecordEventReceived("invoice.paid");
  m.RecordEventReceived("unknown.type");
  m.ObserveAppendLatency(0.001);
  m.ObserveGroupCommit(12, 0.0008);
  m.RecordCommitFailure();
  return m.Serialize();
}

TEST(PromtoolMetricsTest, PromtoolCheckMetricsReportsNothing) {
  std::string page = PopulatedPage();
  auto scratch = std::filesystem::temp_directory_path() / ("subledger_metrics_page_" + std::to_string(::getpid()));
  auto [status, output] = testing::RunWithInput("promtool check metrics", page, scratch.string());
  std::filesystem::remove(scratch);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "") << "promtool check metrics complained about:\n" << output;
}

TEST(PromtoolMetricsTest, PromtoolCheckMetricsCatchesABadPage) {
  // The harness itself must be able to fail: a counter without _total and a
  // family without HELP are reported.
  std::string bad = "# TYPE subledger_bad counter\nsubledger_bad 1\n";
  auto scratch = std::filesystem::temp_directory_path() / ("subledger_metrics_bad_" + std::to_string(::getpid()));
  auto [status, output] = testing::RunWithInput("promtool check metrics", bad, scratch.string());
  std::filesystem::remove(scratch);
  EXPECT_NE(output, "");
}

TEST(PromtoolMetricsTest, EveryFamilyHasHelpAndType) {
  std::string page = PopulatedPage();
  std::set<std::string> help, type;
  std::istringstream in(page);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) help.insert(line.substr(7, line.find(' ', 7) - 7));
    if (line.rfind("# TYPE ", 0) == 0) type.insert(line.substr(7, line.find(' ', 7) - 7));
  }
  EXPECT_EQ(help, type);
  EXPECT_GT(help.size(), 40u);
  for (const std::string& name : help) EXPECT_EQ(name.rfind("subledger_", 0), 0u) << name;
}

TEST(PromtoolMetricsTest, MoneyHelpNamesTheUnitAndForbidsSummingCurrencies) {
  std::istringstream in(PopulatedPage());
  std::string line;
  int money = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) != 0 || line.find("_minor_units ") == std::string::npos) continue;
    ++money;
    EXPECT_NE(line.find("minor units of the currency"), std::string::npos) << line;
    EXPECT_NE(line.find("never sum across currencies"), std::string::npos) << line;
  }
  EXPECT_GE(money, 7);
}

// Scrape cost at scale: the figures are per currency, so 100k subscriptions
// produce the same page size as 10; what grows is the number of currencies.
// Prints the cost of a scrape with every label set at its cap; asserts only
// the content.
TEST(PromtoolMetricsTest, ScrapeCostAtCapacity) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  BusinessFigures f;
  f.books.push_back(testing::PopulatedBook({}));
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'c'; ++b) f.books[0].currencies.push_back(testing::PopulatedCurrency({'x', a, b}, 4000));
  }
  f.books[0].subscriptions_by_status = {{"active", 100000}, {"canceled", 25000}, {"past_due", 1500}};
  auto t0 = std::chrono::steady_clock::now();
  m.UpdateBusiness(f);
  auto t1 = std::chrono::steady_clock::now();
  for (auto type : KnownEventTypes()) m.RecordEventReceived(type);
  m.UpdateLog(testing::PopulatedLog());
  m.UpdateStorage(testing::PopulatedStorage());
  std::string page;
  const int scrapes = 200;
  auto t2 = std::chrono::steady_clock::now();
  for (int i = 0; i < scrapes; ++i) page = m.Serialize();
  auto t3 = std::chrono::steady_clock::now();
  auto us = [](auto d) { return std::chrono::duration<double, std::micro>(d).count(); };
  size_t series = testing::ParseExposition(page).size();
  std::printf("[ metrics ] UpdateBusiness(%zu currencies): %.0f us; Serialize: %.0f us/scrape, %zu series, %zu bytes\n",
              f.books[0].currencies.size(), us(t1 - t0), us(t3 - t2) / scrapes, series, page.size());
  EXPECT_GT(series, 2000u);
  EXPECT_EQ(testing::Find(testing::ParseExposition(page), "subledger_subscriptions", {{"status", "active"}})
                .at(0)
                .value,
            100000);
}

}  // namespace
}  // namespace subledger
