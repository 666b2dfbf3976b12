#include "metrics/business_rows.h"

#include <map>
#include <set>
#include <utility>

#include "metrics/label_values.h"

namespace subledger {
namespace {

void AddCounts(WindowFigures& into, const WindowFigures& from) {
  into.customers_start += from.customers_start;
  into.customers_churned += from.customers_churned;
  into.customers_churned_involuntary += from.customers_churned_involuntary;
  into.subscriptions_start += from.subscriptions_start;
  into.subscriptions_churned += from.subscriptions_churned;
  into.payments_succeeded += from.payments_succeeded;
  into.payments_failed += from.payments_failed;
  into.trials_started += from.trials_started;
  into.trials_ended += from.trials_ended;
  into.trials_converted += from.trials_converted;
}

void AddCounts(CurrencyFigures& into, const CurrencyFigures& from) {
  into.paying_customers += from.paying_customers;
  into.unpriced_items += from.unpriced_items;
  into.unresolved_discounts += from.unresolved_discounts;
  AddCounts(into.month_to_date, from.month_to_date);
  AddCounts(into.previous_month, from.previous_month);
  into.payments_succeeded_total += from.payments_succeeded_total;
  into.payments_failed_total += from.payments_failed_total;
  into.churn_voluntary_movements_total += from.churn_voluntary_movements_total;
  into.churn_involuntary_movements_total += from.churn_involuntary_movements_total;
}

// One book's currency rows, sorted by currency label, "other" last.
void AppendCurrencyRows(const BookRow& book, std::vector<CurrencyLabelRow>& out) {
  const std::vector<CurrencyFigures>& currencies = book.book->currencies;
  std::vector<std::string> codes;
  codes.reserve(currencies.size());
  for (const CurrencyFigures& c : currencies) codes.push_back(c.currency);
  const std::vector<std::string> labels = AssignCurrencyLabels(codes);

  std::map<std::string, const CurrencyFigures*> named;  // sorted by label
  CurrencyFigures other;
  bool have_other = false;
  for (size_t i = 0; i < currencies.size(); ++i) {
    if (labels[i] != kOtherLabel && named.emplace(labels[i], &currencies[i]).second) continue;
    have_other = true;
    AddCounts(other, currencies[i]);
  }
  for (const auto& [label, figures] : named) {
    out.push_back({Prefixed("currency", label, book.labels), true, *figures});
  }
  if (have_other) out.push_back({Prefixed("currency", std::string(kOtherLabel), book.labels), false, other});
}

}  // namespace

MetricLabels With(MetricLabels labels, std::string name, std::string value) {
  labels.emplace_back(std::move(name), std::move(value));
  return labels;
}

MetricLabels Prefixed(std::string name, std::string value, const MetricLabels& labels) {
  MetricLabels out;
  out.reserve(labels.size() + 1);
  out.emplace_back(std::move(name), std::move(value));
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

BusinessRows FlattenBusiness(const BusinessFigures& figures) {
  BusinessRows rows;
  std::set<std::pair<std::string, std::string>> seen;
  for (const BookFigures& book : figures.books) {
    if (!seen.emplace(book.account, book.mode).second) continue;
    rows.books.push_back({{{"account", book.account}, {"mode", book.mode}}, &book});
  }
  for (const BookRow& book : rows.books) AppendCurrencyRows(book, rows.currencies);
  return rows;
}

}  // namespace subledger
