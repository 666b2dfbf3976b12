// DiscountPlanner: coupons on subscriptions over their whole life (spec §3-§4).
//
// A discount is attached in the subscription's API shape (legacy `discount`;
// acacia `discount` plus its id in discounts[]; basil and clover id-only
// discounts[]), and once the subscription event showing it is emitted it is
// announced by customer.discount.created at the same second, or late (a
// customer.discount.updated or .created days later), or never (unresolved,
// unless a snapshot with expanded discounts follows). A clover discount's
// coupon is an id, announced per book by the CarrierPlanner.
//
// A repeating discount has an `end`. There it expires silently (no event at
// all; the subscription keeps naming it, or its next event simply drops it),
// or with customer.discount.deleted plus a subscription update, or with the
// update alone. Customers also remove discounts mid-life, and when a
// subscription ends Stripe deletes its discounts in the same second.
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>
#include <vector>

#include "tools/eventgen/carrier_planner.h"
#include "tools/eventgen/plan_context.h"
#include "tools/eventgen/subscription_life.h"

namespace subledger::eventgen {

class DiscountPlanner {
 public:
  DiscountPlanner(PlanContext& ctx, CarrierPlanner& carriers);

  // Whether another discount fits the subscription's shape.
  bool HasRoom(const SubscriptionSnapshot& s) const;
  // Attaches a new discount starting at `at` (schedules its end and maybe a snapshot).
  DiscountState Attach(SubscriptionLife& life, int64_t at);
  // Attaches a stack of 5-20 fractional percent forever discounts (extremes).
  void AttachStack(SubscriptionLife& life, int64_t at);
  // Announces `d` after the subscription event showing it (at life.cursor).
  void Announce(SubscriptionLife& life, const DiscountState& d);
  // Announces every discount of the stack, on time.
  void AnnounceStack(SubscriptionLife& life);
  // kCouponEnd: the discount `serial` reached its end at `at`.
  void Expire(SubscriptionLife& life, int64_t at, uint32_t serial);
  // The customer removes one discount at `at`; false when there is none.
  bool Remove(SubscriptionLife& life, int64_t at);
  // The subscription just ended (at life.cursor): its discounts are deleted.
  void OnEnded(SubscriptionLife& life);

 private:
  int16_t PickCoupon(const SubscriptionSnapshot& s);
  const DiscountState* Find(const SubscriptionSnapshot& s, uint32_t serial) const;
  void Detach(SubscriptionSnapshot& s, uint32_t serial);

  PlanContext& ctx_;
  CarrierPlanner& carriers_;
  std::vector<int16_t> any_, clover_, stack_;  // coupon indexes by era
  int16_t matching_amount_off_[3] = {-1, -1, -1};  // a forever amount-off coupon per currency
};

}  // namespace subledger::eventgen
