// The monitoring spec: the dashboard's thresholds read as written, checked
// for consistency, and the committed spec carrying the dashboard's numbers.
#include "metrics/monitoring_spec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace subledger {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const SpecMetric* FindMetric(const MonitoringSpec& spec, const std::string& name) {
  for (const SpecMetric& m : spec.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

TEST(SpecThresholdTest, ParsesTheDashboardsStrings) {
  auto t = ParseSpecThreshold(">= 99.5%");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->op, SpecThreshold::Op::kGreaterOrEqual);
  EXPECT_EQ(t->percent, 99.5);
  t = ParseSpecThreshold("< 5% monthly");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->op, SpecThreshold::Op::kLess);
  EXPECT_EQ(t->percent, 5);
  EXPECT_EQ(t->text, "< 5% monthly");
  t = ParseSpecThreshold("> 10%");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->op, SpecThreshold::Op::kGreater);
  auto b = ParseSpecBand("90-95%");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->low_percent, 90);
  EXPECT_EQ(b->high_percent, 95);
}

TEST(SpecThresholdTest, RejectsWhatIsNotAThreshold) {
  for (const char* bad : {"95%", "= 95%", ">= 95", ">= x%", ">= 101%", ">= 9.5.1%", ">= .5%", ">= 95%x", ""}) {
    EXPECT_FALSE(ParseSpecThreshold(bad).ok()) << bad;
  }
  for (const char* bad : {"95-90%", "90-95", "90%", "90-101%", "-95%", "a-b%"}) {
    EXPECT_FALSE(ParseSpecBand(bad).ok()) << bad;
  }
}

