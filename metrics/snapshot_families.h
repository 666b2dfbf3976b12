// LogFamilies / StorageFamilies: the metric families for the log's progress
// (events in the log, by source, projection lag and health, implausible
// events, last event times) and for
// RocksDB health, and for the reconciliation against Stripe's /v1/events. See docs/metrics.md for names and units.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <prometheus/metric_family.h>

#include "metrics/business_figures.h"

namespace subledger {

std::vector<prometheus::MetricFamily> LogFamilies(const LogFigures& figures);
std::vector<prometheus::MetricFamily> StorageFamilies(const StorageFigures& figures);
std::vector<prometheus::MetricFamily> ReconcilerFamilies(const ReconcilerFigures& figures);

// Renders families in the text exposition format, each family's series sorted
// by labels so the output is deterministic.
std::string RenderFamilies(std::vector<prometheus::MetricFamily> families);

}  // namespace subledger
