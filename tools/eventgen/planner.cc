#include "tools/eventgen/planner.h"

#include "ledger/civil_date.h"

#include <algorithm>
#include <cmath>

namespace subledger::eventgen {
namespace {

constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86400;

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// First second of the month after the one holding t.
int64_t NextMonthStart(int64_t t) {
  const CivilDate date = CivilFromDays(t / kDay);
  int64_t y = date.year;
  unsigned m = date.month;
  if (++m == 13) m = 1, ++y;
  return DaysFromCivil(y, m, 1) * kDay;
}

}  // namespace

int64_t AddMonths(int64_t t, int n) {
  const CivilDate date = CivilFromDays(t / kDay);
  int64_t y = date.year;
  unsigned m = date.month, d = date.day;
  int64_t total = y * 12 + (m - 1) + n;
  y = total / 12;
  m = static_cast<unsigned>(total % 12) + 1;
  d = std::min(d, DaysInMonth(y, m));
  return DaysFromCivil(y, m, d) * kDay + t % kDay;
}

Planner::Planner(EventGenerator* gen)
    : gen_(gen),
      rng_(Mix64(gen->options_.seed * 0x9e3779b97f4a7c15ULL + 12345)),
      begin_(gen->options_.start),
      end_(gen->options_.start + gen->options_.days * kDay - 1) {}

bool Planner::Full() const {
  const GeneratorOptions& o = gen_->options_;
  if (o.customers > 0) return next_customer_ >= o.customers;
  return gen_->events_.size() >= o.events;
}

void Planner::Run() {
  while (!Full()) SimulateCustomer();
  gen_->customers_ = next_customer_;
  gen_->subscriptions_ = next_sub_;
}

PriceGroup Planner::PickGroup() {
  const double r = rng_.Unit();
  if (r < 0.50) return PriceGroup::kMonthly;
  if (r < 0.75) return PriceGroup::kYearly;
  if (r < 0.84) return PriceGroup::kQuarterly;
  if (r < 0.93) return PriceGroup::kWeekly;
  return PriceGroup::kDaily;
}

uint16_t Planner::PickPrice(uint8_t currency, PriceGroup group) {
  uint16_t candidates[32];
  int n = 0;
  for (size_t i = 0; i < gen_->prices_.size(); ++i) {
    const PriceDef& p = gen_->prices_[i];
    if (p.currency == currency && p.group == group) candidates[n++] = static_cast<uint16_t>(i);
  }
  return candidates[rng_.Below(static_cast<uint64_t>(n))];
}

int64_t Planner::SnapToBoundary(int64_t at) {
  if (!rng_.Chance(0.06)) return at;
  const int64_t next = NextMonthStart(at);
  return rng_.Chance(0.5) ? next - 1 : next;  // 23:59:59 or 00:00:00 UTC
}

void Planner::SimulateCustomer() {
  const uint32_t customer = ++next_customer_;
  int64_t signup = rng_.Chance(0.3) ? begin_ + rng_.Between(0, 25 * kDay)
                                    : begin_ + rng_.Between(0, std::max<int64_t>(end_ - begin_ - 5 * kDay, kDay));
  const double cr = rng_.Unit();
  const uint8_t currency = cr < 0.6 ? 0 : cr < 0.85 ? 1 : 2;
  const double sr = rng_.Unit();
  const ApiShape shape = sr < 0.2 ? ApiShape::kLegacy : sr < 0.45 ? ApiShape::kAcacia
                         : sr < 0.85 ? ApiShape::kBasil : ApiShape::kClover;
  EmitCustomer(EventType::kCustomerCreated, customer, currency, shape, signup);
  if (rng_.Chance(0.7)) EmitCustomer(EventType::kPaymentMethodAttached, customer, currency, shape, signup + 20);

  const int parallel = rng_.Chance(0.7) ? 1 : rng_.Chance(0.7) ? 2 : 3;
  int64_t last_end = 0;
  bool all_ended = true, ever_paid = false;
  for (int i = 0; i < parallel; ++i) {
    const int64_t start = i == 0 ? signup + rng_.Between(kMinute, 10 * kMinute)
                                 : signup + rng_.Between(kHour, 200 * kDay);
    if (start > end_) break;
    const uint8_t c = rng_.Chance(0.88) ? currency : static_cast<uint8_t>((currency + 1 + rng_.Below(2)) % 3);
    bool paid = false;
    const int64_t ended = SimulateSubscription(customer, c, shape, start, &paid);
    ever_paid |= paid;
    if (ended == 0) all_ended = false;
    last_end = std::max(last_end, ended);
  }
  if (rng_.Chance(0.15)) EmitCustomer(EventType::kCustomerUpdated, customer, currency, shape,
                                      signup + rng_.Between(kDay, 90 * kDay));
  // Reactivation: a churned customer comes back later with a new subscription.
  if (all_ended && ever_paid && last_end > 0 && rng_.Chance(0.35)) {
    const int64_t back = last_end + rng_.Between(15 * kDay, 120 * kDay);
    if (back < end_) {
      const ApiShape again = rng_.Chance(0.8) ? shape : ApiShape::kBasil;
      const uint8_t c = rng_.Chance(0.9) ? currency : static_cast<uint8_t>((currency + 1) % 3);
      bool paid = false;
      SimulateSubscription(customer, c, again, back, &paid);
    }
  }
}

int64_t Planner::SimulateSubscription(uint32_t customer, uint8_t currency, ApiShape shape, int64_t start,
                                      bool* paid) {
  Life life;
  SubscriptionSnapshot& s = life.s;
  s.sub = ++next_sub_;
  s.customer = customer;
  s.shape = shape;
  s.currency = currency;
  s.created = start;
  const PriceGroup group = PickGroup();
  s.n_items = 1;
  s.items[0] = ItemState{PickPrice(currency, group), 1, ++next_item_, start};
  const PriceDef& first = gen_->prices_[s.items[0].price];
  if (first.nickname.find("Seat") != std::string::npos || rng_.Chance(0.2)) {
    s.items[0].quantity = static_cast<uint32_t>(rng_.Between(2, 25));
  }
  if (first.nickname.find("API") != std::string::npos) s.items[0].quantity = static_cast<uint32_t>(rng_.Between(1000, 40000));
  if (rng_.Chance(0.15)) {
    // A second item: an add-on (metered or tiered) on monthly plans, else the same cadence.
    const bool addon = group == PriceGroup::kMonthly && rng_.Chance(0.5);
    s.items[s.n_items++] = ItemState{PickPrice(currency, addon ? PriceGroup::kAddOn : group),
                                     static_cast<uint32_t>(rng_.Between(1, 5)), ++next_item_, start};
    if (rng_.Chance(0.2)) s.items[s.n_items++] = ItemState{PickPrice(currency, group), 1, ++next_item_, start};
  }
  s.period_start = start;
  s.period_end = AdvancePeriod(s, start);

  const double r = rng_.Unit();
  const bool trial = r < 0.2;
  const bool incomplete = !trial && r < 0.25;
  if (rng_.Chance(0.12)) ApplyCoupon(life, start);
  if (trial) {
    s.status = SubStatus::kTrialing;
    s.trial_start = start;
    const int64_t days = rng_.Chance(0.6) ? 14 : rng_.Chance(0.5) ? 7 : 30;
    s.trial_end = start + days * kDay;
    s.period_end = s.trial_end;
    if (!EmitSub(life, EventType::kSubCreated, start)) return 0;
    Schedule(life, s.trial_end - 3 * kDay, Action::kTrialWillEnd);
    Schedule(life, s.trial_end, Action::kTrialEnd);
  } else if (incomplete) {
    s.status = SubStatus::kIncomplete;
    if (!EmitSub(life, EventType::kSubCreated, start)) return 0;
    Pay(life, start + 5, false);
    Schedule(life, start + rng_.Between(kHour, 23 * kHour), Action::kIncompleteEnd);
  } else if (rng_.Chance(0.25)) {
    // Checkout: created incomplete and updated to active in the same second.
    s.status = SubStatus::kIncomplete;
    if (!EmitSub(life, EventType::kSubCreated, start)) return 0;
    s.status = SubStatus::kActive;
    EmitSub(life, EventType::kSubUpdated, start, /*same_second_ok=*/true);
    Pay(life, start, true);
    Schedule(life, s.period_end, Action::kRenew);
  } else {
    s.status = SubStatus::kActive;
    if (!EmitSub(life, EventType::kSubCreated, start)) return 0;
    Pay(life, start, true);
    Schedule(life, s.period_end, Action::kRenew);
  }
  Schedule(life, start + rng_.Between(10 * kDay, 40 * kDay), Action::kTick);

  while (!life.ended && !life.agenda.empty()) {
    auto next = std::min_element(life.agenda.begin(), life.agenda.end(),
                                 [](const Agenda& a, const Agenda& b) { return a.at < b.at; });
    Agenda a = *next;
    life.agenda.erase(next);
    if (a.at > end_) break;
    Dispatch(life, a);
  }
  *paid = life.had_mrr;
  return life.churned ? life.cursor : 0;
}

void Planner::Schedule(Life& life, int64_t at, Action action) { life.agenda.push_back(Agenda{at, action}); }

void Planner::Unschedule(Life& life, Action action) {
  life.agenda.erase(std::remove_if(life.agenda.begin(), life.agenda.end(),
                                   [&](const Agenda& a) { return a.action == action; }),
                    life.agenda.end());
}

int64_t Planner::AdvancePeriod(const SubscriptionSnapshot& s, int64_t from) const {
  const PriceDef& p = gen_->prices_[s.items[0].price];
  switch (p.interval) {
    case Interval::kDay: return from + p.interval_count * kDay;
    case Interval::kWeek: return from + p.interval_count * 7 * kDay;
    case Interval::kMonth: return AddMonths(from, p.interval_count);
    case Interval::kYear: return AddMonths(from, 12 * p.interval_count);
  }
  return from + 30 * kDay;
}

int64_t Planner::PeriodAmount(const SubscriptionSnapshot& s) {
  double total = 0;
  for (int i = 0; i < s.n_items; ++i) {
    const PriceDef& p = gen_->prices_[s.items[i].price];
    if (p.metered) total += static_cast<double>(rng_.Between(0, 5000)) * p.unit_cents;
    else if (p.tiered) total += 1000.0 * s.items[i].quantity;
    else total += p.unit_cents * s.items[i].quantity;
  }
  if (s.discount.coupon >= 0) {
    const CouponDef& c = gen_->coupons_[s.discount.coupon];
    if (!c.percent_off.empty()) total *= 1 - std::strtod(c.percent_off.c_str(), nullptr) / 100;
  }
  return std::max<int64_t>(0, std::llround(total));
}

void Planner::ApplyCoupon(Life& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  int16_t coupon = static_cast<int16_t>(rng_.Below(gen_->coupons_.size()));
  const CouponDef& c = gen_->coupons_[coupon];
  // Amount-off coupons mostly in the subscription's currency; a few in another.
  if (c.amount_off > 0 && c.currency != kCurrencies[s.currency] && rng_.Chance(0.7)) {
    coupon = static_cast<int16_t>(7 + s.currency);  // "5 USD/EUR off", "4 GBP off"
  }
  DiscountState d{coupon, ++next_discount_, at};
  switch (s.shape) {
    case ApiShape::kLegacy: s.discount = d; break;
    case ApiShape::kAcacia:
    case ApiShape::kClover:
      s.discount = d;  // also listed (as an id) in discounts[]
      s.n_discounts = 1;
      s.discounts[0] = d;
      break;
    case ApiShape::kBasil:
      if (s.n_discounts < 2) s.discounts[s.n_discounts++] = d;
      break;
  }
  if (gen_->coupons_[coupon].duration == "repeating") {
    Schedule(life, AddMonths(at, gen_->coupons_[coupon].duration_in_months), Action::kCouponEnd);
  }
  if (s.shape != ApiShape::kLegacy && rng_.Chance(0.6)) Schedule(life, at + rng_.Between(kHour, 2 * kDay), Action::kSnapshot);
}

bool Planner::EmitSub(Life& life, EventType type, int64_t at, bool same_second_ok) {
  if (!same_second_ok || life.last == UINT32_MAX) at = std::max(at, life.cursor + 1);
  if (at > end_) return false;
  SubscriptionSnapshot& s = life.s;
  if (type != EventType::kSubSnapshot && type != EventType::kSubTrialWillEnd) s.latest_invoice = next_invoice_;
  if (s.status == SubStatus::kActive || s.status == SubStatus::kPastDue) life.had_mrr = true;
  gen_->snapshots_.push_back(s);
  PlannedEvent e;
  e.created = at;
  e.serial = ++next_event_;
  e.order_key = type == EventType::kSubSnapshot ? IdKey(s.sub, gen_->salt_ ^ 0x535542ULL) : IdKey(e.serial, gen_->salt_);
  e.ref = static_cast<uint32_t>(gen_->snapshots_.size() - 1);
  e.previous = life.last;
  e.type = type;
  e.shape = s.shape;
  gen_->events_.push_back(e);
  life.last = e.ref;
  life.cursor = at;
  return true;
}

void Planner::EmitMoney(EventType type, const Life& life, int64_t at, int64_t amount) {
  if (at > end_) return;
  MoneyEvent m;
  m.customer = life.s.customer;
  m.sub = life.s.sub;
  m.currency = life.s.currency;
  m.amount = amount;
  m.invoice = next_invoice_;
  m.intent = next_intent_;
  m.charge = next_charge_;
  m.period_start = life.s.period_start;
  m.period_end = life.s.period_end;
  gen_->money_.push_back(m);
  PlannedEvent e;
  e.created = at;
  e.serial = ++next_event_;
  e.order_key = IdKey(e.serial, gen_->salt_);
  e.ref = static_cast<uint32_t>(gen_->money_.size() - 1);
  e.type = type;
  e.shape = life.s.shape;
  gen_->events_.push_back(e);
}

void Planner::EmitCustomer(EventType type, uint32_t customer, uint8_t currency, ApiShape shape, int64_t at) {
  Life life;
  life.s.customer = customer;
  life.s.currency = currency;
  life.s.shape = shape;
  EmitMoney(type, life, std::clamp(at, begin_, end_), 0);
}

void Planner::Pay(Life& life, int64_t at, bool succeed) {
  const int64_t amount = PeriodAmount(life.s);
  ++next_invoice_;
  ++next_intent_;
  ++next_charge_;
  if (rng_.Chance(0.15)) EmitMoney(EventType::kInvoiceCreated, life, at, amount);
  if (rng_.Chance(0.1)) EmitMoney(EventType::kInvoiceFinalized, life, at + 1, amount);
  if (rng_.Chance(0.05)) EmitMoney(EventType::kPaymentIntentCreated, life, at + 2, amount);
  if (succeed) {
    EmitMoney(EventType::kPaymentIntentSucceeded, life, at + 3, amount);
    if (rng_.Chance(0.12)) EmitMoney(EventType::kChargeSucceeded, life, at + 3, amount);
    if (rng_.Chance(0.15)) EmitMoney(EventType::kInvoicePaid, life, at + 4, amount);
  } else {
    EmitMoney(EventType::kPaymentIntentFailed, life, at + 3, amount);
    if (rng_.Chance(0.3)) EmitMoney(EventType::kChargeFailed, life, at + 3, amount);
    if (rng_.Chance(0.4)) EmitMoney(EventType::kInvoicePaymentFailed, life, at + 4, amount);
  }
}

void Planner::End(Life& life, int64_t at, CancelReason reason) {
  SubscriptionSnapshot& s = life.s;
  s.status = SubStatus::kCanceled;
  s.cancel_reason = reason;
  s.canceled_at = std::max(at, life.cursor + 1);
  s.ended_at = s.canceled_at;
  life.churned = EmitSub(life, EventType::kSubDeleted, at);
  life.ended = true;
}

void Planner::Dispatch(Life& life, const Agenda& a) {
  SubscriptionSnapshot& s = life.s;
  switch (a.action) {
    case Action::kRenew: Renew(life, a.at); break;
    case Action::kTick: Tick(life, a.at); break;
    case Action::kTrialWillEnd:
      if (s.status == SubStatus::kTrialing) EmitSub(life, EventType::kSubTrialWillEnd, a.at);
      break;
    case Action::kTrialEnd: {
      if (s.status != SubStatus::kTrialing) break;
      const double r = rng_.Unit();
      if (r < 0.6) {
        s.status = SubStatus::kActive;
        s.period_start = a.at;
        s.period_end = AdvancePeriod(s, a.at);
        if (!EmitSub(life, EventType::kSubUpdated, a.at)) break;
        Pay(life, life.cursor, true);
        Schedule(life, s.period_end, Action::kRenew);
      } else if (r < 0.8) {
        End(life, a.at, CancelReason::kNone);  // trial ended without a payment method
      } else if (r < 0.9) {
        s.status = SubStatus::kPaused;  // trial_settings.end_behavior = pause
        if (!EmitSub(life, EventType::kSubPaused, a.at)) break;
        Schedule(life, a.at + rng_.Between(5 * kDay, 60 * kDay), Action::kResume);
      } else {
        s.status = SubStatus::kIncomplete;
        if (!EmitSub(life, EventType::kSubUpdated, a.at)) break;
        Pay(life, life.cursor, false);
        Schedule(life, life.cursor + 23 * kHour, Action::kIncompleteEnd);
      }
      break;
    }
    case Action::kResume:
      if (s.status != SubStatus::kPaused) break;
      if (rng_.Chance(0.5)) {
        s.status = SubStatus::kActive;
        s.period_start = std::max(a.at, life.cursor + 1);
        s.period_end = AdvancePeriod(s, s.period_start);
        if (!EmitSub(life, EventType::kSubResumed, a.at)) break;
        Pay(life, life.cursor, true);
        Schedule(life, s.period_end, Action::kRenew);
        Schedule(life, a.at + rng_.Between(10 * kDay, 40 * kDay), Action::kTick);
      } else {
        End(life, a.at, CancelReason::kNone);
      }
      break;
    case Action::kIncompleteEnd:
      if (s.status != SubStatus::kIncomplete) break;
      if (rng_.Chance(0.5)) {
        s.status = SubStatus::kActive;
        s.period_start = std::max(a.at, life.cursor + 1);
        s.period_end = AdvancePeriod(s, s.period_start);
        if (!EmitSub(life, EventType::kSubUpdated, a.at)) break;
        Pay(life, life.cursor, true);
        Schedule(life, s.period_end, Action::kRenew);
      } else {
        s.status = SubStatus::kIncompleteExpired;
        life.churned = EmitSub(life, EventType::kSubUpdated, a.at);
        life.ended = true;
      }
      break;
    case Action::kPauseOff:
      if (!s.paused) break;
      s.paused = false;
      EmitSub(life, EventType::kSubUpdated, SnapToBoundary(a.at));
      break;
    case Action::kCouponEnd:
      if (s.discount.coupon >= 0 && gen_->coupons_[s.discount.coupon].duration == "repeating") {
        s.discount = DiscountState{};
        s.n_discounts = 0;
      } else if (s.n_discounts > 0 && gen_->coupons_[s.discounts[0].coupon].duration == "repeating") {
        s.discounts[0] = s.discounts[1];
        --s.n_discounts;
      } else {
        break;
      }
      EmitSub(life, EventType::kSubUpdated, a.at);
      if (s.shape == ApiShape::kBasil && rng_.Chance(0.5)) Schedule(life, a.at + kHour, Action::kSnapshot);
      break;
    case Action::kCancelAt:
      if (s.cancel_at != 0 && s.status != SubStatus::kCanceled) End(life, s.cancel_at, CancelReason::kRequested);
      break;
    case Action::kSnapshot: EmitSub(life, EventType::kSubSnapshot, a.at); break;
    case Action::kDunning: {
      if (s.status != SubStatus::kPastDue) break;
      const double r = rng_.Unit();
      if (r < 0.5) {
        Pay(life, a.at, true);
        s.status = SubStatus::kActive;
        EmitSub(life, EventType::kSubUpdated, a.at + 5);
      } else if (r < 0.75) {
        Pay(life, a.at, false);
        s.status = SubStatus::kUnpaid;
        if (!EmitSub(life, EventType::kSubUpdated, a.at + 5)) break;
        Schedule(life, a.at + rng_.Between(7 * kDay, 30 * kDay), Action::kUnpaidEnd);
      } else if (r < 0.97) {
        Pay(life, a.at, false);
        End(life, a.at + 5, CancelReason::kPaymentFailed);
      } else {
        End(life, a.at + 5, CancelReason::kPaymentDisputed);
      }
      break;
    }
    case Action::kUnpaidEnd:
      if (s.status != SubStatus::kUnpaid) break;
      if (rng_.Chance(0.4)) {
        Pay(life, a.at, true);
        s.status = SubStatus::kActive;
        EmitSub(life, EventType::kSubUpdated, a.at + 5);
      } else {
        End(life, a.at, rng_.Chance(0.7) ? CancelReason::kPaymentFailed : CancelReason::kRequested);
      }
      break;
  }
}

void Planner::Renew(Life& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.status == SubStatus::kCanceled || s.status == SubStatus::kIncompleteExpired) return;
  if (s.cancel_at_period_end) {
    End(life, at, CancelReason::kRequested);
    return;
  }
  // Weekly and daily prices bill every period; the plan records about one
  // renewal a month (periods still advance one by one).
  int64_t next = s.period_end;
  while (next - at < 28 * kDay) {
    s.period_start = next;
    next = AdvancePeriod(s, next);
  }
  s.period_start = std::max(s.period_start, at);
  s.period_end = next;
  if (s.status == SubStatus::kActive && !s.paused) {
    const bool fail = rng_.Chance(0.08);
    Pay(life, at, !fail);
    if (fail) {
      s.status = SubStatus::kPastDue;
      if (!EmitSub(life, EventType::kSubUpdated, at + kHour)) return;
      Schedule(life, at + rng_.Between(3 * kDay, 7 * kDay), Action::kDunning);
    } else if (rng_.Chance(0.25)) {
      if (!EmitSub(life, EventType::kSubUpdated, at + 1)) return;
    }
  } else if (rng_.Chance(0.5)) {
    if (!EmitSub(life, EventType::kSubUpdated, at + 1)) return;
  }
  Schedule(life, s.period_end, Action::kRenew);
}

