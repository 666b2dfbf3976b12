// FamilyBuilder: assembles one prometheus::MetricFamily (name, HELP, type,
// samples) from values, for the metrics subledger exports from snapshots
// (business figures, log progress, storage health) rather than from live
// prometheus-cpp counters.
//
// Thread safety: a value; use from one thread.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/metric_family.h>
#include <prometheus/metric_type.h>

namespace subledger {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class FamilyBuilder {
 public:
  // `type` is Counter or Gauge.
  FamilyBuilder(std::string name, std::string help, prometheus::MetricType type);

  // Adds one sample with these labels.
  FamilyBuilder& Add(const MetricLabels& labels, double value);
  FamilyBuilder& Add(double value) { return Add(MetricLabels{}, value); }

  bool empty() const { return family_.metric.empty(); }
  // Appends the family to `out` unless it has no samples (a family without
  // samples is not exported).
  void MoveInto(std::vector<prometheus::MetricFamily>& out);

 private:
  prometheus::MetricFamily family_;
};

}  // namespace subledger
