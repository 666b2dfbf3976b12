#include "tools/eventgen/discount_planner.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace subledger::eventgen {
namespace {

bool SameCurrency(const std::string& coupon_currency, const char* currency) {
  std::string lower = coupon_currency;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower == currency;
}

}  // namespace

DiscountPlanner::DiscountPlanner(PlanContext& ctx, CarrierPlanner& carriers) : ctx_(ctx), carriers_(carriers) {
  const std::vector<CouponDef>& coupons = ctx.plan.coupons;
  for (size_t i = 0; i < coupons.size(); ++i) {
    const auto index = static_cast<int16_t>(i);
    const CouponDef& c = coupons[i];
    (c.era == CouponEra::kAny ? any_ : c.era == CouponEra::kClover ? clover_ : stack_).push_back(index);
    for (uint8_t k = 0; k < 3; ++k) {
      if (c.currency == kCurrencies[k] && c.duration == "forever" && matching_amount_off_[k] < 0) {
        matching_amount_off_[k] = index;
      }
    }
  }
}

bool DiscountPlanner::HasRoom(const SubscriptionSnapshot& s) const {
  switch (s.shape) {
    case ApiShape::kLegacy:
    case ApiShape::kAcacia: return s.discount.coupon < 0;
    default: return s.n_discounts < 2;
  }
}

int16_t DiscountPlanner::PickCoupon(const SubscriptionSnapshot& s) {
  Rng& rng = ctx_.rng;
  if (s.shape == ApiShape::kClover && rng.Chance(0.5)) return clover_[rng.Below(clover_.size())];
  const int16_t coupon = any_[rng.Below(any_.size())];
  const CouponDef& c = ctx_.plan.coupons[coupon];
  // Amount-off coupons mostly in the subscription's currency; a few in another.
  if (c.amount_off > 0 && !SameCurrency(c.currency, kCurrencies[s.owner.currency]) && rng.Chance(0.7)) {
    return matching_amount_off_[s.owner.currency];
  }
  return coupon;
}

DiscountState DiscountPlanner::Attach(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  DiscountState d;
  d.coupon = PickCoupon(s);
  d.serial = life.borrowed_discount != 0 ? std::exchange(life.borrowed_discount, 0u) : ++ctx_.next_discount;
  d.start = at;
  const CouponDef& c = ctx_.plan.coupons[d.coupon];
  if (c.duration == "repeating") d.end = AddMonths(at, c.duration_in_months);
  if (s.shape == ApiShape::kLegacy || s.shape == ApiShape::kAcacia) s.discount = d;
  if (s.shape != ApiShape::kLegacy) s.discounts[s.n_discounts++] = d;  // acacia: the same discount, by id
  if (d.end != 0) life.Schedule(d.end, Action::kCouponEnd, d.serial);
  if (s.shape != ApiShape::kLegacy && ctx_.rng.Chance(ctx_.rates.snapshot_share)) {
    life.Schedule(at + ctx_.rng.Between(kHour, 2 * kDay), Action::kSnapshot);
  }
  if (IsDonorBook(s.owner)) ctx_.donors.discount = d.serial;
  return d;
}

void DiscountPlanner::AttachStack(SubscriptionLife& life, int64_t at) {
  std::vector<DiscountState> stack(static_cast<size_t>(ctx_.rng.Between(5, 20)));
  for (DiscountState& d : stack) d = DiscountState{stack_[ctx_.rng.Below(stack_.size())], ++ctx_.next_discount, at, 0};
  ctx_.plan.stacks.push_back(std::move(stack));
  life.s.stack = static_cast<uint32_t>(ctx_.plan.stacks.size());
}

