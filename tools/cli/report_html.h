// `subledger report --html FILE`: writes the revenue dashboard page
// (dashboard/dashboard_page.h) of one book to FILE -- the same page subledgerd
// serves at GET /, without navigation links, so it can be mailed or
// archived. Its operations strip has what a data directory knows: events in
// the log, when the newest arrived, lag 0 (the report caught up first); no
// webhook results (those are the daemon's counters).
#pragma once

#include <string>

#include "ledger/event_log.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"

namespace subledger::cli {

// Writes atomically (FILE.tmp, then rename). Returns 0, or 1 after printing
// the error to stderr.
int WriteReportHtml(const std::string& path, const ProjectionSnapshot& snapshot, const Book& book,
                    const ReportFilter& filter, const EventLog& log);

}  // namespace subledger::cli
