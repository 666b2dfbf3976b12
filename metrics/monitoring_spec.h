// MonitoringSpec: metrics/monitoring-spec.yaml read into values.
//
// The spec keeps the "Key Metrics Dashboard" of the production-engineering
// guide recognisable: each metric has the dashboard's own name, calculation
// and threshold strings (healthy ">= 95%", warning "90-95%", critical
// "< 90%"), and adds what Prometheus needs: the PromQL ratio (0–1) it maps
// to, the volume expression and minimum volume that guard it, `for:`
// durations and the alert name. Metrics without thresholds (tracked only)
// carry `track:` and generate no alert.
//
// Threshold strings are parsed, not copied: "OP N% [words]" with OP one of
// >= > <= < (e.g. "< 5% monthly"), and the warning band "A-B%". The parser
// checks the numbers agree: the critical bound lies on the bad side of the
// healthy bound, and a warning band spans exactly from one to the other.
//
// Thread safety: values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/status.h"

namespace subledger {

struct SpecThreshold {
  enum class Op { kLess, kLessOrEqual, kGreater, kGreaterOrEqual };
  Op op = Op::kLess;
  double percent = 0;  // as written: 95 for "95%"
  std::string text;    // the spec's string, verbatim
};

struct SpecBand {
  double low_percent = 0;
  double high_percent = 0;
  std::string text;
};

struct SpecMetric {
  std::string name;         // the dashboard's key, e.g. "payment_success_rate"
  std::string calculation;  // the dashboard's formula text
  std::string track;        // for tracked-only metrics
  std::string note;         // shown in the alerts' descriptions
  std::vector<std::string> prometheus_metrics;  // names of the metrics it maps to (`metric:`)
  // Alerting; present when `healthy` and `critical` are.
  std::optional<SpecThreshold> healthy;
  std::optional<SpecBand> warning;
  std::optional<SpecThreshold> critical;
  std::string critical_source;  // who set the critical bound when the dashboard gives none
  std::string alert;            // alert name, e.g. "SubledgerPaymentSuccessRateLow"
  std::string title;            // human name used in annotations (may use {{ $labels.x }})
  std::string ratio;            // PromQL, value 0–1
  std::string volume;           // PromQL, the guard's volume
  double min_volume = 0;
  std::string volume_unit;      // "payment attempts in the last hour"
  std::string for_warning;      // Prometheus durations, e.g. "15m"
  std::string for_critical;
  std::vector<std::string> also_covers;  // checklist items this alert answers

  bool alerting() const { return healthy.has_value(); }
  // True when lower values are worse (healthy is ">= x" or "> x").
  bool low_is_bad() const;
};

struct MonitoringSpec {
  std::string group;  // Prometheus rule group name
  std::string source; // where the thresholds come from
  std::vector<SpecMetric> metrics;  // file order
};

// Errors are kInvalidArgument naming the line and the metric.
Result<MonitoringSpec> ParseMonitoringSpec(std::string_view yaml_text);

// "OP N% [words]", e.g. ">= 99.5%", "< 5% monthly".
Result<SpecThreshold> ParseSpecThreshold(std::string_view text);
// "A-B%", e.g. "90-95%".
Result<SpecBand> ParseSpecBand(std::string_view text);

}  // namespace subledger
