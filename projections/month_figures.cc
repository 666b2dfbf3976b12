#include "projections/month_figures.h"

namespace subledger {

#define SUBLEDGER_MONTH_FIELDS(X)                                                                  \
  X(d_mrr) X(d_customers) X(d_subscriptions) X(d_scheduled) X(d_unpriced) X(d_past_due) X(new_mrr) \
  X(expansion) X(reactivation) X(contraction) X(churn_voluntary) X(churn_involuntary) X(churn_movements_voluntary) X(churn_movements_involuntary)             \
  X(customers_churned_voluntary) X(customers_churned_involuntary) X(subscriptions_churned)         \
  X(payments_succeeded) X(payments_failed) X(amount_succeeded) X(facts)

void MonthFigures::Add(const MonthFigures& o, int64_t sign) {
#define X(f) f += sign * o.f;
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
}

bool MonthFigures::IsZero() const {
  bool zero = true;
#define X(f) zero = zero && f == 0;
  SUBLEDGER_MONTH_FIELDS(X)
#undef X
  return zero;
}

}  // namespace subledger