void Planner::Tick(Life& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  Schedule(life, at + rng_.Between(20 * kDay, 40 * kDay), Action::kTick);
  if (s.status != SubStatus::kActive) return;
  at = SnapToBoundary(at);
  const double r = rng_.Unit();
  const PriceDef& first = gen_->prices_[s.items[0].price];
  if (r < 0.03) {
    End(life, at, CancelReason::kRequested);
  } else if (r < 0.07) {
    if (s.cancel_at_period_end) {
      if (rng_.Chance(0.3)) {
        s.cancel_at_period_end = false;  // changed their mind
        s.canceled_at = 0;
        s.cancel_reason = CancelReason::kNone;
        EmitSub(life, EventType::kSubUpdated, at);
      }
      return;
    }
    s.cancel_at_period_end = true;
    s.canceled_at = std::max(at, life.cursor + 1);
    s.cancel_reason = CancelReason::kRequested;
    EmitSub(life, EventType::kSubUpdated, at);
  } else if (r < 0.082) {
    if (s.cancel_at != 0 || s.cancel_at_period_end) return;
    s.cancel_at = at + rng_.Between(10 * kDay, 60 * kDay);
    s.canceled_at = std::max(at, life.cursor + 1);
    if (!EmitSub(life, EventType::kSubUpdated, at)) return;
    Schedule(life, s.cancel_at, Action::kCancelAt);
  } else if (r < 0.15) {
    // Upgrade or downgrade of the main item within its cadence; sometimes monthly -> yearly.
    PriceGroup group = first.group;
    if (group == PriceGroup::kMonthly && rng_.Chance(0.15)) group = PriceGroup::kYearly;
    const uint16_t price = PickPrice(s.currency, group);
    if (price == s.items[0].price) return;
    const bool new_cadence = group != first.group;
    s.items[0].price = price;
    if (new_cadence) {
      s.period_start = std::max(at, life.cursor + 1);
      s.period_end = AdvancePeriod(s, s.period_start);
      Unschedule(life, Action::kRenew);
      Schedule(life, s.period_end, Action::kRenew);
    }
    EmitSub(life, EventType::kSubUpdated, at);
  } else if (r < 0.20) {
    const int64_t q = static_cast<int64_t>(s.items[0].quantity) + rng_.Between(-3, 5);
    s.items[0].quantity = static_cast<uint32_t>(std::max<int64_t>(1, q));
    EmitSub(life, EventType::kSubUpdated, at);
  } else if (r < 0.22) {
    if (s.n_items >= 3) return;
    const bool addon = first.group == PriceGroup::kMonthly && rng_.Chance(0.5);
    s.items[s.n_items++] = ItemState{PickPrice(s.currency, addon ? PriceGroup::kAddOn : first.group),
                                     static_cast<uint32_t>(rng_.Between(1, 4)), ++next_item_, at};
    EmitSub(life, EventType::kSubUpdated, at);
  } else if (r < 0.23) {
    if (s.n_items <= 1) return;
    --s.n_items;
    EmitSub(life, EventType::kSubUpdated, at);
  } else if (r < 0.26) {
    if (s.paused) return;
    s.paused = true;
    if (!EmitSub(life, EventType::kSubUpdated, at)) return;
    Schedule(life, at + rng_.Between(25 * kDay, 90 * kDay), Action::kPauseOff);
  } else if (r < 0.30) {
    if (s.discount.coupon >= 0 || s.n_discounts >= 2) return;
    ApplyCoupon(life, std::max(at, life.cursor + 1));
    EmitSub(life, EventType::kSubUpdated, at);
  } else if (r < 0.31 && s.shape != ApiShape::kLegacy) {
    EmitSub(life, EventType::kSubSnapshot, at);
  }
}

}  // namespace subledger::eventgen
