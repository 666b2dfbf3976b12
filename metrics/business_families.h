// BusinessFamilies: turns a BusinessFigures snapshot into the metric families
// subledger exports for it: per book the current figures (MRR, ARPA, paying
// customers, scheduled churn, past-due MRR, unpriced items, unresolved
// discounts), subscriptions by status, the figures' as-of time, the
// cumulative payment and churn counters, and the month_to_date /
// previous_month window families (metrics/window_families.h).
//
// Every business series carries `account` and `mode` (the book, see
// metrics/book_labels.h) and, except subscriptions by status and the as-of
// time, `currency`. Labels are bounded as metrics/business_rows.h describes;
// statuses go through SubscriptionStatusLabel.
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
