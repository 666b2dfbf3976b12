// The figures the metrics layer exports, as plain values.
//
// metrics/ does not read the projections' internals (it includes no
// projections/ header): the daemon's wiring (daemon/business_figures_from.h)
// fills these structs from the read models and pushes them into
// SubledgerMetrics. Every figure is defined in ../shared/spec/revenue-model.md
// (version 2); the field comments name the section.
//
// Books (§0): business figures come per book, one BookFigures each, labelled
// with its `account` and `mode` (metrics/book_labels.h). Books never mix, and
// nothing is summed across books or currencies.
//
// Money is in minor units of the row's own currency (cents for usd, yen for
// jpy), the integers of `subledger report --json`, held here as double because
// a Prometheus sample value is a double. The wiring converts the projections'
// exact 128-bit integers explicitly (MetricMoney in
// daemon/business_figures_from.h): every amount up to 2^53 minor units
// (about 9 * 10^15, 90 trillion dollars) is exact; a larger one is the
// nearest double, and the report keeps the exact integer.
//
// Absent values (std::optional without a value, e.g. a rate whose denominator
// is 0) are not exported at all, rather than exported as 0.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/event_record.h"

namespace subledger {

// The two calendar-month windows the business gauges are exported for.
enum class FiguresWindow { kMonthToDate, kPreviousMonth };
inline constexpr FiguresWindow kAllFiguresWindows[] = {FiguresWindow::kMonthToDate,
                                                       FiguresWindow::kPreviousMonth};
// "month_to_date" / "previous_month": the `window` label value.
const char* FiguresWindowName(FiguresWindow window);

// Σ of the MRR movements in a window (§4, §5), all non-negative; money.
struct MrrMovements {
  double new_mrr = 0;
  double expansion = 0;
  double reactivation = 0;
  double contraction = 0;
  double churn_voluntary = 0;
  double churn_involuntary = 0;
};

// One currency's figures for one window (§5, §6).
struct WindowFigures {
  MrrMovements movements;
  double mrr_start = 0;  // money
  int64_t customers_start = 0;
  int64_t customers_churned = 0;
  int64_t customers_churned_involuntary = 0;
  int64_t subscriptions_start = 0;
  int64_t subscriptions_churned = 0;
  int64_t payments_succeeded = 0;
  int64_t payments_failed = 0;
  double amount_succeeded = 0;          // money
  std::optional<double> amount_failed;  // money; when the projection tracks it
  // Trials (§5): events that started, ended and converted a trial.
  int64_t trials_started = 0;
  int64_t trials_ended = 0;
  int64_t trials_converted = 0;
  // Ratios (0–1 unless said otherwise); nullopt when the denominator is 0.
  std::optional<double> customer_churn_ratio;
  std::optional<double> subscription_churn_ratio;  // the monitoring spec's churn_rate
  std::optional<double> gross_mrr_churn_ratio;
  std::optional<double> net_mrr_churn_ratio;
  std::optional<double> involuntary_churn_share;  // the monitoring spec's involuntary_churn
  std::optional<double> payment_success_ratio;    // the monitoring spec's payment_success_rate
  std::optional<double> trial_conversion_ratio;   // trials_converted / trials_ended
  std::optional<double> quick_ratio;              // (new + expansion + reactivation) / (contraction + churn), >= 0
  std::optional<double> net_mrr_retention_ratio;  // §5 nrr, may exceed 1
  std::optional<double> gross_mrr_retention_ratio;  // §5 grr
};

// One currency's current figures (§7 `currencies`) plus its windows and its
// cumulative totals over the whole log.
struct CurrencyFigures {
  std::string currency;  // ISO 4217, lowercase ("usd")
  double mrr = 0;               // money
  std::optional<double> arpa;   // money; nullopt when there is no paying customer
  int64_t paying_customers = 0;
  double scheduled_churn = 0;   // money: MRR of counted subscriptions set to cancel
  double past_due_mrr = 0;      // money: MRR of subscriptions in status past_due (at risk)
  int64_t unpriced_items = 0;
  int64_t unresolved_discounts = 0;  // §7: distinct discount ids named but not known
  WindowFigures month_to_date;
  WindowFigures previous_month;
  // Totals over every event in the log. They only grow as events are added
  // (the figures are a function of the set of events), so they are exported
  // as counters and survive restarts and rebuilds without a reset.
  int64_t payments_succeeded_total = 0;
  int64_t payments_failed_total = 0;
  int64_t churn_voluntary_movements_total = 0;
  int64_t churn_involuntary_movements_total = 0;

