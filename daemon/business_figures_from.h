// The read models as the metrics' plain figures (metrics/business_figures.h):
// the one place where projections/ meets metrics/.
//
// BusinessFiguresBuilder turns a published ProjectionSnapshot into
// BusinessFigures: one BookFigures per book of the platform's own account and
// of the connected accounts listed in --metrics-accounts (BookLabels); books
// of other accounts are left out. It keeps the figures of each book and
// reuses them while the book's totals are the same object (a snapshot shares
// unchanged books with the previous one) and the month has not changed, so an
// event re-reports only its own book.
//
// Money: the projections' Money is an exact 128-bit integer; the metrics hold
// doubles. MetricMoney is the one conversion: exact up to 2^53 minor units,
// the nearest double above (never a wrap, cap or 0).
//
// Thread safety: the functions are pure; a BusinessFiguresBuilder is used by
// one thread at a time (the caller serialises Build).
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "ledger/book.h"
#include "metrics/book_labels.h"
#include "metrics/business_figures.h"
#include "projections/calendar.h"
#include "projections/money.h"
#include "projections/projection_state.h"
#include "projections/revenue_totals.h"

namespace subledger {

// Minor units as a Prometheus value: the nearest double (exact up to 2^53).
inline double MetricMoney(Money m) { return static_cast<double>(m); }

// One book's figures, with the month_to_date / previous_month windows of
// `now_unix`. `account` and `mode` are left for the caller to set.
BookFigures BookFiguresFrom(const RevenueTotals& totals, int64_t now_unix);

// Events by source over every book (whole log), from the per-month counts.
std::map<EventSource, uint64_t> EventsBySource(const ProjectionSnapshot& snapshot);

class BusinessFiguresBuilder {
 public:
  explicit BusinessFiguresBuilder(BookLabels labels) : labels_(std::move(labels)) {}

  // The exported books of `snapshot`, platform first, then by account id
  // and mode.
  BusinessFigures Build(const ProjectionSnapshot& snapshot, int64_t now_unix);

 private:
  struct Cached {
    std::shared_ptr<const RevenueTotals> totals;
    MonthIndex month = 0;
    BookFigures figures;
  };
  BookLabels labels_;
  std::map<Book, Cached> cache_;
};

}  // namespace subledger