TEST(MonitoringSpecTest, TheCommittedSpecKeepsTheDashboardsNumbers) {
  auto spec = ParseMonitoringSpec(ReadFile(SUBLEDGER_SOURCE_DIR "/metrics/monitoring-spec.yaml"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();

  const SpecMetric* pay = FindMetric(*spec, "payment_success_rate");
  ASSERT_TRUE(pay && pay->alerting());
  EXPECT_EQ(pay->healthy->text, ">= 95%");
  EXPECT_EQ(pay->warning->text, "90-95%");
  EXPECT_EQ(pay->critical->text, "< 90%");
  EXPECT_EQ(pay->calculation, "successful_payments / total_attempts \xc3\x97 100");
  EXPECT_TRUE(pay->low_is_bad());
  ASSERT_EQ(pay->also_covers.size(), 1u);
  EXPECT_EQ(pay->also_covers[0], "Monitoring: alert on payment failure rate > 5%");

  const SpecMetric* hook = FindMetric(*spec, "webhook_delivery_rate");
  ASSERT_TRUE(hook && hook->alerting());
  EXPECT_EQ(hook->healthy->percent, 99.5);
  EXPECT_EQ(hook->critical->text, "< 99%");
  EXPECT_EQ(hook->also_covers.at(0), "Monitoring: alert on webhook delivery failures");

  // A wrong secret fails every delivery's signature, which the delivery rate
  // (signed deliveries only) cannot see: the checklist item is covered twice.
  const SpecMetric* signatures = FindMetric(*spec, "webhook_signature_failures");
  ASSERT_TRUE(signatures && signatures->alerting());
  EXPECT_EQ(signatures->also_covers.at(0), "Monitoring: alert on webhook delivery failures");
  EXPECT_FALSE(signatures->critical_source.empty());
  EXPECT_NE(signatures->note.find("not in the dashboard"), std::string::npos);

  const SpecMetric* churn = FindMetric(*spec, "churn_rate");
  ASSERT_TRUE(churn && churn->alerting());
  EXPECT_EQ(churn->healthy->text, "< 5% monthly");
  EXPECT_EQ(churn->warning->text, "5-10%");
  EXPECT_EQ(churn->critical->text, "> 10%");
  EXPECT_FALSE(churn->low_is_bad());

  const SpecMetric* invol = FindMetric(*spec, "involuntary_churn");
  ASSERT_TRUE(invol && invol->alerting());
  EXPECT_EQ(invol->healthy->text, "< 30%");
  EXPECT_FALSE(invol->critical_source.empty()) << "the critical bound is ours, so the spec must say whose it is";

  for (const char* tracked : {"average_revenue_per_user", "monthly_recurring_revenue"}) {
    const SpecMetric* m = FindMetric(*spec, tracked);
    ASSERT_TRUE(m) << tracked;
    EXPECT_FALSE(m->alerting());
    EXPECT_FALSE(m->track.empty());
    EXPECT_FALSE(m->prometheus_metrics.empty());
  }
  for (const SpecMetric& m : spec->metrics) {
    if (!m.alerting()) continue;
    EXPECT_GE(m.min_volume, 10) << m.name << ": a guard this low lets a handful of events page someone";
  }
}

// A minimal valid spec with one metric; `extra` lines are appended inside it.
std::string OneMetric(const std::string& thresholds, const std::string& extra = "") {
  return "group: g\nmetrics:\n  m:\n" + thresholds +
         "    alert: A\n    title: T\n    ratio: 'r'\n    volume: 'v'\n    min_volume: 20\n"
         "    volume_unit: things\n    for_warning: 15m\n    for_critical: 5m\n" + extra;
}

std::string ErrorOf(const std::string& yaml) {
  auto spec = ParseMonitoringSpec(yaml);
  EXPECT_FALSE(spec.ok()) << yaml;
  return spec.ok() ? "" : spec.status().message();
}

TEST(MonitoringSpecTest, AValidMinimalSpecParses) {
  auto spec = ParseMonitoringSpec(OneMetric("    healthy: \">= 95%\"\n    critical: \"< 90%\"\n"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->group, "g");
  EXPECT_EQ(spec->metrics.at(0).min_volume, 20);
  EXPECT_FALSE(spec->metrics.at(0).warning.has_value());
}

TEST(MonitoringSpecTest, InconsistentThresholdsAreRejected) {
  EXPECT_NE(ErrorOf(OneMetric("    healthy: \">= 95%\"\n    critical: \"> 90%\"\n"))
                .find("metric m: critical '> 90%' is not on the bad side of healthy '>= 95%'"),
            std::string::npos);
  EXPECT_NE(ErrorOf(OneMetric("    healthy: \">= 90%\"\n    critical: \"< 95%\"\n")).find("not on the bad side"),
            std::string::npos);
  EXPECT_NE(ErrorOf(OneMetric("    healthy: \">= 95%\"\n    warning: \"85-95%\"\n    critical: \"< 90%\"\n"))
                .find("warning band '85-95%' does not span from healthy '>= 95%' to critical '< 90%'"),
            std::string::npos);
  EXPECT_NE(ErrorOf(OneMetric("    healthy: \"< 5%\"\n    warning: \"5-11%\"\n    critical: \"> 10%\"\n"))
                .find("does not span"),
            std::string::npos);
}

TEST(MonitoringSpecTest, MissingOrBadFieldsAreRejected) {
  EXPECT_NE(ErrorOf(OneMetric("    healthy: \">= 95%\"\n")).find("missing 'critical'"), std::string::npos);
  EXPECT_NE(ErrorOf("group: g\nmetrics:\n  m:\n    healthy: \">= 95%\"\n    critical: \"< 90%\"\n")
                .find("missing 'alert'"),
            std::string::npos);
  std::string spec = OneMetric("    healthy: \">= 95%\"\n    critical: \"< 90%\"\n");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = spec;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_NE(ErrorOf(with("for_warning: 15m", "for_warning: 15 minutes")).find("not a Prometheus duration"),
            std::string::npos);
  EXPECT_NE(ErrorOf(with("min_volume: 20", "min_volume: 0")).find("min_volume must be a number >= 1"),
            std::string::npos);
  EXPECT_NE(ErrorOf(with("min_volume: 20", "min_volume: many")).find("min_volume"), std::string::npos);
  EXPECT_NE(ErrorOf(with("alert: A", "alert: Bad-Name")).find("not a valid Prometheus name"), std::string::npos);
  EXPECT_NE(ErrorOf("metrics:\n  m:\n    track: x\n").find("missing 'group'"), std::string::npos);
  EXPECT_NE(ErrorOf("group: g\nmetrics:\n  m:\n    calculation: x\n").find("needs thresholds"), std::string::npos);
  EXPECT_NE(ErrorOf(spec + "checklist:\n  item:\n    text: t\n    covered_by: nothing\n")
                .find("'nothing' is not an alerting metric"),
            std::string::npos);
  EXPECT_NE(ErrorOf(spec + "checklist:\n  item:\n    text: t\n    covered_by: m nothing\n")
                .find("'nothing' is not an alerting metric"),
            std::string::npos);
  EXPECT_NE(ErrorOf(spec + "checklist:\n  item:\n    text: t\n    covered_by: ' '\n").find("names no metric"),
            std::string::npos);
}

}  // namespace
}  // namespace subledger
