// Every metric the shipped Grafana dashboard, the generated alert rules and
// the monitoring spec query exists on a populated /metrics page, with the
// labels and label values the queries select on.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "metrics/subledger_metrics.h"
#include "tests/metrics/exposition.h"

namespace subledger {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<testing::Sample> PopulatedSamples() {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(testing::PopulatedFigures({"eur", "usd"}));
  m.UpdateLog(testing::PopulatedLog());
  m.UpdateStorage(testing::PopulatedStorage());
  m.UpdateReconciler(testing::PopulatedReconciler());
  m.RecordWebhookRequest(WebhookOutcome::kAccepted);
  m.RecordEventReceived("invoice.paid");
  m.ObserveAppendLatency(0.001);
  m.ObserveGroupCommit(3, 0.001);
  m.DeclareWorkflow("dunning");
  m.RecordWorkflowRun("dunning", "failed");
  m.ObserveWorkflowStep("send-email", 0.02);
  m.RecordWorkflowEmail(true);
  m.SetWorkflowTimersPending(2);
  return testing::ParseExposition(m.Serialize());
}

void CollectQueries(const nlohmann::json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if ((it.key() == "expr" || it.key() == "query" || it.key() == "definition") && it.value().is_string()) {
        out.push_back(it.value().get<std::string>());
      } else {
        CollectQueries(it.value(), out);
      }
    }
  } else if (j.is_array()) {
    for (const auto& v : j) CollectQueries(v, out);
  }
}

// Checks every subledger_* name in `text` and every label matcher on it.
void CheckQueryText(const std::string& where, const std::string& text, const std::vector<testing::Sample>& samples,
                    std::set<std::string>& names_seen) {
  std::set<std::string> exported;
  for (const auto& s : samples) exported.insert(s.name);
  static const std::regex name_re("subledger_[a-z0-9_]+");
  for (std::sregex_iterator it(text.begin(), text.end(), name_re), end; it != end; ++it) {
    names_seen.insert(it->str());
    EXPECT_TRUE(exported.count(it->str())) << where << " uses " << it->str() << ", which /metrics does not export";
  }
  static const std::regex selector_re("(subledger_[a-z0-9_]+)\\{([^}]*)\\}");
  static const std::regex matcher_re("([a-z_]+)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");
  for (std::sregex_iterator it(text.begin(), text.end(), selector_re), end; it != end; ++it) {
    std::string name = (*it)[1], body = (*it)[2];
    for (std::sregex_iterator m(body.begin(), body.end(), matcher_re); m != end; ++m) {
      std::string label = (*m)[1], op = (*m)[2], value = (*m)[3];
      bool found = false;
      for (const auto& s : testing::Find(samples, name)) {
        auto l = s.labels.find(label);
        if (l == s.labels.end()) continue;
        if (op != "=" || value.find('$') != std::string::npos || l->second == value) found = true;
      }
      EXPECT_TRUE(found) << where << ": " << name << " has no series with " << label
                         << (op == "=" ? "=\"" + value + "\"" : std::string(" label"));
    }
  }
}

TEST(DashboardNamesTest, GrafanaDashboardQueriesNameExportedMetrics) {
  auto samples = PopulatedSamples();
  auto dashboard = nlohmann::json::parse(ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/grafana-dashboard.json"));
  std::vector<std::string> queries;
  CollectQueries(dashboard, queries);
  ASSERT_GT(queries.size(), 30u);
  std::set<std::string> seen;
  for (const std::string& q : queries) CheckQueryText("grafana-dashboard.json", q, samples, seen);
  // The panels: MRR by currency, movements, churn, payment success, webhook results, lag.
  for (const char* must : {"subledger_mrr_minor_units", "subledger_mrr_movements_minor_units",
                           "subledger_subscription_churn_ratio", "subledger_payment_attempts_total",
                           "subledger_webhook_requests_total", "subledger_projection_lag_events",
                           // revenue model v2: trials, growth, retention, data quality
                           "subledger_trials", "subledger_trial_conversion_ratio", "subledger_quick_ratio",
                           "subledger_net_mrr_retention_ratio", "subledger_gross_mrr_retention_ratio",
                           "subledger_unresolved_discounts", "subledger_projection_healthy",
                           "subledger_projection_implausible_events"}) {
    EXPECT_TRUE(seen.count(must)) << "the dashboard has no panel on " << must;
  }
}

// Business panels are per book: the dashboard lets one choose the account and
// mode, and every query on a series that has those labels selects on them.
TEST(DashboardNamesTest, BusinessPanelsSelectTheBook) {
  auto samples = PopulatedSamples();
  std::set<std::string> per_book;
  for (const auto& s : samples) {
    if (s.labels.count("account") && s.labels.count("mode")) per_book.insert(s.name);
  }
  auto dashboard = nlohmann::json::parse(ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/grafana-dashboard.json"));
  std::set<std::string> variables;
  for (const auto& v : dashboard["templating"]["list"]) variables.insert(v["name"].get<std::string>());
  EXPECT_TRUE(variables.count("account") && variables.count("mode") && variables.count("currency"));
  std::vector<std::string> queries;
  CollectQueries(dashboard["panels"], queries);
  static const std::regex selector_re("(subledger_[a-z0-9_]+)(\\{[^}]*\\})?");
  int checked = 0;
  for (const std::string& q : queries) {
    for (std::sregex_iterator it(q.begin(), q.end(), selector_re), end; it != end; ++it) {
      if (!per_book.count((*it)[1])) continue;
      ++checked;
      const std::string selector = (*it)[2];
      EXPECT_NE(selector.find("account=~\"$account\""), std::string::npos) << q;
      EXPECT_NE(selector.find("mode=~\"$mode\""), std::string::npos) << q;
    }
  }
  EXPECT_GT(checked, 25);
}

TEST(DashboardNamesTest, AlertRulesAndSpecNameExportedMetrics) {
  auto samples = PopulatedSamples();
  std::set<std::string> seen;
  CheckQueryText("alerts.yml", ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/alerts.yml"), samples, seen);
  CheckQueryText("monitoring-spec.yaml", ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/monitoring-spec.yaml"), samples, seen);
  EXPECT_GE(seen.size(), 8u);
}

TEST(DashboardNamesTest, TheCheckCatchesAMisspelledMetricOrLabelValue) {
  auto samples = PopulatedSamples();
  std::set<std::string> seen;
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    CheckQueryText("probe", "rate(subledger_mrr_cents[5m])", samples, seen);
    CheckQueryText("probe", "subledger_payment_attempts_total{outcome=\"success\"}", samples, seen);
    CheckQueryText("probe", "subledger_mrr_minor_units{curency=~\".*\"}", samples, seen);
  }
  EXPECT_EQ(failures.size(), 3);
}

}  // namespace
}  // namespace subledger
