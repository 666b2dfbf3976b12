#include "stripe/reconciler.h"

#include <algorithm>

namespace subledger {

Reconciler::Reconciler(StripeClient* client, EventLog* log, const Clock* clock, Sleeper* sleeper,
                       ReconcilerOptions options)
    : client_(client),
      log_(log),
      clock_(clock),
      options_(std::move(options)),
      limiter_(clock, sleeper, options_.max_requests_per_second) {
  client_->SetRequestGate([this] { limiter_.Acquire(); });
}

BackfillReport Reconciler::RunOnce(const std::function<bool()>& should_stop) {
  int64_t now = clock_->NowUnixSeconds();
  BackfillOptions backfill;
  backfill.query.created_gte = std::max<int64_t>(0, now - options_.window.count());
  backfill.query.created_lte = std::max<int64_t>(backfill.query.created_gte, now - options_.settle.count());
  backfill.query.types = options_.types;
  backfill.should_stop = should_stop;
  backfill.on_rejected = options_.on_rejected;
  backfill.clock = clock_;
  uint64_t attempts_before = client_->stats().attempts;
  BackfillReport report = Backfill(client_, log_, backfill);
  uint64_t attempts = client_->stats().attempts - attempts_before;

  std::lock_guard<std::mutex> lock(mu_);
  ++totals_.passes;
  if (!report.status.ok()) ++totals_.failed_passes;
  totals_.events_found += report.counts.found;
  totals_.events_recovered += report.counts.recovered;
  totals_.events_rejected += report.counts.rejected;
  totals_.requests += attempts;
  totals_.last_pass_unix = clock_->NowUnixSeconds();
  totals_.last_error = report.status.ok() ? "" : report.status.ToString();
  return report;
}

ReconcilerTotals Reconciler::totals() const {
  std::lock_guard<std::mutex> lock(mu_);
  return totals_;
}

PeriodicReconciler::PeriodicReconciler(StripeClientOptions client_options, EventLog* log, const Clock* clock,
                                       ReconcilerOptions options, std::chrono::seconds interval,
                                       std::function<void(const BackfillReport&)> on_pass)
    : interval_(interval), on_pass_(std::move(on_pass)) {
  client_ = std::make_unique<StripeClient>(std::move(client_options), &sleeper_);
  client_->SetAbortCheck([this] { return sleeper_.interrupted(); });
  reconciler_ = std::make_unique<Reconciler>(client_.get(), log, clock, &sleeper_, std::move(options));
}

PeriodicReconciler::~PeriodicReconciler() { Stop(); }

void PeriodicReconciler::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    while (!sleeper_.interrupted()) {
      BackfillReport report = reconciler_->RunOnce([this] { return sleeper_.interrupted(); });
      if (on_pass_) on_pass_(report);
      sleeper_.SleepFor(std::chrono::duration_cast<std::chrono::milliseconds>(interval_));
    }
  });
}

void PeriodicReconciler::Stop() {
  sleeper_.Interrupt();
  if (thread_.joinable()) thread_.join();
}

}  // namespace subledger
