#include "tools/cli/report_html.h"

#include <cstdio>
#include <ctime>
#include <fstream>

#include "dashboard/dashboard_page.h"

namespace subledger::cli {

int WriteReportHtml(const std::string& path, const ProjectionSnapshot& snapshot, const Book& book,
                    const ReportFilter& filter, const EventLog& log) {
  dashboard::OperationsFigures ops;
  ops.source = "subledger report";
  ops.rendered_at = static_cast<int64_t>(std::time(nullptr));
  ops.events_in_log = log.EventCount();
  if (auto last = log.Get(log.LastSequence()); last.ok()) ops.last_received_at = last->received_at_micros / 1'000'000;
  dashboard::DashboardInput input = dashboard::MakeDashboardInput(snapshot, book, filter, std::move(ops));
  input.links = false;
  const std::string html = dashboard::RenderDashboardHtml(input);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    out.flush();
    if (!out) {
      std::fprintf(stderr, "subledger report: cannot write %s\n", tmp.c_str());
      std::remove(tmp.c_str());
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::fprintf(stderr, "subledger report: cannot rename %s to %s\n", tmp.c_str(), path.c_str());
    std::remove(tmp.c_str());
    return 1;
  }
  return 0;
}

}  // namespace subledger::cli
