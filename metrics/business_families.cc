#include "metrics/business_families.h"

#include <map>
#include <string>

#include "metrics/business_rows.h"
#include "metrics/family_builder.h"
#include "metrics/label_values.h"
#include "metrics/window_families.h"

namespace subledger {
namespace {

using prometheus::MetricType;

double D(int64_t v) { return static_cast<double>(v); }

// MRR, ARPA, scheduled churn and past-due MRR now; not for "other".
void CurrentMoneyFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder mrr("subledger_mrr_minor_units",
                    Help("Monthly recurring revenue now (revenue model section 3-4).", kMoneyHelp), MetricType::Gauge);
  FamilyBuilder arpa("subledger_arpa_minor_units",
                     Help("Average revenue per paying customer now: MRR / paying customers, rounded half-up.",
                          kMoneyHelp),
                     MetricType::Gauge);
  FamilyBuilder scheduled("subledger_scheduled_churn_mrr_minor_units",
                          Help("MRR of counted subscriptions set to cancel (cancel_at_period_end or cancel_at).",
                               kMoneyHelp),
                          MetricType::Gauge);
  FamilyBuilder past_due("subledger_past_due_mrr_minor_units",
                         Help("MRR at risk: MRR of subscriptions in status past_due.", kMoneyHelp), MetricType::Gauge);
  for (const CurrencyLabelRow& row : rows) {
    if (!row.money_and_ratios) continue;
    const CurrencyFigures& f = row.figures;
    mrr.Add(row.labels, f.mrr);
    if (f.arpa) arpa.Add(row.labels, *f.arpa);
    scheduled.Add(row.labels, f.scheduled_churn);
    past_due.Add(row.labels, f.past_due_mrr);
  }
  for (FamilyBuilder* b : {&mrr, &arpa, &scheduled, &past_due}) b->MoveInto(out);
}

// Paying customers, unpriced items and unresolved discounts now.
void CurrentCountFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder customers("subledger_paying_customers", Help("Customers with MRR > 0 now.", kPerCurrencyHelp),
                          MetricType::Gauge);
  FamilyBuilder unpriced("subledger_unpriced_items",
                         Help("Items of counted subscriptions left out of MRR (metered, or without a unit amount"
                              " or known tiers).",
                              kPerCurrencyHelp),
                         MetricType::Gauge);
  FamilyBuilder unresolved("subledger_unresolved_discounts",
                           Help("Distinct discount ids named by counted subscriptions that are not known, or whose"
                                " coupon is not known (revenue model section 7): left out of MRR until an event"
                                " or snapshot carries them.",
                                kPerCurrencyHelp),
                           MetricType::Gauge);
  for (const CurrencyLabelRow& row : rows) {
    customers.Add(row.labels, D(row.figures.paying_customers));
    unpriced.Add(row.labels, D(row.figures.unpriced_items));
    unresolved.Add(row.labels, D(row.figures.unresolved_discounts));
  }
  for (FamilyBuilder* b : {&customers, &unpriced, &unresolved}) b->MoveInto(out);
}

// Payment attempts and churn movements over the whole log (counters).
void CumulativeFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder attempts(
      "subledger_payment_attempts_total",
      Help("Payment intents in the log by outcome (payment_intent.succeeded / payment_failed events).",
           kPerCurrencyHelp, " Cumulative over the whole log, so restarts and rebuilds do not reset it."),
      MetricType::Counter);
  FamilyBuilder churns("subledger_churn_movements_total",
                       Help("Churn movements (a customer's last counted subscription in a currency ended) by reason.",
                            kPerCurrencyHelp, " Cumulative over the whole log."),
                       MetricType::Counter);
  for (const CurrencyLabelRow& row : rows) {
    const CurrencyFigures& f = row.figures;
    attempts.Add(With(row.labels, "outcome", "succeeded"), D(f.payments_succeeded_total));
    attempts.Add(With(row.labels, "outcome", "failed"), D(f.payments_failed_total));
    churns.Add(With(row.labels, "reason", "voluntary"), D(f.churn_voluntary_movements_total));
    churns.Add(With(row.labels, "reason", "involuntary"), D(f.churn_involuntary_movements_total));
  }
  attempts.MoveInto(out);
  churns.MoveInto(out);
}

// Per book: subscriptions by status (every known status, 0 included) and
// the as-of time of its figures.
void BookFamilies(const std::vector<BookRow>& books, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder by_status("subledger_subscriptions",
                          "Every known subscription of the book (account, mode) by its current Stripe status"
                          " (all currencies).",
                          MetricType::Gauge);
  FamilyBuilder as_of("subledger_figures_as_of_timestamp_seconds",
                      "Greatest event created time (Unix seconds) the book's (account, mode) business figures include.",
                      MetricType::Gauge);
  for (const BookRow& book : books) {
    std::map<std::string_view, int64_t> statuses;
    for (std::string_view s : KnownSubscriptionStatuses()) statuses[s] = 0;
    for (const auto& [status, count] : book.book->subscriptions_by_status) {
      statuses[SubscriptionStatusLabel(status)] += count;
    }
    for (const auto& [status, count] : statuses) {
      by_status.Add(Prefixed("status", std::string(status), book.labels), D(count));
    }
    if (book.book->as_of > 0) as_of.Add(book.labels, D(book.book->as_of));
  }
  by_status.MoveInto(out);
  as_of.MoveInto(out);
}

}  // namespace

const char* FiguresWindowName(FiguresWindow window) {
  return window == FiguresWindow::kMonthToDate ? "month_to_date" : "previous_month";
}

std::vector<prometheus::MetricFamily> BusinessFamilies(const BusinessFigures& figures) {
  std::vector<prometheus::MetricFamily> out;
  const BusinessRows rows = FlattenBusiness(figures);
  CurrentMoneyFamilies(rows.currencies, out);
  CurrentCountFamilies(rows.currencies, out);
  CumulativeFamilies(rows.currencies, out);
  BookFamilies(rows.books, out);
  WindowFamilies(rows.currencies, out);
  return out;
}

}  // namespace subledger
