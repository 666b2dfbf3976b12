#include "projections/customer_walk.h"

#include "projections/valuation.h"
#include "projections/walk_points.h"

namespace subledger {
namespace {

struct CurrencyState {
  Money mrr = 0;
  int64_t counted_subscriptions = 0;
  bool ever_positive = false;  // had MRR > 0 at some point before
};

enum class ChurnKind : uint8_t { kNone, kVoluntary, kInvoluntary };

struct SubscriptionWalk {
  SubscriptionFact state;  // the current state
  SubscriptionNow now;
};

// A change of one subscription's value at a point.
struct SubscriptionChange {
  std::string id;
  SubscriptionNow next;
};

}  // namespace

// Walks one customer's points; see spec §4 (movement table) and §5.
class CustomerWalk::Walker {
 public:
  explicit Walker(bool record_movements) : record_movements_(record_movements) {}

  // Folds the points of `plan` from index `from`.
  void Fold(const WalkPlan& plan, size_t from, const WalkContext& context) {
    catalog_ = context.catalog;
    for (size_t i = from; i < plan.points.size(); ++i) {
      const WalkPointRef& point = plan.points[i];
      EnterMonth(MonthOf(point.at.time));
      if (point.fact != nullptr) {
        ApplyFact(*point.fact, point.at, *context.catalog);
      } else {
        ApplyDiscountPoint(point, *context.catalog);
      }
    }
    folded_ = plan.points.size();
    if (folded_ > 0) last_ = plan.points.back().at;
    derivation_.refs = plan.refs;
    derivation_.discount_ends = plan.discount_ends;
  }

  size_t folded() const { return folded_; }
  const WalkPoint& last() const { return last_; }

  CustomerDerivation Close() const {
    Walker w = *this;  // closing ends the open month: work on a copy
    if (w.open_) w.EndMonth();
    return w.Finish();
  }

 private:
  void EnterMonth(MonthIndex month) {
    if (open_ && month == month_) return;
    if (open_) EndMonth();
    open_ = true;
    month_ = month;
    start_positive_.clear();
    for (const auto& [currency, state] : currencies_) {
      if (state.mrr > 0) start_positive_.insert(currency);
    }
    start_counted_.clear();
    for (const auto& [id, sub] : subscriptions_) {
      if (sub.now.counted) start_counted_.emplace(id, sub.now.currency);
    }
    last_churn_.clear();
  }

  void EndMonth() {
    for (const std::string& currency : start_positive_) {
      if (currencies_[currency].counted_subscriptions > 0) continue;  // retained
      MonthFigures& cell = Cell(currency);
      ++(last_churn_[currency] == ChurnKind::kInvoluntary ? cell.customers_churned_involuntary
                                                          : cell.customers_churned_voluntary);
    }
    for (const auto& [id, currency] : start_counted_) {
      if (!subscriptions_[id].now.counted) ++Cell(currency).subscriptions_churned;
    }
  }

  void ApplyFact(const EventFact& fact, const WalkPoint& at, const Catalog& catalog) {
    const SubscriptionFact& f = fact.subscription;
    auto found = subscriptions_.find(f.subscription_id);
    const bool first = found == subscriptions_.end();
    const std::string currency = first ? f.currency : found->second.now.currency;
    const Valuation value = Value(f, currency, catalog, at);
    SubscriptionChange change{f.subscription_id, {}};
    SubscriptionNow& next = change.next;
    next.currency = currency;
    next.status = f.status;
    next.counted = f.counted();
    next.mrr = value.mrr;
    next.scheduled = next.counted && f.scheduled;
    next.unpriced = value.unpriced;
    next.last_seq = fact.seq;
    if (!currency.empty()) {
      CountTrial(first ? nullptr : &found->second.now.status, next, currency);
      ++Cell(currency).facts;
    }
    subscriptions_[f.subscription_id].state = f;
    Change({change}, f.involuntary, fact.key.id, f.subscription_id, "", at.time);
  }

