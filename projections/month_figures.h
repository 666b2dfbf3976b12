// MonthFigures: the additive figures of one (currency, month) cell.
//
// Stock figures (MRR, customers, subscriptions, scheduled churn...) are kept
// as deltas at the month of each change, so the value at any month boundary
// is a prefix sum; flow figures (movements, churned counts, payments) are
// kept as they are. Every field is an integer sum, so contributions can be
// added and subtracted in any order with the same result — the basis of
// order tolerance.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "projections/calendar.h"

namespace subledger {

struct MonthFigures {
  // Deltas of stocks, applied at this month.
  int64_t d_mrr = 0;
  int64_t d_customers = 0;       // customers with MRR > 0
  int64_t d_subscriptions = 0;   // counted subscriptions
  int64_t d_scheduled = 0;       // MRR of counted subscriptions set to cancel
  int64_t d_unpriced = 0;        // unpriced items of counted subscriptions
  int64_t d_past_due = 0;        // MRR of past_due subscriptions (at risk)
  // Flows within this month.
  int64_t new_mrr = 0;
  int64_t expansion = 0;
  int64_t reactivation = 0;
  int64_t contraction = 0;
  int64_t churn_voluntary = 0;
  int64_t churn_involuntary = 0;
  int64_t churn_movements_voluntary = 0;    // number of churn movements
  int64_t churn_movements_involuntary = 0;
  int64_t customers_churned_voluntary = 0;
  int64_t customers_churned_involuntary = 0;
  int64_t subscriptions_churned = 0;
  int64_t payments_succeeded = 0;
  int64_t payments_failed = 0;
  int64_t amount_succeeded = 0;
  // Events that name this currency (keeps the currency in the report).
  int64_t facts = 0;

  // this += sign * other
  void Add(const MonthFigures& other, int64_t sign);
  bool IsZero() const;
};

using CellKey = std::pair<std::string, MonthIndex>;  // (currency, month)
using CellMap = std::map<CellKey, MonthFigures>;

}  // namespace subledger
