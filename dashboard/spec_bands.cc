#include "dashboard/spec_bands.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "metrics/monitoring_spec.h"

namespace subledger::dashboard {
namespace {

const MonitoringSpec& Spec() {
  static const MonitoringSpec spec = [] {
    auto parsed = ParseMonitoringSpec(EmbeddedMonitoringSpec());
    // The same file is parsed by `subledger alerts` and its tests: a broken
    // spec fails there; here it only means no bands.
    return parsed.ok() ? std::move(parsed).value() : MonitoringSpec{};
  }();
  return spec;
}

const SpecMetric* Find(std::string_view name) {
  for (const SpecMetric& m : Spec().metrics) {
    if (m.name == name && m.healthy && m.critical) return &m;
  }
  return nullptr;
}

// Does `ratio` (0–1) satisfy "OP N%"?
bool Holds(const SpecThreshold& t, double ratio) {
  const double bound = t.percent / 100;
  switch (t.op) {
    case SpecThreshold::Op::kLess: return ratio < bound;
    case SpecThreshold::Op::kLessOrEqual: return ratio <= bound;
    case SpecThreshold::Op::kGreater: return ratio > bound;
    case SpecThreshold::Op::kGreaterOrEqual: return ratio >= bound;
  }
  return false;
}

}  // namespace

std::vector<Band> SpecBands(std::string_view metric, double axis_low, double axis_high) {
  const SpecMetric* m = Find(metric);
  if (m == nullptr) return {};
  const double healthy = m->healthy->percent / 100, critical = m->critical->percent / 100;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<Band> raw;
  if (m->low_is_bad()) {
    raw = {{healthy, kInf, Health::kHealthy, "healthy " + m->healthy->text},
           {critical, healthy, Health::kWarning, "warning"},
           {-kInf, critical, Health::kCritical, "critical " + m->critical->text}};
  } else {
    raw = {{-kInf, healthy, Health::kHealthy, "healthy " + m->healthy->text},
           {healthy, critical, Health::kWarning, "warning"},
           {critical, kInf, Health::kCritical, "critical " + m->critical->text}};
  }
  char between[64];
  std::snprintf(between, sizeof between, "warning %g-%g%%", std::min(m->healthy->percent, m->critical->percent),
                std::max(m->healthy->percent, m->critical->percent));
  raw[1].text = m->warning ? "warning " + m->warning->text : between;
  std::vector<Band> out;
  for (Band b : raw) {
    b.low = std::max(b.low, axis_low);
    b.high = std::min(b.high, axis_high);
    if (b.low < b.high) out.push_back(b);
  }
  return out;
}

std::optional<Health> Classify(std::string_view metric, const std::optional<double>& ratio) {
  const SpecMetric* m = Find(metric);
  if (m == nullptr || !ratio) return std::nullopt;
  if (Holds(*m->healthy, *ratio)) return Health::kHealthy;
  return Holds(*m->critical, *ratio) ? Health::kCritical : Health::kWarning;
}

const char* HealthName(Health health) {
  switch (health) {
    case Health::kHealthy: return "healthy";
    case Health::kWarning: return "warning";
    case Health::kCritical: return "critical";
  }
  return "healthy";
}

}  // namespace subledger::dashboard
