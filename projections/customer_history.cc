#include "projections/customer_history.h"

#include <set>

namespace subledger {
namespace {

struct CurrencyState {
  int64_t mrr = 0;
  int64_t counted_subscriptions = 0;
  bool ever_positive = false;  // had MRR > 0 at some point before
};

enum class ChurnKind : uint8_t { kNone, kVoluntary, kInvoluntary };

// Walks one customer's facts; see spec §4 (movement table) and §5.
class Walker {
 public:
  explicit Walker(bool record_movements) : record_movements_(record_movements) {}
  Walker(const Walker& o) = default;

  bool open() const { return open_; }
  MonthIndex month() const { return month_; }
  void MarkOpen() { open_ = true; }

  void BeginMonth(MonthIndex month) {
    month_ = month;
    start_positive_.clear();
    for (const auto& [currency, state] : currencies_) {
      if (state.mrr > 0) start_positive_.insert(currency);
    }
    start_counted_.clear();
    for (const auto& [id, sub] : derivation_.subscriptions) {
      if (sub.counted) start_counted_.emplace(id, sub.currency);
    }
    last_churn_.clear();
  }

  void EndMonth() {
    for (const std::string& currency : start_positive_) {
      if (currencies_[currency].counted_subscriptions > 0) continue;  // retained
      MonthFigures& cell = Cell(currency);
      if (last_churn_[currency] == ChurnKind::kInvoluntary) {
        ++cell.customers_churned_involuntary;
      } else {
        ++cell.customers_churned_voluntary;
      }
    }
    for (const auto& [id, currency] : start_counted_) {
      const SubscriptionNow& now = derivation_.subscriptions[id];
      if (!(now.counted && now.currency == currency)) ++Cell(currency).subscriptions_churned;
    }
  }

  void Apply(const EventFact& fact) {
    const SubscriptionFact& f = fact.subscription;
    auto found = derivation_.subscriptions.find(f.subscription_id);
    SubscriptionNow old = found == derivation_.subscriptions.end() ? SubscriptionNow() : found->second;

    SubscriptionNow next;
    next.currency = f.currency;
    next.status = f.status;
    next.counted = f.counted;
    next.mrr = f.counted ? f.mrr_cents : 0;
    next.scheduled = f.scheduled;
    next.last_seq = fact.seq;

    std::vector<std::string> affected;
    if (!next.currency.empty()) affected.push_back(next.currency);
    if (!old.currency.empty() && old.currency != next.currency) affected.push_back(old.currency);

    std::map<std::string, std::pair<int64_t, bool>> before;  // currency -> (mrr, retained)
    for (const std::string& c : affected) {
      const CurrencyState& s = currencies_[c];
      before[c] = {s.mrr, s.counted_subscriptions > 0};
    }
    // Remove the old state, add the new one.
    StockDelta(old, -1, fact);
    StockDelta(next, +1, fact);
    derivation_.subscriptions[f.subscription_id] = next;
    if (!next.currency.empty()) ++Cell(next.currency).facts;

    for (const std::string& c : affected) {
      CurrencyState& s = currencies_[c];
      const int64_t b = before[c].first;
      const bool retained_before = before[c].second;
      const int64_t a = s.mrr;
      const bool retained_after = s.counted_subscriptions > 0;
      MonthFigures& cell = Cell(c);
      cell.d_mrr += a - b;
      cell.d_customers += (a > 0 ? 1 : 0) - (b > 0 ? 1 : 0);
      if (a > b) {
        if (b > 0 || retained_before) {
          Record(fact, c, MovementKind::kExpansion, a - b, false);
          cell.expansion += a - b;
        } else if (s.ever_positive) {
          Record(fact, c, MovementKind::kReactivation, a, false);
          cell.reactivation += a;
        } else {
          Record(fact, c, MovementKind::kNew, a, false);
          cell.new_mrr += a;
        }
      } else if (a < b) {
        if (!retained_after) {
          const bool involuntary = f.involuntary;
          Record(fact, c, MovementKind::kChurn, b, involuntary);
          (involuntary ? cell.churn_involuntary : cell.churn_voluntary) += b;
          ++(involuntary ? cell.churn_movements_involuntary : cell.churn_movements_voluntary);
          last_churn_[c] = involuntary ? ChurnKind::kInvoluntary : ChurnKind::kVoluntary;
        } else {
          Record(fact, c, MovementKind::kContraction, b - a, false);
          cell.contraction += b - a;
        }
      }
      if (a > 0) s.ever_positive = true;
    }
  }

