#include "tools/eventgen/change_planner.h"

#include <algorithm>
#include <iterator>

namespace subledger::eventgen {

ChangePlanner::ChangePlanner(PlanContext& ctx, BillingPlanner& billing, DiscountPlanner& discounts,
                             PricePicker& prices)
    : ctx_(ctx), billing_(billing), discounts_(discounts), prices_(prices) {}

ChangePlanner::Change ChangePlanner::PickChange() {
  const double coupon = ctx_.rates.coupon_share;
  // Per tick, in Change order (the rest: no change).
  const double weights[] = {0.03, 0.04, 0.012, 0.068, 0.05, 0.02, 0.01, 0.03, coupon / 3, coupon / 24, 0.01};
  double r = ctx_.rng.Unit();
  for (size_t i = 0; i < std::size(weights); ++i) {
    if (r < weights[i]) return static_cast<Change>(i);
    r -= weights[i];
  }
  return Change::kNone;
}

int64_t ChangePlanner::SnapToBoundary(int64_t at) {
  if (!ctx_.rng.Chance(0.06)) return at;
  const int64_t next = NextMonthStart(at);
  return ctx_.rng.Chance(0.5) ? next - 1 : next;  // 23:59:59 or 00:00:00 UTC
}

void ChangePlanner::Tick(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  life.Schedule(at + ctx_.rng.Between(20 * kDay, 40 * kDay), Action::kTick);
  if (s.status != SubStatus::kActive) return;
  at = SnapToBoundary(at);
  switch (PickChange()) {
    case Change::kCancel: billing_.End(life, at, CancelReason::kRequested); break;
    case Change::kCancelAtPeriodEnd: ToggleCancelAtPeriodEnd(life, at); break;
    case Change::kCancelAt: ScheduleCancelAt(life, at); break;
    case Change::kPlan: ChangePlan(life, at); break;
    case Change::kQuantity:
      prices_.ChangeQuantity(life);
      ctx_.emit.Sub(life, EventType::kSubUpdated, at);
      break;
    case Change::kAddItem:
      if (prices_.AddItem(life, std::max(at, life.cursor + 1))) ctx_.emit.Sub(life, EventType::kSubUpdated, at);
      break;
    case Change::kRemoveItem:
      if (s.n_items <= 1) break;
      --s.n_items;
      ctx_.emit.Sub(life, EventType::kSubUpdated, at);
      break;
    case Change::kPause: Pause(life, at); break;
    case Change::kAddCoupon: AddCoupon(life, at); break;
    case Change::kRemoveCoupon: discounts_.Remove(life, at); break;
    case Change::kSnapshot:
      if (s.shape != ApiShape::kLegacy) ctx_.emit.Sub(life, EventType::kSubSnapshot, at);
      break;
    case Change::kNone: break;
  }
}

void ChangePlanner::ToggleCancelAtPeriodEnd(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.cancel_at_period_end) {
    if (!ctx_.rng.Chance(0.3)) return;
    s.cancel_at_period_end = false;  // changed their mind
    s.canceled_at = 0;
    s.cancel_reason = CancelReason::kNone;
  } else {
    s.cancel_at_period_end = true;
    s.canceled_at = std::max(at, life.cursor + 1);
    s.cancel_reason = CancelReason::kRequested;
  }
  ctx_.emit.Sub(life, EventType::kSubUpdated, at);
}

void ChangePlanner::ScheduleCancelAt(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.cancel_at != 0 || s.cancel_at_period_end) return;
  s.cancel_at = at + ctx_.rng.Between(10 * kDay, 60 * kDay);
  s.canceled_at = std::max(at, life.cursor + 1);
  if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at)) return;
  life.Schedule(s.cancel_at, Action::kCancelAt);
}

void ChangePlanner::ChangePlan(SubscriptionLife& life, int64_t at) {
  // Upgrade or downgrade of the main item within its cadence; sometimes monthly -> yearly.
  SubscriptionSnapshot& s = life.s;
  bool new_cadence = false;
  if (!prices_.ChangeMainPrice(life, std::max(at, life.cursor + 1), &new_cadence)) return;
  if (new_cadence) {
    s.period_start = std::max(at, life.cursor + 1);
    s.period_end = billing_.AdvancePeriod(s, s.period_start);
    life.Unschedule(Action::kRenew);
    life.Schedule(s.period_end, Action::kRenew);
  }
  ctx_.emit.Sub(life, EventType::kSubUpdated, at);
}

void ChangePlanner::Pause(SubscriptionLife& life, int64_t at) {
  if (life.s.paused) return;
  life.s.paused = true;
  if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at)) return;
  life.Schedule(at + ctx_.rng.Between(25 * kDay, 90 * kDay), Action::kPauseOff);
}

void ChangePlanner::AddCoupon(SubscriptionLife& life, int64_t at) {
  if (!discounts_.HasRoom(life.s)) return;
  const DiscountState d = discounts_.Attach(life, std::max(at, life.cursor + 1));
  if (ctx_.emit.Sub(life, EventType::kSubUpdated, at)) discounts_.Announce(life, d);
}

void ChangePlanner::PauseOff(SubscriptionLife& life, int64_t at) {
  if (!life.s.paused) return;
  life.s.paused = false;
  ctx_.emit.Sub(life, EventType::kSubUpdated, SnapToBoundary(at));
}

void ChangePlanner::CancelAt(SubscriptionLife& life) {
  const SubscriptionSnapshot& s = life.s;
  if (s.cancel_at != 0 && s.status != SubStatus::kCanceled) billing_.End(life, s.cancel_at, CancelReason::kRequested);
}

}  // namespace subledger::eventgen
