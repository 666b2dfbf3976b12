#include "daemon/business_figures_from.h"

#include <string>
#include <utility>

#include "projections/revenue_report.h"

namespace subledger {
namespace {

WindowFigures WindowFrom(const MonthRow& row) {
  WindowFigures w;
  w.movements = MrrMovements{MetricMoney(row.new_mrr),         MetricMoney(row.expansion),
                             MetricMoney(row.reactivation),    MetricMoney(row.contraction),
                             MetricMoney(row.churn_voluntary), MetricMoney(row.churn_involuntary)};
  w.mrr_start = MetricMoney(row.mrr_start);
  w.customers_start = row.customers_start;
  w.customers_churned = row.customers_churned;
  w.customers_churned_involuntary = row.customers_churned_involuntary;
  w.subscriptions_start = row.subscriptions_start;
  w.subscriptions_churned = row.subscriptions_churned;
  w.payments_succeeded = row.payments_succeeded;
  w.payments_failed = row.payments_failed;
  w.amount_succeeded = MetricMoney(row.amount_succeeded);
  w.trials_started = row.trials_started;
  w.trials_ended = row.trials_ended;
  w.trials_converted = row.trials_converted;
  w.customer_churn_ratio = row.customer_churn_rate;
  w.subscription_churn_ratio = row.subscription_churn_rate;
  w.gross_mrr_churn_ratio = row.gross_mrr_churn_rate;
  w.net_mrr_churn_ratio = row.net_mrr_churn_rate;
  w.involuntary_churn_share = row.involuntary_churn_share;
  w.payment_success_ratio = row.payment_success_rate;
  w.trial_conversion_ratio = row.trial_conversion_rate;
  w.quick_ratio = row.quick_ratio;
  w.net_mrr_retention_ratio = row.nrr;
  w.gross_mrr_retention_ratio = row.grr;
  return w;
}

// A month after the book's last event: stocks carry over, nothing moved
// (no expiry point lies after as_of, §4), so NRR and GRR are exactly 1.
WindowFigures QuietWindow(const CurrencyRow& c) {
  WindowFigures w;
  w.mrr_start = MetricMoney(c.mrr);
  w.customers_start = c.customers;
  w.subscriptions_start = c.subscriptions;
  if (c.customers > 0) w.customer_churn_ratio = 0.0;
  if (c.subscriptions > 0) w.subscription_churn_ratio = 0.0;
  if (c.mrr > 0) {
    w.gross_mrr_churn_ratio = w.net_mrr_churn_ratio = 0.0;
    w.net_mrr_retention_ratio = w.gross_mrr_retention_ratio = 1.0;
  }
  return w;
}

CurrencyFigures CurrentFrom(const CurrencyRow& c) {
  CurrencyFigures f;
  f.currency = c.currency;
  f.mrr = MetricMoney(c.mrr);
  if (c.arpa) f.arpa = MetricMoney(*c.arpa);
  f.paying_customers = c.customers;
  f.scheduled_churn = MetricMoney(c.scheduled_churn);
  f.past_due_mrr = MetricMoney(c.past_due_mrr);
  f.unpriced_items = c.unpriced_items;
  f.unresolved_discounts = c.unresolved_discounts;
  return f;
}

// The report's month rows of one currency that the windows need.
struct CurrencyMonths {
  const MonthRow* now = nullptr;
  const MonthRow* previous = nullptr;
  MonthIndex last = 0;
};

std::map<std::string, CurrencyMonths> WindowRows(const RevenueReport& report, MonthIndex this_month) {
  std::map<std::string, CurrencyMonths> out;
  for (const MonthRow& row : report.months) {
    CurrencyMonths& m = out[row.currency];
    m.last = row.month;  // months are sorted within a currency
    if (row.month == this_month) m.now = &row;
    if (row.month == this_month - 1) m.previous = &row;
  }
  return out;
}

void SetWindows(CurrencyFigures& f, const CurrencyRow& c, const CurrencyMonths& m, MonthIndex this_month) {
  if (m.now) {
    f.month_to_date = WindowFrom(*m.now);
  } else if (m.last < this_month) {
    f.month_to_date = QuietWindow(c);
  }
  if (m.previous) {
    f.previous_month = WindowFrom(*m.previous);
  } else if (m.last < this_month - 1) {
    f.previous_month = QuietWindow(c);
  }
}

// The whole log's payment and churn-movement counts of each currency.
void SetCumulative(std::vector<CurrencyFigures>& currencies, const RevenueTotals& totals) {
  std::map<std::string, CurrencyFigures*> by_code;
  for (CurrencyFigures& f : currencies) by_code[f.currency] = &f;
  for (const auto& [key, cell] : totals.cells) {
    auto it = by_code.find(key.first);
    if (it == by_code.end()) continue;
    CurrencyFigures& f = *it->second;
    f.payments_succeeded_total += cell.payments_succeeded;
    f.payments_failed_total += cell.payments_failed;
    f.churn_voluntary_movements_total += cell.churn_movements_voluntary;
    f.churn_involuntary_movements_total += cell.churn_movements_involuntary;
  }
}

}  // namespace

BookFigures BookFiguresFrom(const RevenueTotals& totals, int64_t now_unix) {
  const RevenueReport report = BuildReport(totals);
  const MonthIndex this_month = MonthOf(now_unix);
  const std::map<std::string, CurrencyMonths> months = WindowRows(report, this_month);
  BookFigures book;
  book.subscriptions_by_status = report.subscriptions_by_status;
  book.as_of = report.as_of.value_or(0);
  for (const CurrencyRow& c : report.currencies) {
    CurrencyFigures f = CurrentFrom(c);
    const auto it = months.find(c.currency);
    SetWindows(f, c, it != months.end() ? it->second : CurrencyMonths{}, this_month);
    book.currencies.push_back(std::move(f));
  }
  SetCumulative(book.currencies, totals);
  return book;
}

std::map<EventSource, uint64_t> EventsBySource(const ProjectionSnapshot& snapshot) {
  std::map<EventSource, uint64_t> out;
  for (const auto& [book, totals] : snapshot.books) {
    for (const auto& [month, counts] : totals->sources_by_month) {
      for (size_t i = 1; i < counts.size(); ++i) {
        if (counts[i] > 0) out[static_cast<EventSource>(i)] += static_cast<uint64_t>(counts[i]);
      }
    }
  }
  return out;
}

BusinessFigures BusinessFiguresBuilder::Build(const ProjectionSnapshot& snapshot, int64_t now_unix) {
  const MonthIndex month = MonthOf(now_unix);
  std::map<Book, Cached> next;
  BusinessFigures figures;
  for (const auto& [book, totals] : snapshot.books) {
    std::optional<std::string> account = labels_.AccountLabel(book.account);
    if (!account || !totals) continue;
    auto old = cache_.find(book);
    if (old != cache_.end() && old->second.totals == totals && old->second.month == month) {
      next.emplace(book, std::move(old->second));
    } else {
      BookFigures f = BookFiguresFrom(*totals, now_unix);
      f.account = std::move(*account);
      f.mode = ModeLabel(book.livemode);
      next.emplace(book, Cached{totals, month, std::move(f)});
    }
    figures.books.push_back(next.at(book).figures);
  }
  cache_ = std::move(next);
  return figures;
}

}  // namespace subledger
