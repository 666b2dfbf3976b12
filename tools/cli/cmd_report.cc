// subledger report: the revenue report (spec §7), after catching the
// projections up to the end of the log.
#include <cstdio>

#include "ledger/data_dir.h"
#include "ledger/event_log.h"
#include "projections/calendar.h"
#include "projections/projector.h"
#include "projections/revenue_report.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"
#include "tools/cli/report_html.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger report --data-dir D [--account ID] [--mode live|test] [--json | --html FILE]\n"
    "                        [--currency C] [--from YYYY-MM] [--to YYYY-MM]\n"
    "Prints the revenue report of one book (spec §7 JSON with --json, else a table): --account\n"
    "(default: the platform's own account) in --mode (default: live when that account has a\n"
    "live-mode event, else test). It first folds every event in the log into the projections,\n"
    "so it is current even after a crash. `subledger books` lists the books. On a data\n"
    "directory it cannot write (a read-only copy, e.g. a mounted backup) it computes the same\n"
    "report in memory and saves nothing. --html FILE writes the dashboard page (the one\n"
    "subledgerd serves at GET / on its admin listener) instead: self-contained, for mail or archive.\n";

int Report(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir", "--account", "--mode", "--currency", "--from", "--to", "--html"}, {"--json", "--help"});
  if (a.Has("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!a.error().empty() || !a.positional().empty()) {
    std::fprintf(stderr, "subledger report: %s\n%s", a.error().empty() ? "unexpected argument" : a.error().c_str(),
                 kUsage);
    return 2;
  }
  ReportFilter filter;
  if (auto c = a.Value("--currency")) filter.currency = *c;
  for (const char* flag : {"--from", "--to"}) {
    if (auto v = a.Value(flag)) {
      auto m = ParseMonthLabel(*v);
      if (!m) {
        std::fprintf(stderr, "subledger report: %s wants YYYY-MM, got '%s'\n", flag, v->c_str());
        return 2;
      }
      (std::string(flag) == "--from" ? filter.from : filter.to) = *m;
    }
  }
  const std::optional<std::string> mode = a.Value("--mode");
  if (mode && *mode != "live" && *mode != "test") {
    std::fprintf(stderr, "subledger report: --mode wants live or test, got '%s'\n", mode->c_str());
    return 2;
  }
  std::string account = a.Value("--account").value_or("");
  if (account == "platform") account.clear();
  EventLogOptions options;
  options.data_dir = a.Value("--data-dir").value_or("./data");
  std::string why;
  ProjectorOptions projector_options;
  if (ProbeDataDir(options.data_dir, &why) == DataDirAccess::kReadOnly) {
    std::fprintf(stderr, "subledger report: %s is read-only (%s): computing the report in memory, saving nothing\n",
                 options.data_dir.c_str(), why.c_str());
    options.read_only = true;
    projector_options.persist = false;
  }
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger report: %s\n", log.status().message().c_str());
    if (log.status().code() == Status::Code::kBusy) {
      std::fprintf(stderr, "While subledgerd runs, read the same report from its admin listener: GET /v1/report\n");
    }
    return 1;
  }
  auto projector = Projector::Open(log->get(), projector_options);
  if (!projector.ok()) {
    std::fprintf(stderr, "subledger report: %s\n", projector.status().message().c_str());
    return 1;
  }
  auto caught_up = (*projector)->CatchUp();
  if (!caught_up.ok()) {
    std::fprintf(stderr, "subledger report: %s\n", caught_up.status().message().c_str());
    return 1;
  }
  const auto snapshot = (*projector)->Snapshot();
  const Book book = mode ? Book{account, *mode == "live"} : snapshot->DefaultBook(account);
  if (auto html = a.Value("--html")) return WriteReportHtml(*html, *snapshot, book, filter, **log);
  RevenueReport report = BuildReport(*snapshot->Find(book), filter);
  std::string out = a.Has("--json") ? RenderReportJson(report) : RenderReportTable(report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

SUBLEDGER_COMMAND("report", "print MRR, movements, churn and payments (spec §7)", Report);

}  // namespace subledger::cli
