#include "metrics/window_families.h"

#include <optional>
#include <string>

#include "metrics/family_builder.h"

namespace subledger {
namespace {

using prometheus::MetricType;

double D(int64_t v) { return static_cast<double>(v); }

// Calls fn(labels, row, figures) for every window of every row; labels are
// {window, currency, account, mode}.
template <typename Fn>
void ForEachWindow(const std::vector<CurrencyLabelRow>& rows, Fn fn) {
  for (FiguresWindow window : kAllFiguresWindows) {
    for (const CurrencyLabelRow& row : rows) {
      fn(Prefixed("window", FiguresWindowName(window), row.labels), row, row.figures.window(window));
    }
  }
}

FamilyBuilder Gauge(const char* name, const std::string& help) {
  return FamilyBuilder(name, help, MetricType::Gauge);
}

// Customers, subscriptions, payments and trials: counts, also for "other".
void CountFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder customers_start = Gauge(
      "subledger_customers_at_window_start",
      Help("Customers with MRR > 0 when the window began.", kPerCurrencyHelp, kWindowHelp));
  FamilyBuilder customers_churned = Gauge(
      "subledger_customers_churned",
      Help("Customers of the window's start not retained at its end, by reason of their last churn.",
           kPerCurrencyHelp, kWindowHelp));
  FamilyBuilder subs_start = Gauge(
      "subledger_subscriptions_at_window_start",
      Help("Subscriptions counted (active or past_due) when the window began.", kPerCurrencyHelp, kWindowHelp));
  FamilyBuilder subs_churned = Gauge(
      "subledger_subscriptions_churned",
      Help("Subscriptions counted at the window's start and not counted at its end.", kPerCurrencyHelp, kWindowHelp));
  FamilyBuilder payments = Gauge(
      "subledger_payments",
      Help("Payment intents in the window by outcome (succeeded, failed).", kPerCurrencyHelp, kWindowHelp));
  FamilyBuilder trials = Gauge(
      "subledger_trials",
      Help("Trials in the window by kind: started (a state became trialing), ended (a trialing state became"
           " another status), converted (of those ended, the ones that became active or past_due).",
           kPerCurrencyHelp, kWindowHelp));
  ForEachWindow(rows, [&](const MetricLabels& l, const CurrencyLabelRow&, const WindowFigures& f) {
    customers_start.Add(l, D(f.customers_start));
    customers_churned.Add(With(l, "reason", "involuntary"), D(f.customers_churned_involuntary));
    customers_churned.Add(With(l, "reason", "voluntary"), D(f.customers_churned - f.customers_churned_involuntary));
    subs_start.Add(l, D(f.subscriptions_start));
    subs_churned.Add(l, D(f.subscriptions_churned));
    payments.Add(With(l, "outcome", "succeeded"), D(f.payments_succeeded));
    payments.Add(With(l, "outcome", "failed"), D(f.payments_failed));
    trials.Add(With(l, "kind", "started"), D(f.trials_started));
    trials.Add(With(l, "kind", "ended"), D(f.trials_ended));
    trials.Add(With(l, "kind", "converted"), D(f.trials_converted));
  });
  for (FamilyBuilder* b : {&customers_start, &customers_churned, &subs_start, &subs_churned, &payments, &trials}) {
    b->MoveInto(out);
  }
}

// Movements, MRR at the start and payment amounts: money, not for "other".
void MoneyFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  FamilyBuilder movements = Gauge(
      "subledger_mrr_movements_minor_units",
      Help("Sum of MRR movements in the window by kind (new, expansion, reactivation, contraction,"
           " churn_voluntary, churn_involuntary), all non-negative.",
           kMoneyHelp, kWindowHelp));
  FamilyBuilder mrr_start = Gauge("subledger_mrr_at_window_start_minor_units",
                                  Help("MRR just before the window began.", kMoneyHelp, kWindowHelp));
  FamilyBuilder amounts = Gauge(
      "subledger_payment_amount_minor_units",
      Help("Amount of the window's payment intents by outcome (amount_received for succeeded).", kMoneyHelp,
           kWindowHelp));
  ForEachWindow(rows, [&](const MetricLabels& l, const CurrencyLabelRow& row, const WindowFigures& f) {
    if (!row.money_and_ratios) return;
    const MrrMovements& m = f.movements;
    movements.Add(With(l, "kind", "new"), m.new_mrr);
    movements.Add(With(l, "kind", "expansion"), m.expansion);
    movements.Add(With(l, "kind", "reactivation"), m.reactivation);
    movements.Add(With(l, "kind", "contraction"), m.contraction);
    movements.Add(With(l, "kind", "churn_voluntary"), m.churn_voluntary);
    movements.Add(With(l, "kind", "churn_involuntary"), m.churn_involuntary);
    mrr_start.Add(l, f.mrr_start);
    amounts.Add(With(l, "outcome", "succeeded"), f.amount_succeeded);
    if (f.amount_failed) amounts.Add(With(l, "outcome", "failed"), *f.amount_failed);
  });
  for (FamilyBuilder* b : {&movements, &mrr_start, &amounts}) b->MoveInto(out);
}

