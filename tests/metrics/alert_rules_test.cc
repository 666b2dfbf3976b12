// The alert rule generator, and the committed metrics/alerts.yml being
// exactly what it generates from the committed spec.
#include "metrics/alert_rules.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace subledger {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

MonitoringSpec CommittedSpec() {
  auto spec = ParseMonitoringSpec(ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/monitoring-spec.yaml"));
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  return spec.ok() ? *spec : MonitoringSpec{};
}

TEST(AlertRulesTest, CommittedAlertsYmlIsTheGeneratorsOutput) {
  std::string committed = ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/alerts.yml");
  std::string generated = GenerateAlertRules(CommittedSpec());
  ASSERT_FALSE(generated.empty());
  EXPECT_EQ(committed, generated)
      << "metrics/alerts.yml is stale: run `subledger alerts --spec metrics/monitoring-spec.yaml "
         "--out metrics/alerts.yml`";
}

TEST(AlertRulesTest, EachAlertingMetricGetsAWarningAndACriticalRuleWithOneName) {
  MonitoringSpec spec = CommittedSpec();
  std::string rules = GenerateAlertRules(spec);
  for (const SpecMetric& m : spec.metrics) {
    std::regex rule("- alert: " + m.alert + "\n(?:[^\n]*\n){3}          severity: (warning|critical)\n");
    std::vector<std::string> severities;
    for (std::sregex_iterator it(rules.begin(), rules.end(), rule), end; it != end; ++it) {
      severities.push_back((*it)[1]);
    }
    if (m.alerting()) {
      EXPECT_EQ(severities, (std::vector<std::string>{"warning", "critical"})) << m.name;
    } else {
      EXPECT_TRUE(severities.empty()) << m.name;
    }
  }
}

TEST(AlertRulesTest, ComparisonsFollowTheSpecsThresholds) {
  MonitoringSpec spec = CommittedSpec();
  std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"payment_success_rate", {"< 0.95", "< 0.9"}},
      {"webhook_delivery_rate", {"< 0.995", "< 0.99"}},
      {"churn_rate", {">= 0.05", "> 0.1"}},
      {"involuntary_churn", {">= 0.3", "> 0.5"}},
      {"webhook_signature_failures", {">= 0.1", "> 0.5"}},
      {"workflow_run_failures", {">= 0.05", "> 0.2"}},
  };
  for (const SpecMetric& m : spec.metrics) {
    if (!m.alerting()) continue;
    ASSERT_TRUE(expected.count(m.name)) << m.name;
    EXPECT_EQ(WarningComparison(m), expected[m.name].first) << m.name;
    EXPECT_EQ(CriticalComparison(m), expected[m.name].second) << m.name;
    expected.erase(m.name);
  }
  EXPECT_TRUE(expected.empty());
}

TEST(AlertRulesTest, EveryRuleCarriesTheVolumeGuardValueAndThreshold) {
  MonitoringSpec spec;
  spec.group = "g";
  SpecMetric m;
  m.name = "x_rate";
  m.calculation = "good / all × 100";
  m.healthy = *ParseSpecThreshold(">= 80%");
  m.critical = *ParseSpecThreshold("< 50%");
  m.alert = "XRateLow";
  m.title = "X rate";
  m.ratio = "good / all";
  m.volume = "sum(all)";
  m.min_volume = 7;
  m.volume_unit = "things";
  m.for_warning = "10m";
  m.for_critical = "2m";
  spec.metrics.push_back(m);
  std::string rules = GenerateAlertRules(spec);
  EXPECT_NE(rules.find("expr: '(good / all) < 0.8 and (sum(all)) >= 7'\n        for: 10m\n"), std::string::npos)
      << rules;
  EXPECT_NE(rules.find("expr: '(good / all) < 0.5 and (sum(all)) >= 7'\n        for: 2m\n"), std::string::npos);
  EXPECT_NE(rules.find("summary: 'X rate is {{ $value | humanizePercentage }}, below the healthy bound 80% (warning)'"),
            std::string::npos);
  EXPECT_NE(rules.find("summary: 'X rate is {{ $value | humanizePercentage }}, below 50% (critical)'"),
            std::string::npos);
  EXPECT_NE(rules.find("Thresholds: healthy >= 80%, critical < 50%. Current value {{ $value }} (ratio 0-1)."
                       " Only evaluated with at least 7 things."),
            std::string::npos);
  EXPECT_EQ(rules, GenerateAlertRules(spec)) << "output must be deterministic";
}

TEST(AlertRulesTest, YamlQuoteDoublesSingleQuotes) {
  EXPECT_EQ(YamlQuote("it's"), "'it''s'");
  EXPECT_EQ(YamlQuote("{x=\"1\"}"), "'{x=\"1\"}'");
  EXPECT_EQ(YamlQuote(""), "''");
}

}  // namespace
}  // namespace subledger
