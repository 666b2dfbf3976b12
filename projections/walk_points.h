// WalkPoints: the points of one customer's walk (revenue model v2 §4) in
// canonical order, and what the walk depends on — the known objects it
// looks up and the `end` of every discount it names.
//
// Points: every subscription fact; the first customer.discount.deleted
// event of each discount id some state names; each expiry point (the
// second `end` of a discount some state names, by object or by known id)
// not after as_of. Several expiry points in one second are ordered by
// discount id; expiry points sort before every event of their second.
//
// Thread safety: pure function.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "projections/catalog.h"
#include "projections/event_fact.h"
#include "projections/valuation.h"

namespace subledger {

struct WalkPointRef {
  WalkPoint at;
  const EventFact* fact = nullptr;  // a subscription fact; nullptr for a discount's point
  std::string discount_id;          // an expiry or deletion point: the discount
};

struct WalkPlan {
  std::vector<WalkPointRef> points;  // canonical order, each point once
  std::set<ObjectRef> refs;
  std::set<int64_t> discount_ends;
};

// `facts`: one customer's subscription facts, canonical order. The plan
// points into `facts`, which must outlive it.
WalkPlan PlanWalk(const std::vector<EventFact>& facts, const Catalog& catalog, int64_t as_of);

}  // namespace subledger