struct RatioSpec {
  const char* name;
  const char* help;
  std::optional<double> WindowFigures::*field;
};

// The window ratios; each absent where its denominator is 0.
constexpr RatioSpec kRatios[] = {
    {"subledger_customer_churn_ratio",
     "Customer churn rate 0-1: customers churned / customers at window start. Absent when no customer.",
     &WindowFigures::customer_churn_ratio},
    {"subledger_subscription_churn_ratio",
     "Subscription churn rate 0-1 (the monitoring spec's churn_rate): subscriptions churned / subscriptions at"
     " window start.",
     &WindowFigures::subscription_churn_ratio},
    {"subledger_gross_mrr_churn_ratio", "Gross MRR churn rate: (churn + contraction) / MRR at window start.",
     &WindowFigures::gross_mrr_churn_ratio},
    {"subledger_net_mrr_churn_ratio",
     "Net MRR churn rate: (churn + contraction - expansion - reactivation) / MRR at window start; negative when"
     " expansion wins.",
     &WindowFigures::net_mrr_churn_ratio},
    {"subledger_involuntary_churn_share_ratio",
     "Share 0-1 of churned customers whose churn was involuntary (failed or disputed payment; the monitoring"
     " spec's involuntary_churn).",
     &WindowFigures::involuntary_churn_share},
    {"subledger_payment_success_ratio",
     "Payment success rate 0-1: succeeded / (succeeded + failed) payment intents (the monitoring spec's"
     " payment_success_rate).",
     &WindowFigures::payment_success_ratio},
    {"subledger_trial_conversion_ratio",
     "Trial conversion rate 0-1: trials converted / trials ended. Absent when no trial ended.",
     &WindowFigures::trial_conversion_ratio},
    {"subledger_quick_ratio",
     "Quick ratio (0 or more, 1 = growth offsets losses): (new + expansion + reactivation) / (contraction +"
     " churn). Absent when nothing contracted or churned.",
     &WindowFigures::quick_ratio},
    {"subledger_net_mrr_retention_ratio",
     "Net MRR retention (NRR; above 1 when expansion outweighs losses): (MRR at window start + expansion +"
     " reactivation - contraction - churn) / MRR at window start.",
     &WindowFigures::net_mrr_retention_ratio},
    {"subledger_gross_mrr_retention_ratio",
     "Gross MRR retention 0-1 (GRR): (MRR at window start - contraction - churn) / MRR at window start.",
     &WindowFigures::gross_mrr_retention_ratio},
};

void RatioFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  for (const RatioSpec& spec : kRatios) {
    FamilyBuilder ratio = Gauge(spec.name, Help(spec.help, kPerCurrencyHelp, kWindowHelp));
    ForEachWindow(rows, [&](const MetricLabels& l, const CurrencyLabelRow& row, const WindowFigures& f) {
      if (!row.money_and_ratios) return;
      if (const std::optional<double>& v = f.*(spec.field)) ratio.Add(l, *v);
    });
    ratio.MoveInto(out);
  }
}

}  // namespace

void WindowFamilies(const std::vector<CurrencyLabelRow>& rows, std::vector<prometheus::MetricFamily>& out) {
  MoneyFamilies(rows, out);
  CountFamilies(rows, out);
  RatioFamilies(rows, out);
}

}  // namespace subledger