  // An expiry or deletion point: discounts may stop applying, so every
  // current state that names discounts is valued again.
  void ApplyDiscountPoint(const WalkPointRef& point, const Catalog& catalog) {
    std::vector<SubscriptionChange> changes;
    for (auto& [id, sub] : subscriptions_) {
      if (sub.state.terms->discounts.empty()) continue;
      const Valuation value = Value(sub.state, sub.now.currency, catalog, point.at);
      if (value.mrr == sub.now.mrr) continue;
      SubscriptionChange change{id, sub.now};
      change.next.mrr = value.mrr;
      changes.push_back(std::move(change));
    }
    const std::string event_id = point.at.order == 0 ? "" : point.at.tiebreak;
    if (!changes.empty()) Change(changes, false, event_id, "", point.discount_id, point.at.time);
  }

  void CountTrial(const std::string* before, const SubscriptionNow& next, const std::string& currency) {
    const bool was_trialing = before != nullptr && *before == "trialing";
    const bool trialing = next.status == "trialing";
    MonthFigures& cell = Cell(currency);
    if (trialing && !was_trialing) ++cell.trials_started;
    if (was_trialing && !trialing) {
      ++cell.trials_ended;
      if (next.counted) ++cell.trials_converted;
    }
  }

  // Replaces the values of the changed subscriptions and classifies the
  // movement of each affected currency (spec §4's table).
  void Change(const std::vector<SubscriptionChange>& changes, bool involuntary, const std::string& event_id,
              const std::string& subscription_id, const std::string& discount_id, int64_t time) {
    std::map<std::string, std::pair<Money, bool>> before;  // currency -> (mrr, retained)
    for (const SubscriptionChange& c : changes) {
      if (c.next.currency.empty()) continue;
      const CurrencyState& s = currencies_[c.next.currency];
      before.try_emplace(c.next.currency, s.mrr, s.counted_subscriptions > 0);
    }
    for (const SubscriptionChange& c : changes) {
      SubscriptionWalk& sub = subscriptions_[c.id];
      StockDelta(sub.now, -1);
      sub.now = c.next;
      StockDelta(sub.now, +1);
    }
    for (const auto& [currency, was] : before) {
      CurrencyState& s = currencies_[currency];
      const Money b = was.first, a = s.mrr;
      const bool retained_before = was.second, retained_after = s.counted_subscriptions > 0;
      MonthFigures& cell = Cell(currency);
      cell.d_customers += (a > 0 ? 1 : 0) - (b > 0 ? 1 : 0);
      Movement m{event_id, subscription_id, discount_id, time, currency, MovementKind::kNew, 0, false};
      if (a > b) {
        m.kind = (b > 0 || retained_before) ? MovementKind::kExpansion
                 : s.ever_positive          ? MovementKind::kReactivation
                                            : MovementKind::kNew;
        m.amount = m.kind == MovementKind::kExpansion ? a - b : a;
        (m.kind == MovementKind::kExpansion      ? cell.expansion
         : m.kind == MovementKind::kReactivation ? cell.reactivation
                                                 : cell.new_mrr) += m.amount;
      } else if (a < b && !retained_after) {
        m.kind = MovementKind::kChurn;
        m.amount = b;
        m.involuntary = involuntary;
        (involuntary ? cell.churn_involuntary : cell.churn_voluntary) += b;
        ++(involuntary ? cell.churn_movements_involuntary : cell.churn_movements_voluntary);
        last_churn_[currency] = involuntary ? ChurnKind::kInvoluntary : ChurnKind::kVoluntary;
      } else if (a < b) {
        m.kind = MovementKind::kContraction;
        m.amount = b - a;
        cell.contraction += b - a;
      }
      if (a != b && record_movements_) derivation_.movements.push_back(std::move(m));
      if (a > 0) s.ever_positive = true;
    }
  }

  void StockDelta(const SubscriptionNow& sub, int64_t sign) {
    if (sub.currency.empty()) return;
    CurrencyState& s = currencies_[sub.currency];
    s.mrr += sign * sub.mrr;
    s.counted_subscriptions += sign * (sub.counted ? 1 : 0);
    MonthFigures& cell = Cell(sub.currency);
    cell.d_mrr += sign * sub.mrr;
    cell.d_subscriptions += sign * (sub.counted ? 1 : 0);
    cell.d_scheduled += sign * (sub.scheduled ? sub.mrr : 0);
    cell.d_past_due += sign * (sub.status == "past_due" ? sub.mrr : 0);
    cell.d_unpriced += sign * (sub.counted ? sub.unpriced : 0);
  }

