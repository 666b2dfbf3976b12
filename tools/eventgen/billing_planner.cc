#include "tools/eventgen/billing_planner.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace subledger::eventgen {
namespace {

constexpr double kMaxAmount = 1e12;  // payments stay within what Stripe can charge

}  // namespace

BillingPlanner::BillingPlanner(PlanContext& ctx, DiscountPlanner& discounts) : ctx_(ctx), discounts_(discounts) {}

int64_t BillingPlanner::AdvancePeriod(const SubscriptionSnapshot& s, int64_t from) const {
  const PriceDef& p = ctx_.plan.prices[s.items[0].price];
  switch (p.interval) {
    case Interval::kDay: return from + p.interval_count * kDay;
    case Interval::kWeek: return from + p.interval_count * 7 * kDay;
    case Interval::kMonth: return AddMonths(from, p.interval_count);
    case Interval::kYear: return AddMonths(from, 12 * p.interval_count);
  }
  return from + 30 * kDay;
}

int64_t BillingPlanner::PeriodAmount(const SubscriptionSnapshot& s) {
  double total = 0;
  for (int i = 0; i < s.n_items; ++i) {
    const PriceDef& p = ctx_.plan.prices[s.items[i].price];
    const double q = std::max(0, s.items[i].quantity);
    if (p.metered) total += static_cast<double>(ctx_.rng.Between(0, 5000)) * p.unit_cents;
    else if (p.tiered()) total += 1000.0 * q;
    else if (p.divide_by > 0) total += p.unit_cents * std::ceil(q / static_cast<double>(p.divide_by));
    else total += p.unit_cents * q;
  }
  if (s.discount.coupon >= 0) {
    const CouponDef& c = ctx_.plan.coupons[s.discount.coupon];
    if (!c.percent_off.empty()) total *= 1 - std::strtod(c.percent_off.c_str(), nullptr) / 100;
  }
  return std::llround(std::clamp(total, 0.0, kMaxAmount));
}

void BillingPlanner::Money(EventType type, const SubscriptionLife& life, int64_t at, int64_t amount) {
  MoneyEvent m;
  m.owner = life.s.owner;
  m.amount = amount;
  m.invoice = ctx_.emit.next_invoice;
  m.intent = ctx_.next_intent;
  m.charge = ctx_.next_charge;
  m.period_start = life.s.period_start;
  m.period_end = life.s.period_end;
  ctx_.emit.Money(type, m, life.s.shape, at);
}

void BillingPlanner::Pay(SubscriptionLife& life, int64_t at, bool succeed) {
  const int64_t amount = PeriodAmount(life.s);
  ++ctx_.emit.next_invoice;
  ++ctx_.next_intent;
  ++ctx_.next_charge;
  Rng& rng = ctx_.rng;
  if (rng.Chance(0.15)) Money(EventType::kInvoiceCreated, life, at, amount);
  if (rng.Chance(0.1)) Money(EventType::kInvoiceFinalized, life, at + 1, amount);
  if (rng.Chance(0.05)) Money(EventType::kPaymentIntentCreated, life, at + 2, amount);
  if (succeed) {
    Money(EventType::kPaymentIntentSucceeded, life, at + 3, amount);
    if (rng.Chance(0.12)) Money(EventType::kChargeSucceeded, life, at + 3, amount);
    if (rng.Chance(0.15)) Money(EventType::kInvoicePaid, life, at + 4, amount);
  } else {
    Money(EventType::kPaymentIntentFailed, life, at + 3, amount);
    if (rng.Chance(0.3)) Money(EventType::kChargeFailed, life, at + 3, amount);
    if (rng.Chance(0.4)) Money(EventType::kInvoicePaymentFailed, life, at + 4, amount);
  }
}

bool BillingPlanner::Activate(SubscriptionLife& life, EventType type, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  s.status = SubStatus::kActive;
  s.period_start = std::max(at, life.cursor + 1);
  s.period_end = AdvancePeriod(s, s.period_start);
  if (!ctx_.emit.Sub(life, type, at)) return false;
  Pay(life, life.cursor, true);
  life.Schedule(s.period_end, Action::kRenew);
  return true;
}

void BillingPlanner::End(SubscriptionLife& life, int64_t at, CancelReason reason) {
  SubscriptionSnapshot& s = life.s;
  s.status = SubStatus::kCanceled;
  s.cancel_reason = reason;
  s.canceled_at = std::max(at, life.cursor + 1);
  s.ended_at = s.canceled_at;
  life.churned = ctx_.emit.Sub(life, EventType::kSubDeleted, at);
  life.ended = true;
  if (life.churned) discounts_.OnEnded(life);
}

void BillingPlanner::NextPeriod(SubscriptionSnapshot& s, int64_t at) const {
  // Weekly and daily prices bill every period; the plan records about one
  // renewal a month (periods still advance one by one).
  int64_t next = s.period_end;
  while (next - at < 28 * kDay) {
    s.period_start = next;
    next = AdvancePeriod(s, next);
  }
  s.period_start = std::max(s.period_start, at);
  s.period_end = next;
}

void BillingPlanner::Renew(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.status == SubStatus::kCanceled || s.status == SubStatus::kIncompleteExpired) return;
  if (s.cancel_at_period_end) return End(life, at, CancelReason::kRequested);
  NextPeriod(s, at);
  if (s.status == SubStatus::kActive && !s.paused) {
    const bool fail = ctx_.rng.Chance(0.08);
    Pay(life, at, !fail);
    if (fail) {
      s.status = SubStatus::kPastDue;
      if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at + kHour)) return;
      life.Schedule(at + ctx_.rng.Between(3 * kDay, 7 * kDay), Action::kDunning);
    } else if (ctx_.rng.Chance(0.25)) {
      if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at + 1)) return;
    }
  } else if (ctx_.rng.Chance(0.5)) {
    if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at + 1)) return;
  }
  life.Schedule(s.period_end, Action::kRenew);
}

void BillingPlanner::Dunning(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.status != SubStatus::kPastDue) return;
  const double r = ctx_.rng.Unit();
  if (r < 0.5) {
    Pay(life, at, true);
    s.status = SubStatus::kActive;
    ctx_.emit.Sub(life, EventType::kSubUpdated, at + 5);
  } else if (r < 0.75) {
    Pay(life, at, false);
    s.status = SubStatus::kUnpaid;
    if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at + 5)) return;
    life.Schedule(at + ctx_.rng.Between(7 * kDay, 30 * kDay), Action::kUnpaidEnd);
  } else if (r < 0.97) {
    Pay(life, at, false);
    End(life, at + 5, CancelReason::kPaymentFailed);
  } else {
    End(life, at + 5, CancelReason::kPaymentDisputed);
  }
}

void BillingPlanner::UnpaidEnd(SubscriptionLife& life, int64_t at) {
  if (life.s.status != SubStatus::kUnpaid) return;
  if (ctx_.rng.Chance(0.4)) {
    Pay(life, at, true);
    life.s.status = SubStatus::kActive;
    ctx_.emit.Sub(life, EventType::kSubUpdated, at + 5);
  } else {
    End(life, at, ctx_.rng.Chance(0.7) ? CancelReason::kPaymentFailed : CancelReason::kRequested);
  }
}

}  // namespace subledger::eventgen
