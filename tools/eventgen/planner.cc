#include "tools/eventgen/planner.h"

#include <algorithm>
#include <utility>

namespace subledger::eventgen {

Planner::Planner(StreamPlan* plan, const IdSpace& ids, const GeneratorOptions& options)
    : ctx_(plan, ids, options),
      carriers_(ctx_),
      prices_(ctx_, carriers_),
      discounts_(ctx_, carriers_),
      billing_(ctx_, discounts_),
      starts_(ctx_, billing_),
      changes_(ctx_, billing_, discounts_, prices_),
      books_(ctx_) {}

bool Planner::Full() const {
  const GeneratorOptions& o = ctx_.options;
  if (o.customers > 0) return ctx_.next_customer >= o.customers;
  return ctx_.plan.events.size() >= o.events;
}

void Planner::Run() {
  while (!Full()) SimulateCustomer();
  ctx_.plan.customers = ctx_.next_customer;
}

ApiShape Planner::PickShape(const Owner& o) {
  const double sr = ctx_.rng.Unit();
  if (o.flags & kCustomerAccount) return sr < 0.6 ? ApiShape::kBasil : ApiShape::kClover;  // Accounts v2 is new
  return sr < 0.2 ? ApiShape::kLegacy : sr < 0.45 ? ApiShape::kAcacia : sr < 0.85 ? ApiShape::kBasil : ApiShape::kClover;
}

void Planner::CustomerEvent(EventType type, const Owner& o, ApiShape shape, int64_t at) {
  if (o.flags & kCustomerAccount) return;  // an Accounts v2 customer has no cus_ object
  MoneyEvent m;
  m.owner = o;
  ctx_.emit.Money(type, m, shape, std::clamp(at, ctx_.begin, ctx_.end));
}

void Planner::SimulateCustomer() {
  Rng& rng = ctx_.rng;
  CustomerPlan c = books_.NewCustomer();
  const int64_t begin = ctx_.begin, end = ctx_.end;
  const int64_t signup = rng.Chance(0.3) ? begin + rng.Between(0, 25 * kDay)
                                         : begin + rng.Between(0, std::max<int64_t>(end - begin - 5 * kDay, kDay));
  const double cr = rng.Unit();
  const uint8_t currency = c.owner.currency = cr < 0.6 ? 0 : cr < 0.85 ? 1 : 2;
  const ApiShape shape = PickShape(c.owner);
  CustomerEvent(EventType::kCustomerCreated, c.owner, shape, signup);
  if (rng.Chance(0.7)) CustomerEvent(EventType::kPaymentMethodAttached, c.owner, shape, signup + 20);

  const int parallel = rng.Chance(0.7) ? 1 : rng.Chance(0.7) ? 2 : 3;
  int64_t last_end = 0;
  bool all_ended = true, ever_paid = false;
  for (int i = 0; i < parallel; ++i) {
    const int64_t start = i == 0 ? signup + rng.Between(kMinute, 10 * kMinute) : signup + rng.Between(kHour, 200 * kDay);
    if (start > end) break;
    const uint8_t cur = rng.Chance(0.88) ? currency : static_cast<uint8_t>((currency + 1 + rng.Below(2)) % 3);
    bool paid = false;
    const int64_t ended = SimulateSubscription(c, cur, shape, start, &paid);
    ever_paid |= paid;
    if (ended == 0) all_ended = false;
    last_end = std::max(last_end, ended);
  }
  if (rng.Chance(0.15)) CustomerEvent(EventType::kCustomerUpdated, c.owner, shape, signup + rng.Between(kDay, 90 * kDay));
  // Reactivation: a churned customer comes back later with a new subscription.
  if (all_ended && ever_paid && last_end > 0 && rng.Chance(0.35)) {
    const int64_t back = last_end + rng.Between(15 * kDay, 120 * kDay);
    if (back >= end) return;
    const ApiShape again = rng.Chance(0.8) || (c.owner.flags & kCustomerAccount) ? shape : ApiShape::kBasil;
    const uint8_t cur = rng.Chance(0.9) ? currency : static_cast<uint8_t>((currency + 1) % 3);
    bool paid = false;
    SimulateSubscription(c, cur, again, back, &paid);
  }
}

int64_t Planner::SimulateSubscription(CustomerPlan& c, uint8_t currency, ApiShape shape, int64_t start, bool* paid) {
  SubscriptionLife life;
  SubscriptionSnapshot& s = life.s;
  s.owner = c.owner;
  s.owner.currency = currency;
  s.owner.sub = books_.NextSub(c);
  s.shape = shape;
  s.created = start;
  life.borrowed_discount = std::exchange(c.reuse_discount, 0u);
  ++ctx_.plan.subscriptions;
  if (!StartSubscription(life)) return 0;
  while (!life.ended && !life.agenda.empty()) {
    const Agenda a = life.PopNext();
    if (a.at > ctx_.end) break;
    Dispatch(life, a);
  }
  *paid = life.had_mrr;
  return life.churned ? life.cursor : 0;
}

bool Planner::StartSubscription(SubscriptionLife& life) {
  SubscriptionSnapshot& s = life.s;
  const bool extreme = ctx_.rates.extreme_share > 0 && ctx_.rng.Chance(ctx_.rates.extreme_share);
  if (extreme && s.shape == ApiShape::kLegacy) s.shape = ApiShape::kBasil;  // stacks need discounts[]
  prices_.StartItems(life, extreme);
  if (extreme) discounts_.AttachStack(life, s.created);
  // A reused discount id is always used: the collision across books is the point.
  const bool coupon = life.borrowed_discount != 0 || ctx_.rng.Chance(ctx_.rates.coupon_share);
  const DiscountState d = coupon ? discounts_.Attach(life, s.created) : DiscountState{};
  if (!starts_.Start(life)) return false;
  if (coupon) discounts_.Announce(life, d);
  discounts_.AnnounceStack(life);
  return true;
}

void Planner::Dispatch(SubscriptionLife& life, const Agenda& a) {
  switch (a.action) {
    case Action::kRenew: billing_.Renew(life, a.at); break;
    case Action::kTick: changes_.Tick(life, a.at); break;
    case Action::kTrialWillEnd: starts_.TrialWillEnd(life, a.at); break;
    case Action::kTrialEnd: starts_.TrialEnd(life, a.at); break;
    case Action::kResume: starts_.Resume(life, a.at); break;
    case Action::kIncompleteEnd: starts_.IncompleteEnd(life, a.at); break;
    case Action::kPauseOff: changes_.PauseOff(life, a.at); break;
    case Action::kCouponEnd: discounts_.Expire(life, a.at, a.arg); break;
    case Action::kCancelAt: changes_.CancelAt(life); break;
    case Action::kSnapshot: ctx_.emit.Sub(life, EventType::kSubSnapshot, a.at); break;
    case Action::kDunning: billing_.Dunning(life, a.at); break;
    case Action::kUnpaidEnd: billing_.UnpaidEnd(life, a.at); break;
  }
}

}  // namespace subledger::eventgen
