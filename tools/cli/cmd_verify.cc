// subledger verify: check the log's invariants.
#include <cstdio>

#include "ledger/event_log.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"
#include "tools/cli/progress_bar.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger verify --data-dir D\n"
    "Checks the event log: sequence numbers run 1..N without gaps, every record decodes,\n"
    "every body is a valid event matching the header stored with it, and every event id\n"
    "is indexed exactly once, pointing at its record. Exits 0 when all hold; otherwise\n"
    "prints the first problem (record number and event id) and exits 1.\n"
    "Works while subledgerd is stopped; if it holds the database, verify says so.\n";

int Verify(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir"}, {"--help"});
  if (a.Has("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!a.error().empty() || !a.positional().empty()) {
    std::fprintf(stderr, "subledger verify: %s\n%s",
                 a.error().empty() ? "unexpected argument" : a.error().c_str(), kUsage);
    return 2;
  }
  EventLogOptions options;
  options.data_dir = a.Value("--data-dir").value_or("./data");
  options.read_only = true;
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger verify: %s\n", log.status().message().c_str());
    return 1;
  }
  ProgressBar bar("verify");
  Status s = (*log)->Verify([&](uint64_t done, uint64_t total) { bar.Update(done, total); });
  bar.Finish();
  if (!s.ok()) {
    std::fprintf(stderr, "subledger verify: FAILED: %s\n", s.message().c_str());
    return 1;
  }
  const SequenceNumber last = (*log)->LastSequence();
  std::printf("verify: ok: %llu events, sequence numbers 1..%llu without gaps, every event id "
              "indexed once\n",
              static_cast<unsigned long long>(last), static_cast<unsigned long long>(last));
  return 0;
}

}  // namespace

SUBLEDGER_COMMAND("verify", "check the event log's invariants", Verify);

}  // namespace subledger::cli
