// subledger refetch: fetch subscriptions from the Stripe API and append each
// as a subledger.subscription.snapshot event (spec §2).
#include <cstdio>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "stripe/snapshot_fetcher.h"
#include "tools/cli/command.h"
#include "tools/cli/stripe_cli.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger refetch --data-dir D SUBSCRIPTION_ID...\n"
    "Fetches each subscription with GET /v1/subscriptions/{id}?expand[]=discounts and appends it\n"
    "to the log as a subledger.subscription.snapshot event (source: snapshot) whose created is\n"
    "the fetch time and whose id is evt_snap_<subscription id>_<created>. Use it when webhook\n"
    "data cannot settle a subscription's state (discounts given only as ids, or two events in\n"
    "the same second); a rebuild then gives the same numbers without calling Stripe again.\n"
    "Refetching one subscription twice within a second stores one event.\n";

int RunRefetch(const std::vector<std::string>& args) {
  const std::set<std::string> valued = WithStripeFlags({"--data-dir"});
  const std::set<std::string> booleans = {"--help"};
  CliArgs a(args, valued, booleans);
  if (a.Has("--help")) {
    std::printf("%s\n%s", kUsage, StripeConnectionUsage().c_str());
    return 0;
  }
  auto usage = [](const std::string& error) {
    std::fprintf(stderr, "subledger refetch: %s\n\n%s", error.c_str(), kUsage);
    return 2;
  };
  if (!a.error().empty()) return usage(ExplainArgsError(a, valued, booleans));
  if (a.positional().empty()) return usage("no subscription ids given");
  for (const std::string& id : a.positional()) {
    Status valid = ValidateSubscriptionId(id);
    if (!valid.ok()) return usage(valid.message());
  }
  Result<std::unique_ptr<StripeClient>> client = MakeStripeClient(a);
  if (!client.ok()) {
    std::fprintf(stderr, "subledger refetch: %s\n", client.status().message().c_str());
    return 1;
  }
  EventLogOptions log_options;
  log_options.data_dir = a.Value("--data-dir").value_or("./data");
  auto log = EventLog::Open(log_options);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger refetch: %s\n", log.status().message().c_str());
    return 1;
  }
  int failures = 0;
  for (const std::string& id : a.positional()) {
    Result<SnapshotOutcome> outcome = RefetchSubscription(client->get(), log->get(), SystemClock::Instance(), id);
    if (!outcome.ok()) {
      ++failures;
      std::fprintf(stderr, "subledger refetch: %s\n", outcome.status().message().c_str());
      continue;
    }
    std::printf("refetch %s: %s %s (seq %llu, status %s)\n", id.c_str(),
                outcome->appended ? "appended" : "already present", outcome->event_id.c_str(),
                static_cast<unsigned long long>(outcome->seq), outcome->status.c_str());
  }
  (*log)->Close();
  return failures == 0 ? 0 : 1;
}

}  // namespace

SUBLEDGER_COMMAND("refetch", "append API snapshots of subscriptions (subledger.subscription.snapshot)",
                  RunRefetch);

}  // namespace subledger::cli