  // The current values; unresolved discounts with the catalog of the last fold.
  CustomerDerivation Finish() {
    static const Catalog kEmpty;
    const Catalog& catalog = catalog_ != nullptr ? *catalog_ : kEmpty;
    CustomerDerivation& d = derivation_;
    for (const auto& [id, sub] : subscriptions_) {
      ++d.status_counts[sub.now.status];
      d.subscriptions[id] = sub.now;
      if (!sub.now.counted || sub.now.currency.empty()) continue;
      for (std::string& discount : UnresolvedDiscounts(*sub.state.terms, catalog)) {
        d.unresolved.emplace(sub.now.currency, std::move(discount));
      }
    }
    for (const auto& [currency, state] : currencies_) d.mrr_by_currency[currency] = state.mrr;
    for (auto it = d.cells.begin(); it != d.cells.end();) {
      it = it->second.IsZero() ? d.cells.erase(it) : std::next(it);
    }
    return std::move(d);
  }

  MonthFigures& Cell(const std::string& currency) { return derivation_.cells[{currency, month_}]; }

  bool record_movements_;
  const Catalog* catalog_ = nullptr;
  bool open_ = false;
  MonthIndex month_ = 0;
  size_t folded_ = 0;
  WalkPoint last_;
  CustomerDerivation derivation_;
  std::map<std::string, CurrencyState> currencies_;
  std::map<std::string, SubscriptionWalk> subscriptions_;
  std::set<std::string> start_positive_;
  std::map<std::string, std::string> start_counted_;  // subscription -> currency
  std::map<std::string, ChurnKind> last_churn_;
};

const char* MovementKindName(MovementKind k) {
  switch (k) {
    case MovementKind::kNew: return "new";
    case MovementKind::kExpansion: return "expansion";
    case MovementKind::kReactivation: return "reactivation";
    case MovementKind::kContraction: return "contraction";
    case MovementKind::kChurn: return "churn";
  }
  return "unknown";
}

CustomerWalk::CustomerWalk(bool record_movements) : walker_(std::make_unique<Walker>(record_movements)) {}
CustomerWalk::CustomerWalk(const CustomerWalk& o) : walker_(std::make_unique<Walker>(*o.walker_)) {}
CustomerWalk& CustomerWalk::operator=(const CustomerWalk& o) {
  walker_ = std::make_unique<Walker>(*o.walker_);
  return *this;
}
CustomerWalk::CustomerWalk(CustomerWalk&&) noexcept = default;
CustomerWalk& CustomerWalk::operator=(CustomerWalk&&) noexcept = default;
CustomerWalk::~CustomerWalk() = default;

void CustomerWalk::Derive(const std::vector<EventFact>& facts, const WalkContext& context) {
  walker_->Fold(PlanWalk(facts, *context.catalog, context.as_of), 0, context);
}

bool CustomerWalk::Resume(const std::vector<EventFact>& facts, const WalkContext& context) {
  const WalkPlan plan = PlanWalk(facts, *context.catalog, context.as_of);
  // Points are only ever added here (the caller derives again after a
  // change of a known object), so the folded points are exactly the
  // plan's points up to the last folded one when their counts agree.
  size_t upto = 0;
  while (upto < plan.points.size() && plan.points[upto].at <= walker_->last()) ++upto;
  if (walker_->folded() > 0 && upto != walker_->folded()) return false;
  walker_->Fold(plan, upto, context);
  return true;
}

CustomerDerivation CustomerWalk::Close() const { return walker_->Close(); }

CustomerDerivation DeriveCustomer(const std::vector<EventFact>& facts, const WalkContext& context,
                                  bool record_movements) {
  CustomerWalk walk(record_movements);
  walk.Derive(facts, context);
  return walk.Close();
}

}  // namespace subledger
