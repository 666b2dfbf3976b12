// RevenueReport: the figures of spec §5–§7 computed from RevenueTotals, and
// their renderings: the exact `report --json` document (keys in spec order,
// Python-compatible number formatting so the output is byte-comparable with
// independent implementations) and a table for humans.
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/book.h"
#include "ledger/json_writer.h"  // JsonWriter, PythonFloat
#include "projections/money.h"
#include "projections/revenue_totals.h"

namespace subledger {

struct ReportFilter {
  std::optional<std::string> currency;
  std::optional<MonthIndex> from;
  std::optional<MonthIndex> to;
};

// Money fields are 128-bit minor units (projections/money.h); counts are int64.
struct CurrencyRow {
  std::string currency;
  Money mrr = 0, arr = 0;
  int64_t customers = 0;
  std::optional<Money> arpa;
  Money scheduled_churn = 0;
  int64_t unpriced_items = 0, unresolved_discounts = 0;
  // Not in the spec's §7 JSON: for the table and the metrics.
  Money past_due_mrr = 0;
  int64_t subscriptions = 0;
};

// One month of one currency: the keys of spec §7's `months[]`, in order.
struct MonthRow {
  MonthIndex month = 0;
  std::string currency;
  Money mrr_start = 0, new_mrr = 0, expansion = 0, reactivation = 0, contraction = 0, churn = 0,
        churn_voluntary = 0, churn_involuntary = 0, net_new = 0, mrr_end = 0;
  int64_t customers_start = 0, customers_end = 0, customers_churned = 0, customers_churned_voluntary = 0,
          customers_churned_involuntary = 0;
  std::optional<double> customer_churn_rate, gross_mrr_churn_rate, net_mrr_churn_rate;
  int64_t subscriptions_start = 0, subscriptions_churned = 0;
  std::optional<double> subscription_churn_rate, involuntary_churn_share;
  std::optional<Money> arpa;
  Money scheduled_churn = 0;
  int64_t payments_succeeded = 0, payments_failed = 0;
  Money amount_succeeded = 0;
  std::optional<double> payment_success_rate;
  int64_t trials_started = 0, trials_ended = 0, trials_converted = 0;
  std::optional<double> trial_conversion_rate, quick_ratio, nrr, grr;
};

// The report of one book (spec §7).
struct RevenueReport {
  Book book;  // rendered as "account" (null for the platform) and "livemode"
  uint64_t events = 0;
  std::optional<int64_t> as_of;
  std::map<std::string, int64_t> subscriptions_by_status;
  std::vector<CurrencyRow> currencies;
  std::vector<MonthRow> months;  // by currency, then month
  // Not part of the spec §7 JSON (whose keys are fixed): events in the
  // filtered month range by how they arrived, for the table and metrics.
  int64_t events_webhook = 0, events_import = 0, events_backfill = 0, events_snapshot = 0;
  // The monitoring spec's webhook_delivery_rate: webhook / webhook+backfill
  // (imports and API snapshots are not deliveries Stripe attempted).
  std::optional<double> webhook_delivery_rate;
};

RevenueReport BuildReport(const RevenueTotals& totals, const ReportFilter& filter = {});
std::string RenderReportJson(const RevenueReport& report);
std::string RenderReportTable(const RevenueReport& report);

// JSON fragments shared with the read API.
void WriteCurrencyRow(JsonWriter& w, const CurrencyRow& row);
void WriteMonthRow(JsonWriter& w, const MonthRow& row);
// The "currencies" and "months" members of a report object, in that order
// (the report's JSON and the read API's /v1/report share them).
void WriteReportTables(JsonWriter& w, const RevenueReport& report);
// Minor units as major units with two decimals ("-12.05").
std::string MajorUnits(Money cents);

}  // namespace subledger
