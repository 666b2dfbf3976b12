#include "metrics/business_families.h"

#include <map>
#include <string>

#include "metrics/family_builder.h"
#include "metrics/label_values.h"

namespace subledger {
namespace {

using prometheus::MetricType;

constexpr const char* kMoney =
    " In integer minor units of the currency (cents; yen for jpy), as in report --json."
    " Per currency: never sum across currencies.";
constexpr const char* kPerCurrency = " Per currency.";
constexpr const char* kWindow =
    " window is month_to_date or previous_month (calendar months, UTC).";

std::string Help(const char* what, const char* a, const char* b = "") {
  return std::string(what) + a + b;
}

// One exported currency row: a real currency, or "other" (counts only).
struct Row {
  std::string label;
  bool money_and_ratios = true;
  CurrencyFigures figures;
};

void AddCounts(WindowFigures& into, const WindowFigures& from) {
  into.customers_start += from.customers_start;
  into.customers_churned += from.customers_churned;
  into.customers_churned_involuntary += from.customers_churned_involuntary;
  into.subscriptions_start += from.subscriptions_start;
  into.subscriptions_churned += from.subscriptions_churned;
  into.payments_succeeded += from.payments_succeeded;
  into.payments_failed += from.payments_failed;
}

std::vector<Row> Rows(const std::vector<CurrencyFigures>& currencies) {
  std::vector<std::string> codes;
  codes.reserve(currencies.size());
  for (const CurrencyFigures& c : currencies) codes.push_back(c.currency);
  std::vector<std::string> labels = AssignCurrencyLabels(codes);

  std::map<std::string, Row> rows;  // sorted by label
  Row other{std::string(kOtherLabel), false, {}};
  bool have_other = false;
  for (size_t i = 0; i < currencies.size(); ++i) {
    const CurrencyFigures& c = currencies[i];
    if (labels[i] != kOtherLabel && !rows.count(labels[i])) {
      rows.emplace(labels[i], Row{labels[i], true, c});
      continue;
    }
    have_other = true;
    CurrencyFigures& o = other.figures;
    o.paying_customers += c.paying_customers;
    o.unpriced_items += c.unpriced_items;
    AddCounts(o.month_to_date, c.month_to_date);
    AddCounts(o.previous_month, c.previous_month);
    o.payments_succeeded_total += c.payments_succeeded_total;
    o.payments_failed_total += c.payments_failed_total;
    o.churn_voluntary_movements_total += c.churn_voluntary_movements_total;
    o.churn_involuntary_movements_total += c.churn_involuntary_movements_total;
  }
  std::vector<Row> out;
  out.reserve(rows.size() + 1);
  for (auto& [label, row] : rows) out.push_back(std::move(row));
  if (have_other) out.push_back(std::move(other));
  return out;
}

double D(int64_t v) { return static_cast<double>(v); }

void CurrentFamilies(const std::vector<Row>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder mrr("subledger_mrr_minor_units",
                    Help("Monthly recurring revenue now (revenue model section 3-4).", kMoney),
                    MetricType::Gauge);
  FamilyBuilder arpa("subledger_arpa_minor_units",
                     Help("Average revenue per paying customer now: MRR / paying customers, rounded half-up.", kMoney),
                     MetricType::Gauge);
  FamilyBuilder customers("subledger_paying_customers",
                          Help("Customers with MRR > 0 now.", kPerCurrency), MetricType::Gauge);
  FamilyBuilder scheduled("subledger_scheduled_churn_mrr_minor_units",
                          Help("MRR of counted subscriptions set to cancel (cancel_at_period_end or cancel_at).", kMoney),
                          MetricType::Gauge);
  FamilyBuilder past_due("subledger_past_due_mrr_minor_units",
                         Help("MRR at risk: MRR of subscriptions in status past_due.", kMoney),
                         MetricType::Gauge);
  FamilyBuilder unpriced("subledger_unpriced_items",
                         Help("Items of counted subscriptions left out of MRR (metered or without a unit amount).", kPerCurrency),
                         MetricType::Gauge);
  FamilyBuilder attempts("subledger_payment_attempts_total",
                         Help("Payment intents in the log by outcome (payment_intent.succeeded / payment_failed events).", kPerCurrency,
                              " Cumulative over the whole log, so restarts and rebuilds do not reset it."),
                         MetricType::Counter);
  FamilyBuilder churns("subledger_churn_movements_total",
                       Help("Churn movements (a customer's last counted subscription in a currency ended) by reason.", kPerCurrency,
                            " Cumulative over the whole log."),
                       MetricType::Counter);
  for (const Row& row : rows) {
    const CurrencyFigures& f = row.figures;
    MetricLabels cur{{"currency", row.label}};
    customers.Add(cur, D(f.paying_customers));
    unpriced.Add(cur, D(f.unpriced_items));
    attempts.Add({{"currency", row.label}, {"outcome", "succeeded"}}, D(f.payments_succeeded_total));
    attempts.Add({{"currency", row.label}, {"outcome", "failed"}}, D(f.payments_failed_total));
    churns.Add({{"currency", row.label}, {"reason", "voluntary"}}, D(f.churn_voluntary_movements_total));
    churns.Add({{"currency", row.label}, {"reason", "involuntary"}}, D(f.churn_involuntary_movements_total));
    if (!row.money_and_ratios) continue;
    mrr.Add(cur, D(f.mrr));
    if (f.arpa) arpa.Add(cur, D(*f.arpa));
    scheduled.Add(cur, D(f.scheduled_churn));
    past_due.Add(cur, D(f.past_due_mrr));
  }
  for (FamilyBuilder* b : {&mrr, &arpa, &customers, &scheduled, &past_due, &unpriced, &attempts, &churns}) {
    b->MoveInto(out);
  }
}

void WindowFamilies(const std::vector<Row>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder movements("subledger_mrr_movements_minor_units",
                          Help("Sum of MRR movements in the window by kind (new, expansion, reactivation, contraction,"
                               " churn_voluntary, churn_involuntary), all non-negative.", kMoney, kWindow),
                          MetricType::Gauge);
  FamilyBuilder mrr_start("subledger_mrr_at_window_start_minor_units",
                          Help("MRR just before the window began.", kMoney, kWindow), MetricType::Gauge);
  FamilyBuilder customers_start("subledger_customers_at_window_start",
                                Help("Customers with MRR > 0 when the window began.", kPerCurrency, kWindow),
                                MetricType::Gauge);
  FamilyBuilder customers_churned("subledger_customers_churned",
                                  Help("Customers of the window's start not retained at its end, by reason of their last churn.",
                                       kPerCurrency, kWindow),
                                  MetricType::Gauge);
  FamilyBuilder subs_start("subledger_subscriptions_at_window_start",
                           Help("Subscriptions counted (active or past_due) when the window began.", kPerCurrency, kWindow),
                           MetricType::Gauge);
  FamilyBuilder subs_churned("subledger_subscriptions_churned",
                             Help("Subscriptions counted at the window's start and not counted at its end.", kPerCurrency, kWindow),
                             MetricType::Gauge);
  FamilyBuilder payments("subledger_payments",
                         Help("Payment intents in the window by outcome (succeeded, failed).", kPerCurrency, kWindow),
                         MetricType::Gauge);
  FamilyBuilder amounts("subledger_payment_amount_minor_units",
                        Help("Amount of the window's payment intents by outcome (amount_received for succeeded).", kMoney, kWindow),
                        MetricType::Gauge);
  struct RatioFamily {
    FamilyBuilder builder;
    std::optional<double> WindowFigures::*field;
  };
  RatioFamily ratios[] = {
      {FamilyBuilder("subledger_customer_churn_ratio",
                     Help("Customer churn rate 0-1: customers churned / customers at window start. Absent when no customer.",
                          kPerCurrency, kWindow), MetricType::Gauge),
       &WindowFigures::customer_churn_ratio},
      {FamilyBuilder("subledger_subscription_churn_ratio",
                     Help("Subscription churn rate 0-1 (the monitoring spec's churn_rate): subscriptions churned /"
                          " subscriptions at window start.", kPerCurrency, kWindow), MetricType::Gauge),
       &WindowFigures::subscription_churn_ratio},
      {FamilyBuilder("subledger_gross_mrr_churn_ratio",
                     Help("Gross MRR churn rate: (churn + contraction) / MRR at window start.", kPerCurrency, kWindow),
                     MetricType::Gauge),
       &WindowFigures::gross_mrr_churn_ratio},
      {FamilyBuilder("subledger_net_mrr_churn_ratio",
                     Help("Net MRR churn rate: (churn + contraction - expansion - reactivation) / MRR at window start;"
                          " negative when expansion wins.", kPerCurrency, kWindow), MetricType::Gauge),
       &WindowFigures::net_mrr_churn_ratio},
      {FamilyBuilder("subledger_involuntary_churn_share_ratio",
                     Help("Share 0-1 of churned customers whose churn was involuntary (failed or disputed payment;"
                          " the monitoring spec's involuntary_churn).", kPerCurrency, kWindow), MetricType::Gauge),
       &WindowFigures::involuntary_churn_share},
      {FamilyBuilder("subledger_payment_success_ratio",
                     Help("Payment success rate 0-1: succeeded / (succeeded + failed) payment intents"
                          " (the monitoring spec's payment_success_rate).", kPerCurrency, kWindow), MetricType::Gauge),
       &WindowFigures::payment_success_ratio},
  };

  for (FiguresWindow window : kAllFiguresWindows) {
    const std::string w = FiguresWindowName(window);
    for (const Row& row : rows) {
      const WindowFigures& f = row.figures.window(window);
      MetricLabels wc{{"window", w}, {"currency", row.label}};
      auto with = [&](const char* name, const char* value) {
        MetricLabels l = wc;
        l.emplace_back(name, value);
        return l;
      };
      customers_start.Add(wc, D(f.customers_start));
      customers_churned.Add(with("reason", "involuntary"), D(f.customers_churned_involuntary));
      customers_churned.Add(with("reason", "voluntary"), D(f.customers_churned - f.customers_churned_involuntary));
      subs_start.Add(wc, D(f.subscriptions_start));
      subs_churned.Add(wc, D(f.subscriptions_churned));
      payments.Add(with("outcome", "succeeded"), D(f.payments_succeeded));
      payments.Add(with("outcome", "failed"), D(f.payments_failed));
      if (!row.money_and_ratios) continue;
      const MrrMovements& m = f.movements;
      movements.Add(with("kind", "new"), D(m.new_mrr));
      movements.Add(with("kind", "expansion"), D(m.expansion));
      movements.Add(with("kind", "reactivation"), D(m.reactivation));
      movements.Add(with("kind", "contraction"), D(m.contraction));
      movements.Add(with("kind", "churn_voluntary"), D(m.churn_voluntary));
      movements.Add(with("kind", "churn_involuntary"), D(m.churn_involuntary));
      mrr_start.Add(wc, D(f.mrr_start));
      amounts.Add(with("outcome", "succeeded"), D(f.amount_succeeded));
      if (f.amount_failed) amounts.Add(with("outcome", "failed"), D(*f.amount_failed));
      for (RatioFamily& r : ratios) {
        if (const std::optional<double>& v = f.*(r.field)) r.builder.Add(wc, *v);
      }
    }
  }
  for (FamilyBuilder* b : {&movements, &mrr_start, &customers_start, &customers_churned, &subs_start,
                           &subs_churned, &payments, &amounts}) {
    b->MoveInto(out);
  }
  for (RatioFamily& r : ratios) r.builder.MoveInto(out);
}

}  // namespace

const char* FiguresWindowName(FiguresWindow window) {
  return window == FiguresWindow::kMonthToDate ? "month_to_date" : "previous_month";
}

std::vector<prometheus::MetricFamily> BusinessFamilies(const BusinessFigures& figures) {
  std::vector<prometheus::MetricFamily> out;
  std::vector<Row> rows = Rows(figures.currencies);
  CurrentFamilies(rows, out);

  FamilyBuilder by_status("subledger_subscriptions",
                          "Every known subscription by its current Stripe status (all currencies).",
                          MetricType::Gauge);
  std::map<std::string_view, int64_t> statuses;
  for (std::string_view s : KnownSubscriptionStatuses()) statuses[s] = 0;
  for (const auto& [status, count] : figures.subscriptions_by_status) {
    statuses[SubscriptionStatusLabel(status)] += count;
  }
  for (const auto& [status, count] : statuses) by_status.Add({{"status", std::string(status)}}, D(count));
  by_status.MoveInto(out);

  if (figures.as_of > 0) {
    FamilyBuilder("subledger_figures_as_of_timestamp_seconds",
                  "Greatest event created time (Unix seconds) the business figures include.", MetricType::Gauge)
        .Add(D(figures.as_of))
        .MoveInto(out);
  }
  WindowFamilies(rows, out);
  return out;
}

}  // namespace subledger
