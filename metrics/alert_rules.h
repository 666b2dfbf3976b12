// GenerateAlertRules: the Prometheus alerting rules for a MonitoringSpec.
//
// For every alerting metric of the spec, two rules with the same alert name:
//  * severity "warning": the ratio has left the healthy range (e.g. healthy
//    ">= 95%" -> ratio < 0.95), `for:` the spec's for_warning;
//  * severity "critical": the ratio is past the critical bound (e.g. "< 90%"
//    -> ratio < 0.90), `for:` the spec's for_critical.
// Both only when the volume expression is at least min_volume, so a handful
// of events cannot page anyone: `(ratio) < 0.95 and (volume) >= 20`. Below
// the critical bound both fire; route with an Alertmanager inhibit rule
// (docs/metrics.md). Annotations carry the value ({{ $value }}), the
// thresholds as the spec writes them, the formula and the guard.
//
// The output is deterministic YAML (two-space indentation, every string
// single-quoted), so the committed metrics/alerts.yml can be compared with
// the generator's output byte for byte.
//
// Thread safety: pure function.
#pragma once

#include <string>

#include "metrics/monitoring_spec.h"

namespace subledger {

std::string GenerateAlertRules(const MonitoringSpec& spec);

// The PromQL comparison of a rule, e.g. "< 0.95".
std::string WarningComparison(const SpecMetric& metric);
std::string CriticalComparison(const SpecMetric& metric);

// A YAML single-quoted scalar: 'it''s'.
std::string YamlQuote(const std::string& s);

}  // namespace subledger
