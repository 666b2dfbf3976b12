#include "stripe/reconciler.h"

#include <algorithm>
#include <set>

#include "stripe/stripe_config.h"
#include "ledger/thread_name.h"

namespace subledger {
namespace {

void Add(const RefetchTally& from, RefetchTally* to) {
  to->appended += from.appended;
  to->already_present += from.already_present;
  to->failed += from.failed;
}

}  // namespace

Reconciler::Reconciler(StripeClient* client, EventLog* log, const Clock* clock, Sleeper* sleeper,
                       ReconcilerOptions options, ReconcilerHooks hooks)
    : client_(client),
      log_(log),
      clock_(clock),
      options_(std::move(options)),
      hooks_(std::move(hooks)),
      limiter_(clock, sleeper, options_.max_requests_per_second) {
  client_->SetRequestGate([this] { limiter_.Acquire(); });
}

std::vector<std::string> Reconciler::Accounts() const {
  std::set<std::string> connected(options_.accounts.begin(), options_.accounts.end());
  if (hooks_.seen_accounts) {
    for (std::string& account : hooks_.seen_accounts()) {
      // Only a well-formed id ever reaches the Stripe-Account header.
      if (ValidateAccountId(account).ok()) connected.insert(std::move(account));
    }
  }
  std::vector<std::string> accounts = {""};
  accounts.insert(accounts.end(), connected.begin(), connected.end());
  return accounts;
}

void Reconciler::Walk(const std::string& account, const std::function<bool()>& should_stop,
                      ReconcileReport* report) {
  const int64_t now = clock_->NowUnixSeconds();
  BackfillOptions backfill;
  backfill.query.created_gte = std::max<int64_t>(0, now - options_.window.count());
  backfill.query.created_lte = std::max<int64_t>(backfill.query.created_gte, now - options_.settle.count());
  backfill.query.types = options_.types;
  backfill.should_stop = should_stop;
  backfill.on_rejected = options_.on_rejected;
  backfill.clock = clock_;
  client_->set_account(account);
  BackfillReport walked = Backfill(client_, log_, backfill);
  client_->set_account("");
  ++report->accounts;
  report->counts.found += walked.counts.found;
  report->counts.already_present += walked.counts.already_present;
  report->counts.recovered += walked.counts.recovered;
  report->counts.rejected += walked.counts.rejected;
  report->counts.pages += walked.counts.pages;
  report->complete = report->complete && walked.complete;
  if (!walked.status.ok() && report->status.ok()) {
    report->status = account.empty() ? walked.status : walked.status.WithContext("account " + account);
  }
}

void Reconciler::RefetchGaps(const std::function<bool()>& should_stop, ReconcileReport* report) {
  if (options_.max_refetches_per_pass == 0 || !hooks_.plan_refetch) return;
  if (should_stop && should_stop()) return;
  RefetchPlan plan = hooks_.plan_refetch(should_stop);
  report->unresolved_discounts = plan.unresolved_discounts;
  report->unknown_tiered_prices = plan.unknown_tiered_prices;
  std::vector<RefetchTarget> targets;
  for (RefetchTarget& target : plan.targets) {
    if (target.account.empty() || ValidateAccountId(target.account).ok()) targets.push_back(std::move(target));
  }
  RefetchOptions refetch;
  refetch.max_targets = options_.max_refetches_per_pass;
  refetch.should_stop = should_stop;
  refetch.memory = &memory_;
  refetch.on_result = hooks_.on_refetch;
  report->refetch = RefetchTargets(client_, log_, *clock_, targets, refetch);
}

void Reconciler::Record(const ReconcileReport& report, uint64_t attempts) {
  std::lock_guard<std::mutex> lock(mu_);
  ++totals_.passes;
  if (!report.status.ok()) ++totals_.failed_passes;
  totals_.events_found += report.counts.found;
  totals_.events_recovered += report.counts.recovered;
  totals_.events_rejected += report.counts.rejected;
  totals_.requests += attempts;
  totals_.last_pass_unix = clock_->NowUnixSeconds();
  totals_.last_error = report.status.ok() ? "" : report.status.ToString();
  Add(report.refetch.subscriptions, &totals_.refetched.subscriptions);
  Add(report.refetch.prices, &totals_.refetched.prices);
  totals_.accounts = report.accounts;
  totals_.unresolved_discounts = report.unresolved_discounts;
  totals_.unknown_tiered_prices = report.unknown_tiered_prices;
}

ReconcileReport Reconciler::RunOnce(const std::function<bool()>& should_stop) {
  const uint64_t attempts_before = client_->stats().attempts;
  ReconcileReport report;
  report.complete = true;
  for (const std::string& account : Accounts()) {
    if (should_stop && should_stop()) {
      report.complete = false;
      break;
    }
    Walk(account, should_stop, &report);
  }
  RefetchGaps(should_stop, &report);
  Record(report, client_->stats().attempts - attempts_before);
  return report;
}

ReconcilerTotals Reconciler::totals() const {
  std::lock_guard<std::mutex> lock(mu_);
  return totals_;
}

PeriodicReconciler::PeriodicReconciler(StripeClientOptions client_options, EventLog* log, const Clock* clock,
                                       ReconcilerOptions options, std::chrono::seconds interval,
                                       std::function<void(const ReconcileReport&)> on_pass, ReconcilerHooks hooks)
    : interval_(interval), on_pass_(std::move(on_pass)) {
  client_ = std::make_unique<StripeClient>(std::move(client_options), &sleeper_);
  client_->SetAbortCheck([this] { return sleeper_.interrupted(); });
  reconciler_ = std::make_unique<Reconciler>(client_.get(), log, clock, &sleeper_, std::move(options),
                                             std::move(hooks));
}

PeriodicReconciler::~PeriodicReconciler() { Stop(); }

void PeriodicReconciler::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    NameThisThread("sl-reconciler");
    while (!sleeper_.interrupted()) {
      ReconcileReport report = reconciler_->RunOnce([this] { return sleeper_.interrupted(); });
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
