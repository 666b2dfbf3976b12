// subledger backfill: recover events the webhook path missed from Stripe's
// GET /v1/events and append them to the log (source: backfill).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/time_text.h"
#include "stripe/backfill.h"
#include "stripe/stripe_config.h"
#include "tools/cli/command.h"
#include "tools/cli/stripe_cli.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger backfill --data-dir D [--since TIME] [--types a,b] [--account acct_...] [--json]\n"
    "Pages through Stripe's GET /v1/events (newest first, 100 per page) and appends every event\n"
    "the log does not have, through the same idempotent path as webhooks (source: backfill).\n"
    "Prints how many events Stripe listed (found), how many the log already had, and how many\n"
    "were recovered. Each page is durable before the next is fetched: interrupting is safe, and\n"
    "re-running recovers only what is still missing. A listed event the log refuses (e.g. a\n"
    "`created` before 2010 or more than a day ahead of this machine's clock) is named on stderr,\n"
    "counted as rejected and skipped; the exit status is then 1.\n"
    "  --since TIME   Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: 30 days ago;\n"
    "                 Stripe keeps events for 30 days)\n"
    "  --types a,b    only these event types (at most 20)\n"
    "  --account ID   a connected account's events (Connect; sent as Stripe-Account). They keep\n"
    "                 Stripe's top-level account, so they land in that account's books\n"
    "  --json         print the counts as one JSON object\n"
    "Stored bodies are Stripe's API rendering of each event (at the pinned Stripe-Version),\n"
    "not the bytes a webhook would have carried. Run while subledgerd is stopped (it holds the\n"
    "database); the daemon's --reconcile-interval does the same work while it runs.\n";

std::atomic<bool> g_interrupted{false};

void OnSigint(int) { g_interrupted = true; }

std::vector<std::string> SplitTypes(const std::string& csv) {
  std::vector<std::string> types;
  std::stringstream in(csv);
  std::string type;
  while (std::getline(in, type, ',')) types.push_back(type);
  if (!csv.empty() && csv.back() == ',') types.push_back("");
  return types;
}

void DrawProgress(const BackfillProgress& p) {
  constexpr int kWidth = 30;
  double fraction = p.FractionDone();
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '.');
  std::fprintf(stderr, "\rbackfill [%s] %3.0f%%  pages %d  found %llu  recovered %llu   ", bar.c_str(),
               fraction * 100, p.counts.pages, static_cast<unsigned long long>(p.counts.found),
               static_cast<unsigned long long>(p.counts.recovered));
  std::fflush(stderr);
}

int RunBackfill(const std::vector<std::string>& args) {
  const std::set<std::string> valued = WithStripeFlags({"--data-dir", "--since", "--types", "--account"});
  const std::set<std::string> booleans = {"--help", "--json"};
  CommandFlags a(args, valued, booleans);
  if (a.Has("--help")) {
    std::printf("%s\n%s", kUsage, StripeConnectionUsage().c_str());
    return 0;
  }
  auto usage = [](const std::string& error) {
    std::fprintf(stderr, "subledger backfill: %s\n\n%s", error.c_str(), kUsage);
    return 2;
  };
  if (!a.error().empty()) return usage(a.error());
  if (!a.positional().empty()) return usage("unexpected argument '" + a.positional()[0] + "'");
  if (auto account = a.Value("--account")) {
    Status valid = ValidateAccountId(*account);
    if (!valid.ok()) return usage("--account: " + valid.message());
  }

  const int64_t now = SystemClock::Instance().NowUnixSeconds();
  BackfillOptions options;
  options.query.created_gte = now - 30 * 86400;
  if (auto since = a.Value("--since")) {
    Result<int64_t> parsed = ParseTimeArg(*since);
    if (!parsed.ok()) return usage("--since: " + parsed.status().message());
    options.query.created_gte = *parsed;
    if (*parsed > now) return usage("--since is in the future");
  }
  if (auto types = a.Value("--types")) options.query.types = SplitTypes(*types);
  Status query_ok = EventPager::ValidateQuery(options.query);
  if (!query_ok.ok()) return usage(query_ok.message());
  if (options.query.created_gte < now - 30 * 86400 - 3600) {
    std::fprintf(stderr, "subledger backfill: note: Stripe keeps events for 30 days; older ones cannot be "
                         "recovered from the API\n");
  }

  Result<std::unique_ptr<StripeClient>> client = MakeStripeClient(a);
  if (!client.ok()) {
    std::fprintf(stderr, "subledger backfill: %s\n", client.status().message().c_str());
    return 1;
  }
  EventLogOptions log_options;
  log_options.data_dir = a.Value("--data-dir").value_or("./data");
  auto log = EventLog::Open(log_options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger backfill: %s\n", log.status().message().c_str());
    return 1;
  }

  const bool tty = isatty(STDERR_FILENO) == 1;
  if (tty) options.on_page = DrawProgress;
  options.should_stop = [] { return g_interrupted.load(); };
  options.on_rejected = [tty](const std::string& id, const Status& why) {
    std::fprintf(stderr, "%ssubledger backfill: %s: rejected: %s\n", tty ? "\n" : "", id.c_str(),
                 why.message().c_str());
  };
  auto previous = std::signal(SIGINT, OnSigint);
  BackfillReport report = Backfill(client->get(), log->get(), options);
  std::signal(SIGINT, previous);
  if (tty) std::fprintf(stderr, "\n");
  (*log)->Close();

  const BackfillCounts& c = report.counts;
  if (a.Has("--json")) {
    nlohmann::ordered_json out = {{"found", c.found}, {"already_present", c.already_present},
                                  {"recovered", c.recovered}, {"rejected", c.rejected}, {"pages", c.pages},
                                  {"complete", report.complete}, {"since", options.query.created_gte}};
    if (auto account = a.Value("--account")) out["account"] = *account;
    if (!report.status.ok()) out["error"] = report.status.message();
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("backfill: found %llu, already present %llu, recovered %llu, rejected %llu (%d pages)\n",
                static_cast<unsigned long long>(c.found), static_cast<unsigned long long>(c.already_present),
                static_cast<unsigned long long>(c.recovered), static_cast<unsigned long long>(c.rejected),
                c.pages);
  }
  if (!report.status.ok()) {
    std::fprintf(stderr, "subledger backfill: stopped early: %s\n"
                         "What was recovered is durable; re-run to continue.\n",
                 report.status.message().c_str());
    return 1;
  }
  if (!report.complete) {
    std::fprintf(stderr, "subledger backfill: interrupted; what was recovered is durable; re-run to continue.\n");
    return 130;
  }
  return c.rejected == 0 ? 0 : 1;
}

}  // namespace

SUBLEDGER_COMMAND("backfill", "recover events missed by webhooks from Stripe's /v1/events", RunBackfill);

}  // namespace subledger::cli
