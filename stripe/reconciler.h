// Reconciler: one reconciliation pass -- a backfill over a trailing window
// on every account, then the refetches that close the projection's gaps --
// for the daemon to run periodically (--reconcile-interval).
//
// 1. Backfill. For the platform's own account, then for every connected
//    account (options.accounts, --account, and those hooks.seen_accounts
//    names: the accounts the log has events of), in that order, deduplicated
//    and sorted, a pass lists events with created in [now - window,
//    now - settle] (Stripe-Account set for a connected account) and appends
//    the missing ones with EventSource::kBackfill (see backfill.h).
//    `settle` leaves alone events so new that their webhook is probably
//    still in flight, so the pass does not race a delivery that is about to
//    succeed and misreport it as missed. A failing account does not stop the
//    others; the pass then fails with the first error, naming the account.
// 2. Refetch. hooks.plan_refetch (after the backfill, so it may wait for the
//    projection to fold what was recovered) names the objects whose state
//    the projection lacks -- subscriptions naming an unresolved discount id,
//    tiered prices without known tiers -- and at most
//    options.max_refetches_per_pass of them are refetched as snapshot
//    events (refetcher.h). A RefetchMemory kept across passes makes each
//    (account, object, reason) fetched once per process. Refetch failures
//    are counted, never fail the pass.
// Every HTTP attempt of both steps, retries included, first takes a token
// from one RequestRateLimiter, so a pass never spends more than
// `max_requests_per_second` of the account's API rate limit.
//
// The reconciler installs its rate gate on the client it is given (and
// switches its account): give it a client of its own.
//
// PeriodicReconciler runs passes on a thread of its own every `interval`
// until Stop(); Stop() interrupts a pass between pages and refetches and
// any sleep.
//
// Thread safety: RunOnce is called from one thread at a time; totals() may
// be read from any thread. The hooks run on the RunOnce thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "stripe/backfill.h"
#include "stripe/refetcher.h"
#include "stripe/request_rate_limiter.h"
#include "stripe/sleeper.h"
#include "stripe/stripe_client.h"

namespace subledger {

struct ReconcilerOptions {
  std::chrono::seconds window{3 * 24 * 3600};  // Stripe retries webhooks for 3 days
  std::chrono::seconds settle{300};
  double max_requests_per_second = 1.0;
  std::vector<std::string> types;  // empty = all
  // Called on the reconcile thread for each listed event refused at the
  // log's door (backfill.h); it is counted in events_rejected either way.
  std::function<void(const std::string& event_id, const Status& why)> on_rejected;
  // Connected accounts walked on every pass, besides the platform's own and
  // those hooks.seen_accounts names (each must pass ValidateAccountId).
  std::vector<std::string> accounts;
  // Objects refetched per pass at most; 0 turns refetching off.
  size_t max_refetches_per_pass = 100;
};

// What the projection cannot value for want of an object's state.
struct RefetchPlan {
  std::vector<RefetchTarget> targets;
  uint64_t unresolved_discounts = 0;   // distinct (book, discount id) unresolved
  uint64_t unknown_tiered_prices = 0;  // distinct (book, price id) tiered without known tiers
};

// What the reconciler asks of the rest of the daemon (empty = nothing).
struct ReconcilerHooks {
  // Connected accounts the log has events of.
  std::function<std::vector<std::string>()> seen_accounts;
  // The refetches the projection needs, asked after the pass's backfill.
  std::function<RefetchPlan(const std::function<bool()>& should_stop)> plan_refetch;
  // Told every refetch's outcome (e.g. to log failures).
  std::function<void(const RefetchTarget&, const Result<SnapshotOutcome>&)> on_refetch;
};

// One pass. `counts`, `complete` and `status` read like a BackfillReport
// over every account walked.
struct ReconcileReport {
  BackfillCounts counts;
  bool complete = false;  // every account's walk reached its last page
  Status status;          // OK, or the first account's failure
  size_t accounts = 0;    // accounts walked, the platform's own included
  uint64_t unresolved_discounts = 0;   // as the plan found them, before refetching
  uint64_t unknown_tiered_prices = 0;
  RefetchCounts refetch;
};

// Running totals over all passes (for metrics and logs).
struct ReconcilerTotals {
  uint64_t passes = 0;
  uint64_t failed_passes = 0;
  uint64_t events_found = 0;
  uint64_t events_recovered = 0;
  uint64_t events_rejected = 0;    // listed but refused at the log's door
  uint64_t requests = 0;           // HTTP attempts made by passes
  int64_t last_pass_unix = 0;      // when the last pass finished
  std::string last_error;          // "" when the last pass succeeded
  RefetchCounts refetched;         // snapshots refetched by all passes
  uint64_t accounts = 0;           // accounts the last pass walked
  uint64_t unresolved_discounts = 0;   // the last pass's plan, before refetching
  uint64_t unknown_tiered_prices = 0;
};

class Reconciler {
 public:
  // None of the pointers are owned; all must outlive the reconciler.
  Reconciler(StripeClient* client, EventLog* log, const Clock* clock, Sleeper* sleeper,
             ReconcilerOptions options, ReconcilerHooks hooks = {});

  ReconcileReport RunOnce(const std::function<bool()>& should_stop = nullptr);
  ReconcilerTotals totals() const;
  const ReconcilerOptions& options() const { return options_; }

 private:
  std::vector<std::string> Accounts() const;
  void Walk(const std::string& account, const std::function<bool()>& should_stop, ReconcileReport* report);
  void RefetchGaps(const std::function<bool()>& should_stop, ReconcileReport* report);
  void Record(const ReconcileReport& report, uint64_t attempts);

  StripeClient* client_;
  EventLog* log_;
  const Clock* clock_;
  ReconcilerOptions options_;
  ReconcilerHooks hooks_;
  RequestRateLimiter limiter_;
  RefetchMemory memory_;  // RunOnce's thread only
  mutable std::mutex mu_;
  ReconcilerTotals totals_;
};

class PeriodicReconciler {
 public:
  // Builds its own StripeClient from `client_options`. `on_pass` (may be
  // empty) is called on the reconcile thread after each pass.
  PeriodicReconciler(StripeClientOptions client_options, EventLog* log, const Clock* clock,
                     ReconcilerOptions options, std::chrono::seconds interval,
                     std::function<void(const ReconcileReport&)> on_pass = nullptr, ReconcilerHooks hooks = {});
  ~PeriodicReconciler();  // Stop()s

  void Start();  // first pass right away, then every interval
  void Stop();   // idempotent; returns once the thread has exited
  ReconcilerTotals totals() const { return reconciler_->totals(); }

 private:
  InterruptibleSleeper sleeper_;
  std::unique_ptr<StripeClient> client_;
  std::unique_ptr<Reconciler> reconciler_;
  std::chrono::seconds interval_;
  std::function<void(const ReconcileReport&)> on_pass_;
  std::thread thread_;
};

}  // namespace subledger
