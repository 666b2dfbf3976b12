// The monitoring spec's thresholds (metrics/monitoring-spec.yaml, embedded
// in the binary at build time) as bands to draw behind a rate chart and as a
// verdict for a single figure.
//
// A metric with `healthy` and `critical` bounds gets three bands, in ratio
// units (0–1): healthy from the healthy bound outwards, critical from the
// critical bound outwards, warning in between (the spec's `warning` band
// spans exactly that range; the parser checks it). A metric without
// thresholds (NRR, GRR, trial conversion: the spec tracks none) has none.
//
// Thread safety: pure functions; the embedded spec is parsed once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace subledger::dashboard {

enum class Health { kHealthy, kWarning, kCritical };

struct Band {
  double low = 0, high = 0;  // ratio units, low < high
  Health health = Health::kHealthy;
  std::string text;  // the spec's words, e.g. "healthy >= 95%"
};

// The spec's key: "payment_success_rate", "churn_rate",
// "involuntary_churn", "webhook_delivery_rate". `axis_low`..`axis_high` is
// the chart's range; bands are clipped to it. Empty for an unknown metric or
// one without thresholds.
std::vector<Band> SpecBands(std::string_view metric, double axis_low, double axis_high);

// Where a ratio falls; nullopt for a null ratio or a metric without thresholds.
std::optional<Health> Classify(std::string_view metric, const std::optional<double>& ratio);

// "healthy", "warning", "critical" (CSS classes and legends).
const char* HealthName(Health health);

// The embedded metrics/monitoring-spec.yaml (generated at build time).
std::string_view EmbeddedMonitoringSpec();

}  // namespace subledger::dashboard
