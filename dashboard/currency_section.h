// One currency's part of the dashboard page: its current figures as tiles,
// its month-by-month charts and the table of its months. Nothing in it mixes
// currencies: every amount is in this currency's major unit with its code.
//
// Charts (svg_chart.h), per month of the report:
//   * MRR at month end (line);
//   * MRR movements: new, expansion, reactivation up; contraction, churn
//     down; net new as a line;
//   * customer and subscription churn rates, with the monitoring spec's
//     churn_rate bands;
//   * net and gross MRR retention (NRR, GRR) around a 100 % line (the spec
//     sets no threshold for them);
//   * payment success rate, with the spec's payment_success_rate bands;
//   * trial conversion (no threshold in the spec);
//   * the involuntary share of churn, with the spec's involuntary_churn bands.
//
// Every shown figure carries the hooks of figure_format.h.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "projections/revenue_report.h"

namespace subledger::dashboard {

// `months` are the report's rows of this currency, in month order.
std::string RenderCurrencySection(const CurrencyRow& current, const std::vector<const MonthRow*>& months);

// The table of `months` (month_table.cc): one row per month, one column per
// shown figure; scrolls sideways on a narrow screen.
std::string RenderMonthTable(const std::string& currency, const std::vector<const MonthRow*>& months);

}  // namespace subledger::dashboard
