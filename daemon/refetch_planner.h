// The daemon's side of the reconciler's hooks (stripe/reconciler.h): what
// the projection knows about accounts and gaps, turned into what the
// reconciler walks and refetches.
//
//  * seen_accounts: the connected accounts of the projection's books (any
//    mode) -- every account the log has events of.
//  * plan_refetch: first waits (up to kCatchUpWait, checking should_stop)
//    until the projection has folded every event the log held when asked,
//    so what the pass's backfill recovered counts; then, for every book of
//    the key's mode (a key sees one mode; all books when its mode is not
//    recognisable), asks projections/unresolved_refs.h and plans:
//      - every tiered price without known tiers (kPrice, reason ""), then
//      - every subscription that names an unresolved discount id
//        (kSubscription, reason = the discount id),
//    each on the book's account. The plan's counts are the distinct
//    unresolved discount ids and unknown tiered prices of those books.
//    A query failure is logged and plans nothing.
//  * on_refetch: one JSON log line per refetch ("reconcile_refetch", a
//    warning with `error` when it failed). Never the key: errors are
//    redacted by the Stripe client.
//
// Thread safety: the hooks run on the reconciler's thread and read only
// published snapshots and the persisted state.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "daemon/read_api.h"
#include "ledger/event_log.h"
#include "stripe/reconciler.h"

namespace subledger {

inline constexpr std::chrono::seconds kCatchUpWait{30};

// The refetches for the books of `snapshot` of mode `livemode` (every mode
// when nullopt) and, when `account` is given, of that account only ("" =
// the platform's own): tiered prices first, then subscriptions, as above.
// Fails with the first book's query error.
Result<RefetchPlan> PlanRefetches(const ProjectionSnapshot& snapshot, const EventLog& log,
                                  std::optional<bool> livemode, const std::optional<std::string>& account = {});

// `projections` (not owned, may be null: then nothing is seen or planned)
// and `log` must outlive the hooks. `key_livemode`: KeyLivemode of the key.
ReconcilerHooks MakeReconcilerHooks(ProjectorComponent* projections, EventLog* log,
                                    std::optional<bool> key_livemode);

}  // namespace subledger