void DiscountPlanner::Announce(SubscriptionLife& life, const DiscountState& d) {
  const SubscriptionSnapshot& s = life.s;
  if (s.shape == ApiShape::kClover) carriers_.NoteCloverCoupon(s.owner, d.coupon, life.cursor);
  const V2Rates& r = ctx_.rates;
  const double roll = ctx_.rng.Unit();
  if (roll < r.discount_event_missing_share) return;
  if (roll < r.discount_event_missing_share + r.discount_event_late_share) {
    const EventType type = ctx_.rng.Chance(0.6) ? EventType::kDiscountUpdated : EventType::kDiscountCreated;
    ctx_.emit.Discount(type, s.owner, s.shape, d, life.cursor + ctx_.rng.Between(kHour, 30 * kDay));
    return;
  }
  ctx_.emit.Discount(EventType::kDiscountCreated, s.owner, s.shape, d, life.cursor);
}

void DiscountPlanner::AnnounceStack(SubscriptionLife& life) {
  const SubscriptionSnapshot& s = life.s;
  if (s.stack == 0) return;
  for (const DiscountState& d : ctx_.plan.stacks[s.stack - 1]) {
    if (s.shape == ApiShape::kClover) carriers_.NoteCloverCoupon(s.owner, d.coupon, life.cursor);
    ctx_.emit.Discount(EventType::kDiscountCreated, s.owner, s.shape, d, life.cursor);
  }
}

const DiscountState* DiscountPlanner::Find(const SubscriptionSnapshot& s, uint32_t serial) const {
  if (s.discount.coupon >= 0 && s.discount.serial == serial) return &s.discount;
  for (int i = 0; i < s.n_discounts; ++i) {
    if (s.discounts[i].serial == serial) return &s.discounts[i];
  }
  return nullptr;
}

void DiscountPlanner::Detach(SubscriptionSnapshot& s, uint32_t serial) {
  if (s.discount.serial == serial) s.discount = DiscountState{};
  int kept = 0;
  for (int i = 0; i < s.n_discounts; ++i) {
    if (s.discounts[i].serial != serial) s.discounts[kept++] = s.discounts[i];
  }
  s.n_discounts = static_cast<uint8_t>(kept);
}

void DiscountPlanner::Expire(SubscriptionLife& life, int64_t at, uint32_t serial) {
  const DiscountState* found = Find(life.s, serial);
  if (found == nullptr) return;
  const DiscountState d = *found;
  const double silent = ctx_.rates.silent_expiry_share;
  const double roll = ctx_.rng.Unit();
  if (roll < silent) {
    // Silent expiry: nothing is sent at `end`; half the time the next state no longer names it.
    if (ctx_.rng.Chance(0.5)) Detach(life.s, serial);
    return;
  }
  Detach(life.s, serial);
  if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at)) return;
  if (roll < silent + (1 - silent) * 0.6) {
    ctx_.emit.Discount(EventType::kDiscountDeleted, life.s.owner, life.s.shape, d, life.cursor);
  }
  if (life.s.shape == ApiShape::kBasil && ctx_.rng.Chance(0.5)) life.Schedule(at + kHour, Action::kSnapshot);
}

bool DiscountPlanner::Remove(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  const DiscountState* first = s.discount.coupon >= 0 ? &s.discount : s.n_discounts > 0 ? &s.discounts[0] : nullptr;
  if (first == nullptr) return false;
  const DiscountState d = *first;
  Detach(s, d.serial);
  at = std::max(at, life.cursor + 1);
  // Mostly with the subscription update in the same second; else the next state drops it.
  if (ctx_.rng.Chance(0.7)) {
    if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at)) return true;
    at = life.cursor;
  }
  ctx_.emit.Discount(EventType::kDiscountDeleted, s.owner, s.shape, d, at);
  return true;
}

void DiscountPlanner::OnEnded(SubscriptionLife& life) {
  const SubscriptionSnapshot& s = life.s;
  auto deleted = [&](const DiscountState& d) {
    if (d.coupon < 0 || (d.end != 0 && d.end <= life.cursor) || !ctx_.rng.Chance(0.8)) return;
    ctx_.emit.Discount(EventType::kDiscountDeleted, s.owner, s.shape, d, life.cursor);
  };
  deleted(s.discount);
  for (int i = 0; i < s.n_discounts; ++i) {
    if (s.discounts[i].serial != s.discount.serial) deleted(s.discounts[i]);
  }
}

}  // namespace subledger::eventgen