  const WindowFigures& window(FiguresWindow w) const {
    return w == FiguresWindow::kMonthToDate ? month_to_date : previous_month;
  }
};

// One book's figures (§0): one Stripe account in one mode.
struct BookFigures {
  std::string account;  // `account` label: "platform" or a listed "acct_…" (BookLabels)
  std::string mode;     // `mode` label: "live" or "test" (ModeLabel)
  std::vector<CurrencyFigures> currencies;
  // Every known subscription of the book by current status (§7), e.g. {"active", 10}.
  std::map<std::string, int64_t> subscriptions_by_status;
  int64_t as_of = 0;  // greatest event `created` of the book (Unix s); 0 = none
};

// The exported books. A book whose (account, mode) labels repeat an earlier
// entry's is not exported (labels must identify one series).
struct BusinessFigures {
  std::vector<BookFigures> books;
};

// Progress of the log and the projector.
struct LogFigures {
  uint64_t events_in_log = 0;      // distinct events (EventLog::EventCount)
  uint64_t projection_lag_events = 0;
  double projection_lag_seconds = 0;  // age of the oldest event not yet projected
  int64_t last_event_created = 0;  // greatest `created` in the log; 0 = none
  std::optional<int64_t> last_event_received_micros;
  // Events in the log by how they arrived; empty = not known.
  std::map<EventSource, uint64_t> events_by_source;
  // Events in the log whose `created` is not plausible (§1), left out of
  // every figure (ProjectionSnapshot::implausible_events); nullopt when no
  // projector runs, like projection_healthy (Projector::health().ok()).
  std::optional<uint64_t> projection_implausible_events;
  std::optional<bool> projection_healthy;
};

// RocksDB and log health, from EventLog::stats(), health() and
// GetIntProperty(). Optional fields are exported only when present.
struct StorageFigures {
  bool healthy = true;  // EventLog::health().ok(): false in the sticky error state
  uint64_t wal_syncs = 0;
  uint64_t write_errors = 0;
  std::optional<uint64_t> background_errors;       // rocksdb.background-errors
  std::optional<uint64_t> write_stopped;           // rocksdb.is-write-stopped (0/1)
  std::optional<uint64_t> delayed_write_rate;      // rocksdb.actual-delayed-write-rate, bytes/s
  std::optional<uint64_t> sst_files_bytes;         // rocksdb.total-sst-files-size
  std::optional<uint64_t> memtables_bytes;         // rocksdb.cur-size-all-mem-tables
  std::optional<uint64_t> pending_compaction_bytes;  // rocksdb.estimate-pending-compaction-bytes
  std::optional<uint64_t> write_stall_micros;      // cumulative stall time, when available
};

// Running totals of the periodic reconciliation against Stripe's /v1/events
// (stripe/reconciler.h ReconcilerTotals), when the daemon runs it.
struct ReconcilerFigures {
  uint64_t passes = 0;
  uint64_t failed_passes = 0;
  uint64_t events_listed = 0;     // events Stripe listed for the windows checked
  uint64_t events_recovered = 0;  // of those, missing from the log and appended (source backfill)
  uint64_t api_requests = 0;      // HTTP attempts, retries included
  int64_t last_pass_unix = 0;     // when the last pass finished; 0 = none yet
  // Snapshots refetched to close the projection's gaps (fetched OK) and
  // refetches that failed, by kind.
  uint64_t refetched_subscriptions = 0;
  uint64_t refetched_prices = 0;
  uint64_t refetch_failed_subscriptions = 0;
  uint64_t refetch_failed_prices = 0;
  uint64_t accounts = 0;  // accounts the last pass walked (platform included)
  // What the last pass found unresolved before refetching (books of the
  // key's mode): distinct discount ids, tiered prices without known tiers.
  uint64_t unresolved_discounts = 0;
  uint64_t unknown_tiered_prices = 0;
};

}  // namespace subledger
