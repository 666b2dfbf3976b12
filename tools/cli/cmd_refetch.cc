// subledger refetch: fetch objects from the Stripe API and append each as a
// snapshot event -- subledger.subscription.snapshot (spec §2) or
// subledger.price.snapshot (spec §3) -- either the ones named on the command
// line, or (--unresolved) exactly those the data dir's books cannot value.
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "daemon/refetch_planner.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "projections/projector.h"
#include "stripe/refetcher.h"
#include "stripe/snapshot_fetcher.h"
#include "stripe/stripe_config.h"
#include "tools/cli/command.h"
#include "tools/cli/stripe_cli.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger refetch --data-dir D [--account ID] [--price ID]... [SUBSCRIPTION_ID...]\n"
    "       subledger refetch --data-dir D --unresolved [--account ID] [--max N]\n"
    "Fetches objects whose state webhooks cannot settle and appends each to the log as a snapshot\n"
    "event (source: snapshot) whose created is the fetch time; a rebuild then gives the same\n"
    "numbers without calling Stripe again.\n"
    "  SUBSCRIPTION_ID  GET /v1/subscriptions/{id}?expand[]=discounts&expand[]=items.data.price.tiers\n"
    "                   -> subledger.subscription.snapshot (discount objects and tiers included;\n"
    "                   webhooks carry discounts only as ids and never carry tiers)\n"
    "  --price ID       GET /v1/prices/{id}?expand[]=tiers -> subledger.price.snapshot (repeatable)\n"
    "  --unresolved     refetch exactly what the books cannot value: every subscription whose\n"
    "                   current state names an unresolved discount id, and every tiered price\n"
    "                   whose tiers are unknown, in the books of the key's mode (sk_live_/rk_live_:\n"
    "                   live, sk_test_/rk_test_: test), each on its own account; then prints what\n"
    "                   is still unresolved\n"
    "  --account ID     a connected account (Connect; sent as Stripe-Account): the snapshot\n"
    "                   carries it as its top-level account; with --unresolved, only its books\n"
    "  --max N          with --unresolved: at most N refetches\n"
    "Event ids: evt_snap_<object id>_<created>, plus _<account> for a connected account; refetching\n"
    "one object twice within a second stores one event.\n";

int Usage(const std::string& error) {
  std::fprintf(stderr, "subledger refetch: %s\n\n%s", error.c_str(), kUsage);
  return 2;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "subledger refetch: %s\n", status.message().c_str());
  return 1;
}

void PrintOutcome(const RefetchTarget& target, const Result<SnapshotOutcome>& outcome) {
  std::string what = target.id;
  if (!target.account.empty()) what += " (account " + target.account + ")";
  if (!outcome.ok()) {
    std::fprintf(stderr, "subledger refetch: %s\n", outcome.status().message().c_str());
    return;
  }
  const char* detail = target.kind == SnapshotKind::kPrice ? "billing_scheme" : "status";
  std::printf("refetch %s: %s %s (seq %llu, %s %s)\n", what.c_str(),
              outcome->appended ? "appended" : "already present", outcome->event_id.c_str(),
              static_cast<unsigned long long>(outcome->seq), detail, outcome->status.c_str());
}

// The targets named on the command line, all on the client's account.
std::vector<RefetchTarget> NamedTargets(const CommandFlags& a, std::string* error) {
  const std::string account = a.Value("--account").value_or("");
  std::vector<RefetchTarget> targets;
  for (const std::string& id : a.All("--price")) {
    if (Status valid = ValidatePriceId(id); !valid.ok()) *error = "--price: " + valid.message();
    targets.push_back({account, SnapshotKind::kPrice, id, ""});
  }
  for (const std::string& id : a.positional()) {
    if (Status valid = ValidateSubscriptionId(id); !valid.ok()) *error = valid.message();
    targets.push_back({account, SnapshotKind::kSubscription, id, ""});
  }
  return targets;
}

Result<std::shared_ptr<const ProjectionSnapshot>> CaughtUp(Projector* projector) {
  Result<uint64_t> applied = projector->CatchUp();
  if (!applied.ok()) return applied.status().WithContext("fold the log into the projections");
  return projector->Snapshot();
}

