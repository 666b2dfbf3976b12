// Reconciler: one reconciliation pass -- a backfill over a trailing window
// -- for the daemon to run periodically (--reconcile-interval).
//
// A pass lists events with created in [now - window, now - settle] and
// appends the missing ones with EventSource::kBackfill (see backfill.h).
// `settle` leaves alone events so new that their webhook is probably still
// in flight, so the pass does not race a delivery that is about to succeed
// and misreport it as missed. Every HTTP attempt, retries included, first
// takes a token from a RequestRateLimiter, so a pass never spends more than
// `max_requests_per_second` of the account's API rate limit.
//
// The reconciler installs its rate gate on the client it is given: give it a
// client of its own.
//
// PeriodicReconciler runs passes on a thread of its own every `interval`
// until Stop(); Stop() interrupts a pass between pages and any sleep.
//
// Thread safety: RunOnce is called from one thread at a time; totals() may
// be read from any thread.
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
};

class Reconciler {
 public:
  // None of the pointers are owned; all must outlive the reconciler.
  Reconciler(StripeClient* client, EventLog* log, const Clock* clock, Sleeper* sleeper,
             ReconcilerOptions options);

  BackfillReport RunOnce(const std::function<bool()>& should_stop = nullptr);
  ReconcilerTotals totals() const;
  const ReconcilerOptions& options() const { return options_; }

 private:
  StripeClient* client_;
  EventLog* log_;
  const Clock* clock_;
  ReconcilerOptions options_;
  RequestRateLimiter limiter_;
  mutable std::mutex mu_;
  ReconcilerTotals totals_;
};

class PeriodicReconciler {
 public:
  // Builds its own StripeClient from `client_options`. `on_pass` (may be
  // empty) is called on the reconcile thread after each pass.
  PeriodicReconciler(StripeClientOptions client_options, EventLog* log, const Clock* clock,
                     ReconcilerOptions options, std::chrono::seconds interval,
                     std::function<void(const BackfillReport&)> on_pass = nullptr);
  ~PeriodicReconciler();  // Stop()s

  void Start();  // first pass right away, then every interval
  void Stop();   // idempotent; returns once the thread has exited
  ReconcilerTotals totals() const { return reconciler_->totals(); }

 private:
  InterruptibleSleeper sleeper_;
  std::unique_ptr<StripeClient> client_;
  std::unique_ptr<Reconciler> reconciler_;
  std::chrono::seconds interval_;
  std::function<void(const BackfillReport&)> on_pass_;
  std::thread thread_;
};

}  // namespace subledger
