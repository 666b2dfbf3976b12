#include "metrics/family_builder.h"

namespace subledger {

FamilyBuilder::FamilyBuilder(std::string name, std::string help, prometheus::MetricType type) {
  family_.name = std::move(name);
  family_.help = std::move(help);
  family_.type = type;
}

FamilyBuilder& FamilyBuilder::Add(const MetricLabels& labels, double value) {
  prometheus::ClientMetric metric;
  metric.label.reserve(labels.size());
  for (const auto& [name, label_value] : labels) metric.label.push_back({name, label_value});
  if (family_.type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family_.metric.push_back(std::move(metric));
  return *this;
}

void FamilyBuilder::MoveInto(std::vector<prometheus::MetricFamily>& out) {
  if (family_.metric.empty()) return;
  out.push_back(std::move(family_));
  family_.metric.clear();
}

}  // namespace subledger