int RunUnresolved(const CommandFlags& a, StripeClient* client, EventLog* log, size_t max) {
  auto projector = Projector::Open(log);
  if (!projector.ok()) return Fail(projector.status());
  const std::optional<std::string> account = a.Value("--account");
  auto plan_now = [&]() -> Result<RefetchPlan> {
    auto snapshot = CaughtUp(projector->get());
    if (!snapshot.ok()) return snapshot.status();
    return PlanRefetches(**snapshot, *log, client->key_livemode(), account);
  };
  Result<RefetchPlan> plan = plan_now();
  if (!plan.ok()) return Fail(plan.status());
  std::printf("unresolved: %llu discount ids, %llu tiered prices without tiers; %zu refetches planned\n",
              static_cast<unsigned long long>(plan->unresolved_discounts),
              static_cast<unsigned long long>(plan->unknown_tiered_prices), plan->targets.size());
  if (plan->targets.empty()) return 0;
  RefetchOptions options;
  options.max_targets = max;
  options.on_result = PrintOutcome;
  RefetchCounts counts = RefetchTargets(client, log, SystemClock::Instance(), plan->targets, options);
  Result<RefetchPlan> after = plan_now();
  if (!after.ok()) return Fail(after.status());
  std::printf("after refetch: %llu discount ids, %llu tiered prices without tiers still unresolved\n",
              static_cast<unsigned long long>(after->unresolved_discounts),
              static_cast<unsigned long long>(after->unknown_tiered_prices));
  return counts.failed() == 0 ? 0 : 1;
}

// What the arguments ask for; `error` is a usage error ("" when usable).
struct RefetchRequest {
  bool unresolved = false;
  size_t max = 0;
  std::vector<RefetchTarget> named;
  std::string error;
};

RefetchRequest ParseRequest(const CommandFlags& a) {
  RefetchRequest r;
  if (auto account = a.Value("--account")) {
    if (Status valid = ValidateAccountId(*account); !valid.ok()) {
      r.error = "--account: " + valid.message();
      return r;
    }
  }
  r.named = NamedTargets(a, &r.error);
  r.unresolved = a.Has("--unresolved");
  if (!r.error.empty()) return r;
  if (r.unresolved && !r.named.empty()) r.error = "--unresolved takes no subscription ids or --price";
  if (!r.unresolved && r.named.empty()) r.error = "no subscription ids given (or --price ID, or --unresolved)";
  if (auto v = a.Value("--max"); v && r.error.empty()) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v->c_str(), &end, 10);
    if (!r.unresolved) r.error = "--max goes with --unresolved";
    if (v->empty() || *end != '\0' || n == 0 || n > 1000000) r.error = "--max: expected 1..1000000";
    r.max = static_cast<size_t>(n);
  }
  return r;
}

int RunRefetch(const std::vector<std::string>& args) {
  const std::set<std::string> valued = WithStripeFlags({"--data-dir", "--account", "--price", "--max"});
  const std::set<std::string> booleans = {"--help", "--unresolved"};
  CommandFlags a(args, valued, booleans);
  if (a.Has("--help")) {
    std::printf("%s\n%s", kUsage, StripeConnectionUsage().c_str());
    return 0;
  }
  if (!a.error().empty()) return Usage(a.error());
  const RefetchRequest request = ParseRequest(a);
  if (!request.error.empty()) return Usage(request.error);
  Result<std::unique_ptr<StripeClient>> client = MakeStripeClient(a);
  if (!client.ok()) return Fail(client.status());
  EventLogOptions log_options;
  log_options.data_dir = a.Value("--data-dir").value_or("./data");
  auto log = EventLog::Open(log_options);
  if (!log.ok()) return Fail(log.status());
  int code = 0;
  if (request.unresolved) {
    code = RunUnresolved(a, client->get(), log->get(), request.max);
  } else {
    RefetchOptions options;
    options.on_result = PrintOutcome;
    code = RefetchTargets(client->get(), log->get(), SystemClock::Instance(), request.named, options).failed() > 0;
  }
  (*log)->Close();
  return code;
}

}  // namespace

SUBLEDGER_COMMAND("refetch", "append API snapshots of subscriptions and prices (--unresolved: what the books lack)",
                  RunRefetch);

}  // namespace subledger::cli
