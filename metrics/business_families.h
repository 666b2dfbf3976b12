// BusinessFamilies: turns a BusinessFigures snapshot into the metric families
// subledger exports for it (MRR, ARPA, customers, subscriptions by status,
// movements, churn and payment ratios, cumulative payment and churn counters).
//
// Labels are bounded: currencies go through AssignCurrencyLabels (at most 64
// values, "other" for invalid codes and those past the cap), statuses through
// SubscriptionStatusLabel. Rows labelled "other" export only counts (summed):
// money and ratios of different currencies cannot be combined, so none are
// exported for "other". Input rows are expected to be one per currency; a
// repeated currency row is folded into "other" too.
//
// The names, label sets and units are listed in docs/metrics.md.
// Thread safety: pure function.
#pragma once

#include <vector>

#include <prometheus/metric_family.h>

#include "metrics/business_figures.h"

namespace subledger {

std::vector<prometheus::MetricFamily> BusinessFamilies(const BusinessFigures& figures);

}  // namespace subledger
