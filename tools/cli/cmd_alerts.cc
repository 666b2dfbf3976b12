// subledger alerts --spec FILE [--out FILE]
// Generates Prometheus alerting rules from the monitoring spec
// (metrics/monitoring-spec.yaml); writes them to --out or stdout.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "ledger/read_file.h"
#include "metrics/alert_rules.h"
#include "metrics/monitoring_spec.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"

namespace subledger::cli {
namespace {

constexpr const char* kUsage =
    "usage: subledger alerts --spec metrics/monitoring-spec.yaml [--out FILE]\n"
    "Generates Prometheus alerting rules (a warning and a critical rule per metric)\n"
    "from the monitoring spec; writes them to FILE, or to stdout without --out.\n";

int RunAlerts(const std::vector<std::string>& args) {
  const CommandFlags a(args, {"--spec", "--out"}, {"--help"});
  if (a.Has("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!a.error().empty() || !a.positional().empty()) {
    const std::string error = a.error().empty() ? "unexpected argument '" + a.positional()[0] + "'" : a.error();
    std::fprintf(stderr, "subledger alerts: %s\n%s", error.c_str(), kUsage);
    return 2;
  }
  const std::string spec_path = a.Value("--spec").value_or("");
  const std::string out_path = a.Value("--out").value_or("");
  if (spec_path.empty()) {
    std::fprintf(stderr, "subledger alerts: --spec is required\n%s", kUsage);
    return 2;
  }
  Result<std::string> text = ReadFileText(spec_path);
  if (!text.ok()) {
    std::fprintf(stderr, "subledger alerts: cannot read %s\n", text.status().message().c_str());
    return 1;
  }
  Result<MonitoringSpec> spec = ParseMonitoringSpec(*text);
  if (!spec.ok()) {
    std::fprintf(stderr, "subledger alerts: %s: %s\n", spec_path.c_str(), spec.status().message().c_str());
    return 1;
  }
  std::string rules = GenerateAlertRules(*spec);
  if (out_path.empty()) {
    std::fwrite(rules.data(), 1, rules.size(), stdout);
    return 0;
  }
  // Only ever replace a regular file: renaming over /dev/null or a FIFO
  // would replace the device or the pipe with our rules.
  struct stat existing;
  if (lstat(out_path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    std::fprintf(stderr, "subledger alerts: --out %s: exists and is not a regular file\n", out_path.c_str());
    return 1;
  }
  // Write beside the target and rename, so a failed run leaves the old file.
  std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << rules;
    out.flush();
    if (!out) {
      std::fprintf(stderr, "subledger alerts: cannot write %s\n", tmp.c_str());
      std::remove(tmp.c_str());
      return 1;
    }
  }
  // The CLI's umask is 077 (for the data dir); alert rules are for Prometheus,
  // which may run as another user.
  chmod(tmp.c_str(), 0644);
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::fprintf(stderr, "subledger alerts: cannot replace %s\n", out_path.c_str());
    std::remove(tmp.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

SUBLEDGER_COMMAND("alerts", "generate Prometheus alert rules from the monitoring spec", RunAlerts);

}  // namespace subledger::cli