  void Finish() {
    for (const auto& [id, sub] : derivation_.subscriptions) ++derivation_.status_counts[sub.status];
    for (const auto& [currency, state] : currencies_) derivation_.mrr_by_currency[currency] = state.mrr;
    // Drop cells that net to zero so equal sets give equal maps.
    for (auto it = derivation_.cells.begin(); it != derivation_.cells.end();) {
      it = it->second.IsZero() ? derivation_.cells.erase(it) : std::next(it);
    }
  }

  CustomerDerivation& derivation() { return derivation_; }

 private:
  MonthFigures& Cell(const std::string& currency) { return derivation_.cells[{currency, month_}]; }

  void StockDelta(const SubscriptionNow& sub, int64_t sign, const EventFact& fact) {
    if (sub.currency.empty()) return;
    CurrencyState& s = currencies_[sub.currency];
    s.mrr += sign * sub.mrr;
    s.counted_subscriptions += sign * (sub.counted ? 1 : 0);
    MonthFigures& cell = Cell(sub.currency);
    cell.d_subscriptions += sign * (sub.counted ? 1 : 0);
    cell.d_scheduled += sign * (sub.scheduled ? sub.mrr : 0);
    cell.d_past_due += sign * (sub.status == "past_due" ? sub.mrr : 0);
    // Unpriced items are known only from the fact that set the state; the old
    // state's count is remembered per subscription.
    if (sign > 0) {
      const uint32_t n = fact.subscription.counted ? fact.subscription.unpriced_items : 0;
      unpriced_[fact.subscription.subscription_id] = n;
      cell.d_unpriced += n;
    } else {
      auto it = unpriced_.find(fact.subscription.subscription_id);
      if (it != unpriced_.end()) cell.d_unpriced -= it->second;
    }
  }

  void Record(const EventFact& fact, const std::string& currency, MovementKind kind, int64_t amount,
              bool involuntary) {
    if (!record_movements_) return;
    derivation_.movements.push_back(Movement{fact.event_id, fact.subscription.subscription_id, fact.created, currency,
                                       kind, amount, involuntary});
  }

  bool record_movements_;
  bool open_ = false;
  CustomerDerivation derivation_;
  MonthIndex month_ = 0;
  std::map<std::string, CurrencyState> currencies_;
  std::map<std::string, uint32_t> unpriced_;
  std::set<std::string> start_positive_;
  std::map<std::string, std::string> start_counted_;  // subscription -> currency
  std::map<std::string, ChurnKind> last_churn_;
};

}  // namespace

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

class CustomerWalk::State {
 public:
  explicit State(bool record_movements) : walker(record_movements) {}
  Walker walker;
};

CustomerWalk::CustomerWalk(bool record_movements) : state_(std::make_unique<State>(record_movements)) {}
CustomerWalk::CustomerWalk(const CustomerWalk& o) : state_(std::make_unique<State>(*o.state_)), folded_(o.folded_) {}
CustomerWalk& CustomerWalk::operator=(const CustomerWalk& o) {
  state_ = std::make_unique<State>(*o.state_);
  folded_ = o.folded_;
  return *this;
}
CustomerWalk::CustomerWalk(CustomerWalk&&) noexcept = default;
CustomerWalk& CustomerWalk::operator=(CustomerWalk&&) noexcept = default;
CustomerWalk::~CustomerWalk() = default;

void CustomerWalk::Append(const EventFact& fact) {
  Walker& w = state_->walker;
  MonthIndex month = MonthOf(fact.created);
  if (!w.open() || month != w.month()) {
    if (w.open()) w.EndMonth();
    w.BeginMonth(month);
    w.MarkOpen();
  }
  w.Apply(fact);
  ++folded_;
}

CustomerDerivation CustomerWalk::Close() const {
  Walker w = state_->walker;  // closing ends the open month: work on a copy
  if (w.open()) w.EndMonth();
  w.Finish();
  return std::move(w.derivation());
}

CustomerDerivation DeriveCustomer(const std::vector<EventFact>& facts) {
  CustomerWalk walk;
  for (const EventFact& fact : facts) walk.Append(fact);
  return walk.Close();
}

}  // namespace subledger
