// The revenue dashboard: one self-contained HTML page for one book and one
// currency (or each currency of the book in turn), served by subledgerd's
// admin listener at GET / and written by `subledger report --html FILE`.
//
// Self-contained: the CSS is inline, the charts are inline SVG drawn here
// (svg_chart.h), there is no script, and a Content-Security-Policy meta tag
// (default-src 'none') makes the browser refuse any request the page might
// make, so it works on a machine without internet and can be mailed.
//
// The figures are the report's (RevenueReport, spec §7): current MRR, ARR,
// customers, ARPA, scheduled churn, unresolved discounts and unpriced items
// per currency; per month the MRR, its movements, churn, retention, payment
// and trial rates (currency_section.h). Every shown figure carries
// data-figure / data-currency / data-month / data-value hooks holding the
// report's exact JSON value (figure_format.h). Book-level figures: `events`,
// `as_of` ("data through"), `subscriptions_by_status` (data-key = status).
//
// The operations strip shows what the caller knows about the pipeline
// (OperationsFigures): webhook results since the daemon started, the
// delivery rate, the projection lag, when the last event arrived.
//
// Layout: one column on a phone, cards side by side on wider screens; a
// print stylesheet drops the navigation and keeps cards whole on a page.
//
// This library never depends on HTTP: the daemon and the CLI build a
// DashboardInput (MakeDashboardInput) and write the string where they want.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/book.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"

namespace subledger::dashboard {

struct OperationsFigures {
  std::string source;       // who rendered: "subledgerd 0.1.0 (abc1234)", "subledger report"
  int64_t rendered_at = 0;  // unix seconds
  // Webhook requests by result (metrics' `result` label values) since the
  // daemon started; empty when unknown (a page written by the CLI).
  std::vector<std::pair<std::string, uint64_t>> webhook_results;
  uint64_t lag_events = 0;  // events in the log not yet in the figures
  double lag_seconds = 0;   // age of the oldest of them
  std::string projection_error;  // "" while the projector is healthy
  uint64_t events_in_log = 0;    // all books
  std::optional<int64_t> last_received_at;    // when the log's newest event arrived (unix seconds)
};

struct DashboardInput {
  RevenueReport report;                // the chosen book, filtered to the chosen currency
  std::optional<std::string> currency; // the chosen currency; nullopt: every currency
  std::vector<std::string> currencies; // every currency of the book (navigation)
  std::vector<Book> books;             // every book with events (navigation)
  OperationsFigures ops;
  // Navigation links (?account=&mode=&currency=) only where the page is
  // served; a written file has none.
  bool links = true;
};

// The report of `book` with `filter`, the book's currencies and every book.
DashboardInput MakeDashboardInput(const ProjectionSnapshot& snapshot, const Book& book, const ReportFilter& filter,
                                  OperationsFigures ops);

std::string RenderDashboardHtml(const DashboardInput& input);

// The operations strip (operations_strip.cc).
std::string RenderOperationsStrip(const RevenueReport& report, const OperationsFigures& ops);
// The page's stylesheet (page_style.cc).
const char* PageStyle();

}  // namespace subledger::dashboard
