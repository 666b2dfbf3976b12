// subledger books: the books of the log (revenue model v2 §0) with their
// event counts and current MRR per currency.
#include <cstdio>

#include "ledger/event_log.h"
#include "projections/book_list.h"
#include "projections/projector.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger books --data-dir D [--json]\n"
    "Lists the books of the log — one per Stripe account (the platform's own, and every\n"
    "connected account seen) and mode (live, test) — with their distinct events and current\n"
    "MRR per currency. Figures never mix books; `subledger report --account ID --mode M`\n"
    "prints one. It first folds every event in the log into the projections.\n";

int Books(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir"}, {"--json", "--help"});
  if (a.Has("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!a.error().empty() || !a.positional().empty()) {
    std::fprintf(stderr, "subledger books: %s\n%s", a.error().empty() ? "unexpected argument" : a.error().c_str(),
                 kUsage);
    return 2;
  }
  EventLogOptions options;
  options.data_dir = a.Value("--data-dir").value_or("./data");
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger books: %s\n", log.status().message().c_str());
    if (log.status().code() == Status::Code::kBusy) {
      std::fprintf(stderr, "While subledgerd runs, read the same list from its admin listener: GET /v1/books\n");
    }
    return 1;
  }
  auto projector = Projector::Open(log->get());
  if (!projector.ok()) {
    std::fprintf(stderr, "subledger books: %s\n", projector.status().message().c_str());
    return 1;
  }
  auto caught_up = (*projector)->CatchUp();
  if (!caught_up.ok()) {
    std::fprintf(stderr, "subledger books: %s\n", caught_up.status().message().c_str());
    return 1;
  }
  const auto snapshot = (*projector)->Snapshot();
  const std::string out = a.Has("--json") ? RenderBooksJson(*snapshot) : RenderBooksTable(*snapshot);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

SUBLEDGER_COMMAND("books", "list the books (account, mode) with events and MRR", Books);

}  // namespace subledger::cli
