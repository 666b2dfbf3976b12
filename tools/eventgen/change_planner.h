// ChangePlanner: what an active subscription's customer does month to month
// (kTick): cancel now, at period end (or change their mind) or at a date;
// change plan, quantity or add-ons; pause collection; add or remove a coupon;
// and the occasional API snapshot. Changes land on month boundaries
// (23:59:59 or 00:00:00 UTC) 6 % of the time.
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>

#include "tools/eventgen/billing_planner.h"
#include "tools/eventgen/discount_planner.h"
#include "tools/eventgen/plan_context.h"
#include "tools/eventgen/price_picker.h"
#include "tools/eventgen/subscription_life.h"

namespace subledger::eventgen {

class ChangePlanner {
 public:
  ChangePlanner(PlanContext& ctx, BillingPlanner& billing, DiscountPlanner& discounts, PricePicker& prices);

  // kTick: at most one change, and the next tick in 20-40 days.
  void Tick(SubscriptionLife& life, int64_t at);
  // kPauseOff: pause_collection is cleared.
  void PauseOff(SubscriptionLife& life, int64_t at);
  // kCancelAt: the cancel_at date arrived.
  void CancelAt(SubscriptionLife& life);

 private:
  enum class Change : uint8_t {
    kCancel, kCancelAtPeriodEnd, kCancelAt, kPlan, kQuantity, kAddItem, kRemoveItem, kPause,
    kAddCoupon, kRemoveCoupon, kSnapshot, kNone,
  };
  Change PickChange();
  int64_t SnapToBoundary(int64_t at);
  void ToggleCancelAtPeriodEnd(SubscriptionLife& life, int64_t at);
  void ScheduleCancelAt(SubscriptionLife& life, int64_t at);
  void ChangePlan(SubscriptionLife& life, int64_t at);
  void Pause(SubscriptionLife& life, int64_t at);
  void AddCoupon(SubscriptionLife& life, int64_t at);

  PlanContext& ctx_;
  BillingPlanner& billing_;
  DiscountPlanner& discounts_;
  PricePicker& prices_;
};

}  // namespace subledger::eventgen
