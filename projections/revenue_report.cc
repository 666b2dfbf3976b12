#include "projections/revenue_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <set>

#include "projections/rational.h"

namespace subledger {
namespace {

std::optional<double> Rate(Money numerator, Money denominator) { return NearestRatio(numerator, denominator); }


}  // namespace


namespace {

// Stocks carried from month to month (prefix sums of the cells' deltas).
struct Stocks {
  Money mrr = 0, scheduled = 0, past_due = 0;
  int64_t customers = 0, subscriptions = 0, unpriced = 0;

  void Add(const MonthFigures& f) {
    mrr += f.d_mrr;
    customers += f.d_customers;
    subscriptions += f.d_subscriptions;
    scheduled += f.d_scheduled;
    unpriced += f.d_unpriced;
    past_due += f.d_past_due;
  }
};

void CountArrivals(const RevenueTotals& totals, const ReportFilter& filter, RevenueReport* report) {
  for (const auto& [month, counts] : totals.sources_by_month) {
    if ((filter.from && month < *filter.from) || (filter.to && month > *filter.to)) continue;
    report->events_webhook += counts[static_cast<size_t>(EventSource::kWebhook)];
    report->events_import += counts[static_cast<size_t>(EventSource::kImport)];
    report->events_backfill += counts[static_cast<size_t>(EventSource::kBackfill)];
    report->events_snapshot += counts[static_cast<size_t>(EventSource::kSnapshot)];
  }
  report->webhook_delivery_rate =
      Rate(report->events_webhook, report->events_webhook + report->events_backfill);
}

// One month's row from the stocks at its start and its cell (spec §5).
MonthRow MonthRowOf(MonthIndex month, const std::string& currency, const MonthFigures& f, Stocks& stocks) {
  MonthRow row;
  row.month = month;
  row.currency = currency;
  row.mrr_start = stocks.mrr;
  row.customers_start = stocks.customers;
  row.subscriptions_start = stocks.subscriptions;
  stocks.Add(f);
  row.new_mrr = f.new_mrr;
  row.expansion = f.expansion;
  row.reactivation = f.reactivation;
  row.contraction = f.contraction;
  row.churn_voluntary = f.churn_voluntary;
  row.churn_involuntary = f.churn_involuntary;
  row.churn = f.churn_voluntary + f.churn_involuntary;
  row.net_new = row.new_mrr + row.expansion + row.reactivation - row.contraction - row.churn;
  row.mrr_end = stocks.mrr;
  row.customers_end = stocks.customers;
  row.customers_churned_voluntary = f.customers_churned_voluntary;
  row.customers_churned_involuntary = f.customers_churned_involuntary;
  row.customers_churned = f.customers_churned_voluntary + f.customers_churned_involuntary;
  row.customer_churn_rate = Rate(row.customers_churned, row.customers_start);
  row.gross_mrr_churn_rate = Rate(row.churn + row.contraction, row.mrr_start);
  row.net_mrr_churn_rate = Rate(row.churn + row.contraction - row.expansion - row.reactivation, row.mrr_start);
  row.subscriptions_churned = f.subscriptions_churned;
  row.subscription_churn_rate = Rate(row.subscriptions_churned, row.subscriptions_start);
  row.involuntary_churn_share = Rate(row.customers_churned_involuntary, row.customers_churned);
  row.arpa = DivideRoundHalfUp(row.mrr_end, row.customers_end);
  row.scheduled_churn = stocks.scheduled;
  row.payments_succeeded = f.payments_succeeded;
  row.payments_failed = f.payments_failed;
  row.amount_succeeded = f.amount_succeeded;
  row.payment_success_rate = Rate(f.payments_succeeded, f.payments_succeeded + f.payments_failed);
  row.trials_started = f.trials_started;
  row.trials_ended = f.trials_ended;
  row.trials_converted = f.trials_converted;
  row.trial_conversion_rate = Rate(f.trials_converted, f.trials_ended);
  row.quick_ratio = Rate(row.new_mrr + row.expansion + row.reactivation, row.contraction + row.churn);
  row.nrr = Rate(row.mrr_start + row.expansion + row.reactivation - row.contraction - row.churn, row.mrr_start);
  row.grr = Rate(row.mrr_start - row.contraction - row.churn, row.mrr_start);
  return row;
}

using CurrencyCells = std::vector<std::pair<MonthIndex, const MonthFigures*>>;  // by month

// Every month of the book's range for one currency, then its current row.
void BuildCurrency(const RevenueTotals& totals, const std::string& currency, const CurrencyCells& cells,
                   const ReportFilter& filter, RevenueReport* report) {
  Stocks stocks;
  const MonthIndex first = MonthOf(totals.min_created), last = MonthOf(totals.max_created);
  size_t next = 0;
  for (MonthIndex m = first; m <= last; ++m) {
    static const MonthFigures kEmpty;
    const MonthFigures* f = &kEmpty;
    if (next < cells.size() && cells[next].first == m) f = cells[next++].second;
    MonthRow row = MonthRowOf(m, currency, *f, stocks);
    if ((!filter.from || m >= *filter.from) && (!filter.to || m <= *filter.to)) report->months.push_back(row);
  }
  CurrencyRow c;
  c.currency = currency;
  c.mrr = stocks.mrr;
  c.arr = stocks.mrr * 12;
  c.customers = stocks.customers;
  c.arpa = DivideRoundHalfUp(stocks.mrr, stocks.customers);
  c.scheduled_churn = stocks.scheduled;
  c.unpriced_items = stocks.unpriced;
  c.past_due_mrr = stocks.past_due;
  c.subscriptions = stocks.subscriptions;
  auto unresolved = totals.unresolved.lower_bound({currency, ""});
  for (; unresolved != totals.unresolved.end() && unresolved->first.first == currency; ++unresolved) {
    ++c.unresolved_discounts;
  }
  report->currencies.push_back(c);
}

}  // namespace

RevenueReport BuildReport(const RevenueTotals& totals, const ReportFilter& filter) {
  RevenueReport report;
  report.book = totals.book;
  report.events = totals.events;
  report.as_of = totals.as_of();
  report.subscriptions_by_status = totals.status_counts;
  CountArrivals(totals, filter, &report);
  if (totals.events == 0) return report;

  // Cells are all within the book's month range by construction; a
  // currency has rows when a subscription or a payment names it.
  std::map<std::string, CurrencyCells> by_currency;
  std::map<std::string, int64_t> named;
  for (const auto& [key, figures] : totals.cells) {
    if (key.first.empty()) continue;
    by_currency[key.first].emplace_back(key.second, &figures);
    named[key.first] += figures.facts;
  }
  for (const auto& [currency, cells] : by_currency) {
    if (named[currency] == 0 || (filter.currency && *filter.currency != currency)) continue;
    BuildCurrency(totals, currency, cells, filter, &report);
  }
  return report;
}

void WriteCurrencyRow(JsonWriter& w, const CurrencyRow& c) {
  w.BeginObject();
  w.Key("currency"); w.String(c.currency);
  w.Key("mrr"); w.Amount(c.mrr);
  w.Key("arr"); w.Amount(c.arr);
  w.Key("customers"); w.Int(c.customers);
  w.Key("arpa"); w.OptAmount(c.arpa);
  w.Key("scheduled_churn"); w.Amount(c.scheduled_churn);
  w.Key("unpriced_items"); w.Int(c.unpriced_items);
  w.Key("unresolved_discounts"); w.Int(c.unresolved_discounts);
  w.EndObject();
}

void WriteMonthRow(JsonWriter& w, const MonthRow& r) {
  w.BeginObject();
  w.Key("month"); w.String(MonthLabel(r.month));
  w.Key("currency"); w.String(r.currency);
  w.Key("mrr_start"); w.Amount(r.mrr_start);
  w.Key("new"); w.Amount(r.new_mrr);
  w.Key("expansion"); w.Amount(r.expansion);
  w.Key("reactivation"); w.Amount(r.reactivation);
  w.Key("contraction"); w.Amount(r.contraction);
  w.Key("churn"); w.Amount(r.churn);
  w.Key("churn_voluntary"); w.Amount(r.churn_voluntary);
  w.Key("churn_involuntary"); w.Amount(r.churn_involuntary);
  w.Key("net_new"); w.Amount(r.net_new);
  w.Key("mrr_end"); w.Amount(r.mrr_end);
  w.Key("customers_start"); w.Int(r.customers_start);
  w.Key("customers_end"); w.Int(r.customers_end);
  w.Key("customers_churned"); w.Int(r.customers_churned);
  w.Key("customers_churned_voluntary"); w.Int(r.customers_churned_voluntary);
  w.Key("customers_churned_involuntary"); w.Int(r.customers_churned_involuntary);
  w.Key("customer_churn_rate"); w.OptDouble(r.customer_churn_rate);
  w.Key("gross_mrr_churn_rate"); w.OptDouble(r.gross_mrr_churn_rate);
  w.Key("net_mrr_churn_rate"); w.OptDouble(r.net_mrr_churn_rate);
  w.Key("subscriptions_start"); w.Int(r.subscriptions_start);
  w.Key("subscriptions_churned"); w.Int(r.subscriptions_churned);
  w.Key("subscription_churn_rate"); w.OptDouble(r.subscription_churn_rate);
  w.Key("involuntary_churn_share"); w.OptDouble(r.involuntary_churn_share);
  w.Key("arpa"); w.OptAmount(r.arpa);
  w.Key("scheduled_churn"); w.Amount(r.scheduled_churn);
  w.Key("payments_succeeded"); w.Int(r.payments_succeeded);
  w.Key("payments_failed"); w.Int(r.payments_failed);
  w.Key("amount_succeeded"); w.Amount(r.amount_succeeded);
  w.Key("payment_success_rate"); w.OptDouble(r.payment_success_rate);
  w.Key("trials_started"); w.Int(r.trials_started);
  w.Key("trials_ended"); w.Int(r.trials_ended);
  w.Key("trials_converted"); w.Int(r.trials_converted);
  w.Key("trial_conversion_rate"); w.OptDouble(r.trial_conversion_rate);
  w.Key("quick_ratio"); w.OptDouble(r.quick_ratio);
  w.Key("nrr"); w.OptDouble(r.nrr);
  w.Key("grr"); w.OptDouble(r.grr);
  w.EndObject();
}

std::string RenderReportJson(const RevenueReport& report) {
  JsonWriter w(1);
  w.BeginObject();
  w.Key("account");
  if (report.book.platform()) {
    w.Null();
  } else {
    w.String(report.book.account);
  }
  w.Key("livemode"); w.Bool(report.book.livemode);
  w.Key("events"); w.Int(static_cast<int64_t>(report.events));
  w.Key("as_of"); w.OptInt(report.as_of);
  w.Key("subscriptions_by_status");
  w.BeginObject();
  for (const auto& [status, n] : report.subscriptions_by_status) {
    w.Key(status);
    w.Int(n);
  }
  w.EndObject();
  WriteReportTables(w, report);
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

std::string MajorUnits(Money cents) {
  const Money magnitude = cents < 0 ? -cents : cents;
  const int fraction = static_cast<int>(magnitude % 100);
  return (cents < 0 ? "-" : "") + MoneyToString(magnitude / 100) + (fraction < 10 ? ".0" : ".") +
         std::to_string(fraction);
}

namespace {
std::string Percent(const std::optional<double>& r) {
  if (!r) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", *r * 100);
  return buf;
}
}  // namespace

std::string RenderReportTable(const RevenueReport& report) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "events: %llu   as of: %lld (UTC seconds)\n\n",
                static_cast<unsigned long long>(report.events), static_cast<long long>(report.as_of.value_or(0)));
  out += line;
  std::snprintf(line, sizeof line,
                "events by arrival: webhook %lld, backfill %lld, import %lld, snapshot %lld;"
                " webhook delivery rate %s\n\n",
                static_cast<long long>(report.events_webhook), static_cast<long long>(report.events_backfill),
                static_cast<long long>(report.events_import), static_cast<long long>(report.events_snapshot),
                Percent(report.webhook_delivery_rate).c_str());
  out += line;
  out += "subscriptions by status:";
  for (const auto& [status, n] : report.subscriptions_by_status) out += " " + status + "=" + std::to_string(n);
  out += "\n\n";
  std::snprintf(line, sizeof line, "%-8s %14s %16s %10s %12s %16s %8s\n", "currency", "MRR", "ARR", "customers",
                "ARPA", "scheduled churn", "unpriced");
  out += line;
  for (const CurrencyRow& c : report.currencies) {
    std::snprintf(line, sizeof line, "%-8s %14s %16s %10lld %12s %16s %8lld\n", c.currency.c_str(), MajorUnits(c.mrr).c_str(),
                  MajorUnits(c.arr).c_str(), static_cast<long long>(c.customers), c.arpa ? MajorUnits(*c.arpa).c_str() : "-",
                  MajorUnits(c.scheduled_churn).c_str(), static_cast<long long>(c.unpriced_items));
    out += line;
  }
  out += "\n";
  std::snprintf(line, sizeof line, "%-7s %-4s %12s %10s %10s %10s %10s %10s %12s %6s %8s %8s %8s\n", "month", "cur",
                "MRR start", "new", "expansion", "reactiv.", "contract.", "churn", "MRR end", "cust", "cust.ch%",
                "sub.ch%", "pay.ok%");
  out += line;
  for (const MonthRow& r : report.months) {
    std::snprintf(line, sizeof line, "%-7s %-4s %12s %10s %10s %10s %10s %10s %12s %6lld %8s %8s %8s\n",
                  MonthLabel(r.month).c_str(), r.currency.c_str(), MajorUnits(r.mrr_start).c_str(), MajorUnits(r.new_mrr).c_str(),
                  MajorUnits(r.expansion).c_str(), MajorUnits(r.reactivation).c_str(), MajorUnits(r.contraction).c_str(),
                  MajorUnits(r.churn).c_str(), MajorUnits(r.mrr_end).c_str(), static_cast<long long>(r.customers_end),
                  Percent(r.customer_churn_rate).c_str(), Percent(r.subscription_churn_rate).c_str(),
                  Percent(r.payment_success_rate).c_str());
    out += line;
  }
  out += "\nAmounts in major units of each currency; never add rows of different currencies.\n";
  return out;
}

void WriteReportTables(JsonWriter& w, const RevenueReport& report) {
  w.Key("currencies");
  w.BeginArray();
  for (const CurrencyRow& c : report.currencies) WriteCurrencyRow(w, c);
  w.EndArray();
  w.Key("months");
  w.BeginArray();
  for (const MonthRow& m : report.months) WriteMonthRow(w, m);
  w.EndArray();
}

}  // namespace subledger
