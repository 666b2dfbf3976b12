#include "daemon/reconcile_wiring.h"

#include <memory>
#include <string>

#include "daemon/refetch_planner.h"
#include "ingest/json_log.h"
#include "stripe/reconciler.h"
#include "stripe/stripe_config.h"

namespace subledger {
namespace {

constexpr int64_t kDefaultIntervalSeconds = 3600;

ReconcilerFigures FiguresFrom(const ReconcilerTotals& t) {
  ReconcilerFigures f;
  f.passes = t.passes;
  f.failed_passes = t.failed_passes;
  f.events_listed = t.events_found;
  f.events_recovered = t.events_recovered;
  f.api_requests = t.requests;
  f.last_pass_unix = t.last_pass_unix;
  f.refetched_subscriptions = t.refetched.subscriptions.appended + t.refetched.subscriptions.already_present;
  f.refetched_prices = t.refetched.prices.appended + t.refetched.prices.already_present;
  f.refetch_failed_subscriptions = t.refetched.subscriptions.failed;
  f.refetch_failed_prices = t.refetched.prices.failed;
  f.accounts = t.accounts;
  f.unresolved_discounts = t.unresolved_discounts;
  f.unknown_tiered_prices = t.unknown_tiered_prices;
  return f;
}

class ReconcilerComponent final : public DaemonComponent {
 public:
  ReconcilerComponent(StripeClientOptions client, EventLog* log, const Clock* clock,
                      ReconcilerOptions options, std::chrono::seconds interval,
                      SubledgerMetrics* metrics, ReconcilerHooks hooks)
      : metrics_(metrics),
        periodic_(std::move(client), log, clock, std::move(options), interval,
                  [this](const ReconcileReport& report) { OnPass(report); }, std::move(hooks)) {}

  std::string_view name() const override { return "reconciler"; }
  Status Start() override {
    periodic_.Start();
    return Status::Ok();
  }
  void Stop() override { periodic_.Stop(); }

 private:
  void OnPass(const ReconcileReport& report) {
    const ReconcilerTotals totals = periodic_.totals();
    auto line = report.status.ok() ? JsonLog::Info("reconcile_pass") : JsonLog::Warn("reconcile_pass");
    line.Bool("complete", report.complete)
        .Int("found", static_cast<int64_t>(report.counts.found))
        .Int("already_present", static_cast<int64_t>(report.counts.already_present))
        .Int("recovered", static_cast<int64_t>(report.counts.recovered))
        .Int("rejected", static_cast<int64_t>(report.counts.rejected))
        .Int("pages", report.counts.pages)
        .Int("accounts", static_cast<int64_t>(report.accounts))
        .Int("unresolved_discounts", static_cast<int64_t>(report.unresolved_discounts))
        .Int("unknown_tiered_prices", static_cast<int64_t>(report.unknown_tiered_prices))
        .Int("refetched", static_cast<int64_t>(report.refetch.fetched()))
        .Int("refetch_failed", static_cast<int64_t>(report.refetch.failed()))
        .Int("passes", static_cast<int64_t>(totals.passes))
        .Int("api_requests_total", static_cast<int64_t>(totals.requests));
    if (!report.status.ok()) line.Str("error", report.status.ToString());
    if (metrics_ != nullptr) metrics_->UpdateReconciler(FiguresFrom(totals));
  }

  SubledgerMetrics* metrics_;
  PeriodicReconciler periodic_;  // last: its thread calls OnPass until Stop()
};

bool KeyConfigured(const DaemonConfig& c, const EnvLookup& env) {
  if (!c.stripe_key_file.empty()) return true;
  const char* key = env ? env("STRIPE_SECRET_KEY") : nullptr;
  return key != nullptr && *key != '\0';
}

Status CheckAccounts(const std::vector<std::string>& accounts) {
  for (const std::string& account : accounts) {
    Status valid = ValidateAccountId(account);
    if (!valid.ok()) return valid.WithContext("--account");
  }
  return Status::Ok();
}

}  // namespace

Result<ReconcileMode> InstallReconciler(Daemon& daemon, SubledgerMetrics* metrics, const EnvLookup& env,
                                        ProjectorComponent* projections) {
  const DaemonConfig& c = daemon.config();
  if (Status valid = CheckAccounts(c.reconcile_accounts); !valid.ok()) return valid;
  if (c.reconcile_interval_seconds == 0) {
    JsonLog::Info("reconcile_off").Str("reason", "--reconcile-interval 0");
    return ReconcileMode::kOff;
  }
  if (!KeyConfigured(c, env)) {
    if (!c.reconcile_accounts.empty()) {
      return Status::InvalidArgument(
          "--account: reconciling a connected account needs a Stripe secret key (set STRIPE_SECRET_KEY or "
          "pass --stripe-key-file FILE)");
    }
    if (c.reconcile_interval_seconds > 0) {
      return Status::InvalidArgument(
          "--reconcile-interval: needs a Stripe secret key (set STRIPE_SECRET_KEY or pass "
          "--stripe-key-file FILE)");
    }
    JsonLog::Info("reconcile_off").Str("reason", "no STRIPE_SECRET_KEY or --stripe-key-file");
    return ReconcileMode::kOff;
  }
  if (c.reconcile_window_seconds <= 0) {
    return Status::InvalidArgument("--reconcile-window: must be longer than 0");
  }
  if (c.reconcile_settle_seconds >= c.reconcile_window_seconds) {
    return Status::InvalidArgument("--reconcile-settle: must be shorter than --reconcile-window");
  }
  StripeFlagValues flags;
  flags.api_base = c.stripe_api_base;
  flags.key_file = c.stripe_key_file;
  flags.stripe_version = c.stripe_version;
  auto client = ResolveStripeOptions(flags);
  if (!client.ok()) return client.status().WithContext("reconcile");

  ReconcilerOptions options;
  options.window = std::chrono::seconds(c.reconcile_window_seconds);
  options.settle = std::chrono::seconds(c.reconcile_settle_seconds);
  options.max_requests_per_second = c.reconcile_max_rps;
  options.on_rejected = [](const std::string& event_id, const Status& why) {
    JsonLog::Warn("reconcile_event_rejected").Str("event_id", event_id).Str("error", why.message());
  };
  options.accounts = c.reconcile_accounts;
  options.max_refetches_per_pass = static_cast<size_t>(c.reconcile_max_refetches);
  ReconcilerHooks hooks = MakeReconcilerHooks(projections, &daemon.log(), KeyLivemode(client->secret_key));
  const int64_t interval =
      c.reconcile_interval_seconds > 0 ? c.reconcile_interval_seconds : kDefaultIntervalSeconds;
  JsonLog::Info("reconcile_on")
      .Str("api_base", client->api_base)
      .Str("stripe_version", client->stripe_version)
      .Int("interval_s", interval)
      .Int("window_s", c.reconcile_window_seconds)
      .Int("settle_s", c.reconcile_settle_seconds)
      .Str("max_rps", std::to_string(c.reconcile_max_rps))
      .Int("accounts_configured", static_cast<int64_t>(c.reconcile_accounts.size()))
      .Int("max_refetches", static_cast<int64_t>(c.reconcile_max_refetches));
  daemon.AddComponent(std::make_unique<ReconcilerComponent>(
      std::move(client).value(), &daemon.log(), &daemon.clock(), std::move(options),
      std::chrono::seconds(interval), metrics, std::move(hooks)));
  return ReconcileMode::kOn;
}

}  // namespace subledger
