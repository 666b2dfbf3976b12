#include "projections/walk_points.h"

#include <algorithm>

namespace subledger {
namespace {

// The discount points and dependencies of one named discount.
void PlanDiscount(const DiscountRef& ref, const Catalog& catalog, int64_t as_of, WalkPlan* plan,
                  std::set<WalkPoint>* seen) {
  if (!ref.id.empty()) {
    plan->refs.insert({ObjectKind::kDiscount, ref.id});
    if (const EventKey* deletion = catalog.Deletion(ref.id)) {
      WalkPoint at = WalkPoint::OfEvent(*deletion);
      if (seen->insert(at).second) plan->points.push_back({at, nullptr, ref.id});
    }
  }
  const DiscountTerms* d = ResolveDiscount(ref, catalog);
  if (d == nullptr) return;
  if (!d->coupon && !d->coupon_id.empty()) plan->refs.insert({ObjectKind::kCoupon, d->coupon_id});
  if (!d->end) return;
  plan->discount_ends.insert(*d->end);
  if (*d->end > as_of) return;
  WalkPoint at = WalkPoint::OfExpiry(*d->end, ref.id);
  if (seen->insert(at).second) plan->points.push_back({at, nullptr, ref.id});
}

}  // namespace

WalkPlan PlanWalk(const std::vector<EventFact>& facts, const Catalog& catalog, int64_t as_of) {
  WalkPlan plan;
  plan.points.reserve(facts.size());
  std::set<WalkPoint> discount_points;
  const PricingTerms* previous = nullptr;
  for (const EventFact& fact : facts) {
    plan.points.push_back({WalkPoint::OfEvent(fact.key), &fact, {}});
    const PricingTerms& terms = *fact.subscription.terms;
    if (previous != nullptr && (previous == &terms || *previous == terms)) continue;  // planned already
    previous = &terms;
    for (const ItemTerms& item : terms.items) {
      if (item.price.tiered && !item.price.tiers && !item.price.id.empty()) {
        plan.refs.insert({ObjectKind::kPrice, item.price.id});
      }
    }
    for (const DiscountRef& ref : terms.discounts) PlanDiscount(ref, catalog, as_of, &plan, &discount_points);
  }
  if (!discount_points.empty()) {
    std::sort(plan.points.begin(), plan.points.end(),
              [](const WalkPointRef& a, const WalkPointRef& b) { return a.at < b.at; });
  }
  return plan;
}

}  // namespace subledger
