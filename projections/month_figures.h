// MonthFigures: the additive figures of one (currency, month) cell.
//
// Stock figures (MRR, customers, subscriptions, scheduled churn...) are kept
// as deltas at the month of each change, so the value at any month boundary
// is a prefix sum; flow figures (movements, churned counts, payments,
// trials) are kept as they are. Every field is an integer sum, so
// contributions can be added and subtracted in any order with the same
// result — the basis of order tolerance. Money fields are 128-bit.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "projections/byte_codec.h"
#include "projections/calendar.h"
#include "projections/money.h"

namespace subledger {

// X(type, name) for every field, in the persisted order (never reorder;
// append new fields at the end and bump the formats that embed them).
#define SUBLEDGER_MONTH_FIELDS(X)                                                                      \
  X(Money, d_mrr)                                                                                      \
  X(int64_t, d_customers)      /* customers with MRR > 0 */                                            \
  X(int64_t, d_subscriptions)  /* counted subscriptions */                                             \
  X(Money, d_scheduled)        /* MRR of counted subscriptions set to cancel */                        \
  X(int64_t, d_unpriced)       /* unpriced items of counted subscriptions */                           \
  X(Money, d_past_due)         /* MRR of past_due subscriptions (at risk) */                           \
  X(Money, new_mrr)                                                                                    \
  X(Money, expansion)                                                                                  \
  X(Money, reactivation)                                                                               \
  X(Money, contraction)                                                                                \
  X(Money, churn_voluntary)                                                                            \
  X(Money, churn_involuntary)                                                                          \
  X(int64_t, churn_movements_voluntary)                                                                \
  X(int64_t, churn_movements_involuntary)                                                              \
  X(int64_t, customers_churned_voluntary)                                                              \
  X(int64_t, customers_churned_involuntary)                                                            \
  X(int64_t, subscriptions_churned)                                                                    \
  X(int64_t, payments_succeeded)                                                                       \
  X(int64_t, payments_failed)                                                                          \
  X(Money, amount_succeeded)                                                                           \
  X(int64_t, facts) /* subscription facts and payments naming this currency: keeps its rows */         \
  X(int64_t, trials_started)                                                                           \
  X(int64_t, trials_ended)                                                                             \
  X(int64_t, trials_converted)

struct MonthFigures {
#define SUBLEDGER_DECLARE_FIELD(type, name) type name = 0;
  SUBLEDGER_MONTH_FIELDS(SUBLEDGER_DECLARE_FIELD)
#undef SUBLEDGER_DECLARE_FIELD

  // this += sign * other
  void Add(const MonthFigures& other, int64_t sign);
  bool IsZero() const;
  // Sparse binary form: a bit mask of the non-zero fields, then those fields.
  void Encode(ByteWriter& w) const;
  static MonthFigures Decode(ByteReader& r);
};

using CellKey = std::pair<std::string, MonthIndex>;  // (currency, month)
using CellMap = std::map<CellKey, MonthFigures>;

// into += sign * cells, dropping cells that become zero.
void AddCells(CellMap& into, const CellMap& cells, int64_t sign);

}  // namespace subledger
