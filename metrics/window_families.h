// WindowFamilies: the business families of the two calendar-month windows
// (month_to_date, previous_month): MRR movements and MRR at the window's
// start, customers and subscriptions at its start and churned, payments and
// their amounts, trials, and the ratios (churn, payment success, trial
// conversion, quick ratio, net and gross MRR retention).
//
// Labels: window, currency, account, mode (+ kind / reason / outcome where
// the family has one). "other" currency rows export counts only; a ratio
// whose denominator is 0 (nullopt) is not exported. Names in docs/metrics.md.
//
// Thread safety: pure function.
#pragma once

#include <vector>

#include <prometheus/metric_family.h>

#include "metrics/business_rows.h"

namespace subledger {

// Appends the window families of `rows` to `out`.
void WindowFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out);

}  // namespace subledger
