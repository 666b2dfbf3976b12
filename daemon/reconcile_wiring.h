// Wires periodic reconciliation with Stripe's /v1/events into subledgerd
// (issue: "--reconcile-interval, off unless STRIPE_SECRET_KEY is set").
//
// Decision, made once at start-up from DaemonConfig and the environment:
//   * --reconcile-interval 0                      -> off
//   * no Stripe key (STRIPE_SECRET_KEY unset and no --stripe-key-file)
//       - interval not given                      -> off (logged once)
//       - interval given                          -> kInvalidArgument: the
//         operator asked for something that cannot run
//   * a key                                       -> on, every interval
//     (default 1 h), over the trailing --reconcile-window (default 3 d, the
//     length of Stripe's own webhook retries), at most --reconcile-max-rps
//     API requests per second, on the platform's own account and every
//     connected account (--account acct_1,acct_2, and every account the
//     projection has books of); then it refetches what the projection
//     cannot value (daemon/refetch_planner.h), at most
//     --reconcile-max-refetches objects a pass, within the same budget.
//   * --account given without a key, or an --account that is not acct_...
//                                                 -> kInvalidArgument
// When on, a DaemonComponent owns a stripe/PeriodicReconciler: started with
// the other components, stopped before the log closes. Each pass appends
// the missing events through the log's idempotent append path with source
// "backfill" (so the webhook delivery rate counts them as missed webhooks),
// logs one JSON line {"msg":"reconcile_pass",...} (one "reconcile_refetch"
// line per refetch) and pushes the running totals to
// SubledgerMetrics::UpdateReconciler.
//
// Thread safety: call between Daemon::Open and Daemon::Run, on one thread.
#pragma once

#include "daemon/config.h"
#include "daemon/daemon.h"
#include "daemon/read_api.h"
#include "metrics/subledger_metrics.h"

namespace subledger {

// What InstallReconciler decided.
enum class ReconcileMode { kOff, kOn };

// `metrics` may be null (no metrics wired); `projections` may be null (no
// connected accounts seen, nothing refetched). `env` looks up
// STRIPE_SECRET_KEY; the key itself is then read by ResolveStripeOptions
// and never logged. Errors name the flag or variable at fault.
Result<ReconcileMode> InstallReconciler(Daemon& daemon, SubledgerMetrics* metrics, const EnvLookup& env,
                                        ProjectorComponent* projections = nullptr);

}  // namespace subledger
