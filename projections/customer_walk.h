// CustomerWalk: derives one customer's contribution to its book's read
// models (revenue model v2 §4–§5) by walking the customer's points in
// canonical order:
//  * every subscription event of the customer's subscriptions,
//  * the first customer.discount.deleted event of each discount id a state
//    names (from the book's Catalog),
//  * each expiry point: the second `end` of a discount a state names, when
//    it is not after the book's as_of (before every event of that second).
// At each point the customer's MRR per currency is compared just before and
// just after it, which yields the movements of §4 and the monthly figures
// of §5 (as MonthFigures deltas and flows).
//
// Derive() is a pure function of (the SET of facts, the catalog's values
// for the objects the facts name, as_of). Resume() is the same derivation,
// continued: when every point that is new since the last fold sorts after
// the last folded point, only the new points are folded, so the common
// online case (an event newer than the customer's history) costs O(new
// points). The caller must not Resume across a change of a known object
// this customer depends on (derivation().refs); it derives again instead.
//
// Thread safety: a walk is a value owned by one thread; the catalog is only
// read.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "projections/catalog.h"
#include "projections/event_fact.h"
#include "projections/money.h"
#include "projections/month_figures.h"

namespace subledger {

enum class MovementKind : uint8_t { kNew, kExpansion, kReactivation, kContraction, kChurn };
const char* MovementKindName(MovementKind k);

struct Movement {
  std::string event_id;         // the event at the point ("" for an expiry point)
  std::string subscription_id;  // the subscription of a subscription event ("" otherwise)
  std::string discount_id;      // the discount of an expiry or deletion point ("" otherwise)
  int64_t time = 0;             // the point's second
  std::string currency;
  MovementKind kind = MovementKind::kNew;
  Money amount = 0;
  bool involuntary = false;  // churn only
};

struct SubscriptionNow {
  std::string currency;  // the subscription's: that of its first state
  std::string status;
  Money mrr = 0;
  bool counted = false;
  bool scheduled = false;  // counted and set to cancel
  uint32_t unpriced = 0;
  SequenceNumber last_seq = 0;  // the event that set this state
};

struct CustomerDerivation {
  CellMap cells;                                   // contribution per (currency, month)
  std::map<std::string, int64_t> status_counts;    // subscriptions by current status
  std::vector<Movement> movements;                 // in canonical order (when recorded)
  std::map<std::string, Money> mrr_by_currency;    // current customer MRR
  std::map<std::string, SubscriptionNow> subscriptions;  // current state per subscription id
  std::set<std::pair<std::string, std::string>> unresolved;  // (currency, discount id), §7
  std::set<ObjectRef> refs;      // known objects consulted: a change re-derives the customer
  std::set<int64_t> discount_ends;  // `end` of every discount named: its expiry may become due
};

struct WalkContext {
  const Catalog* catalog = nullptr;
  int64_t as_of = 0;  // the book's greatest `created`
};

class CustomerWalk {
 public:
  explicit CustomerWalk(bool record_movements = true);
  CustomerWalk(const CustomerWalk&);
  CustomerWalk& operator=(const CustomerWalk&);
  CustomerWalk(CustomerWalk&&) noexcept;
  CustomerWalk& operator=(CustomerWalk&&) noexcept;
  ~CustomerWalk();

  // Folds every point of `facts`: this customer's subscription facts in
  // canonical order with distinct ids. On a fresh walk only.
  void Derive(const std::vector<EventFact>& facts, const WalkContext& context);
  // Folds the points of `facts` (the whole history, the folded one plus
  // new facts) that are new since the last fold. False, changing nothing,
  // when a new point sorts before the last folded one.
  bool Resume(const std::vector<EventFact>& facts, const WalkContext& context);
  // The derivation as of the last fold; the walk can go on.
  CustomerDerivation Close() const;

 private:
  class Walker;
  std::unique_ptr<Walker> walker_;
};

// A fresh walk over `facts`, closed.
CustomerDerivation DeriveCustomer(const std::vector<EventFact>& facts, const WalkContext& context,
                                  bool record_movements = true);

}  // namespace subledger
