// CustomerHistory: derives one customer's contribution to the read models
// from the canonical-ordered subscription facts of that customer (spec §4–§5).
//
// Derive() is a pure function of the SET of facts: callers pass them sorted
// by CanonicalLess and de-duplicated by event id. A late event anywhere in
// the history is handled by deriving again from the full set — nothing is
// applied "as if newest".
//
// Thread safety: pure function.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "projections/event_fact.h"
#include "projections/month_figures.h"

namespace subledger {

enum class MovementKind : uint8_t { kNew, kExpansion, kReactivation, kContraction, kChurn };
const char* MovementKindName(MovementKind k);

struct Movement {
  std::string event_id;
  std::string subscription_id;
  int64_t created = 0;
  std::string currency;
  MovementKind kind = MovementKind::kNew;
  int64_t amount = 0;
  bool involuntary = false;  // churn only
};

struct SubscriptionNow {
  std::string currency;
  std::string status;
  int64_t mrr = 0;
  bool counted = false;
  bool scheduled = false;
  SequenceNumber last_seq = 0;  // the event that set this state
};

struct CustomerDerivation {
  CellMap cells;                                   // contribution per (currency, month)
  std::map<std::string, int64_t> status_counts;   // subscriptions by current status
  std::vector<Movement> movements;                 // in canonical order
  std::map<std::string, int64_t> mrr_by_currency;  // current customer MRR
  std::map<std::string, SubscriptionNow> subscriptions;  // current state per subscription id
};

// `facts`: this customer's subscription facts, canonical order, distinct ids.
CustomerDerivation DeriveCustomer(const std::vector<EventFact>& facts);

// CustomerWalk: the same derivation, resumable. Append() folds facts that
// sort after every fact folded so far; Close() returns the derivation as of
// now without ending the walk, so a customer's common case — a new event
// newer than its whole history — costs O(new facts), not O(history).
// DeriveCustomer(f) == Walk over f, then Close().
class CustomerWalk {
 public:
  explicit CustomerWalk(bool record_movements = true);
  CustomerWalk(const CustomerWalk&);
  CustomerWalk& operator=(const CustomerWalk&);
  CustomerWalk(CustomerWalk&&) noexcept;
  CustomerWalk& operator=(CustomerWalk&&) noexcept;
  ~CustomerWalk();

  // Precondition: CanonicalLess(last folded fact, fact).
  void Append(const EventFact& fact);
  CustomerDerivation Close() const;
  size_t folded() const { return folded_; }

 private:
  class State;
  std::unique_ptr<State> state_;
  size_t folded_ = 0;
};

}  // namespace subledger
