#include "tools/eventgen/plan_emitter.h"

#include <algorithm>

namespace subledger::eventgen {

PlanEmitter::PlanEmitter(StreamPlan* plan, const IdSpace& ids, Rng* rng, int64_t end, double account_null_share)
    : plan_(plan), ids_(ids), rng_(rng), end_(end), account_null_share_(account_null_share) {}

PlannedEvent& PlanEmitter::Push(EventType type, int64_t at, uint8_t book, ApiShape shape, uint32_t ref) {
  PlannedEvent e;
  e.created = at;
  e.serial = ++next_event_;
  e.order_key = IdKey(e.serial, plan_->salt);
  e.ref = ref;
  e.type = type;
  e.shape = shape;
  e.book = book;
  if (account_null_share_ > 0 && plan_->books[book].account.empty() && rng_->Chance(account_null_share_)) {
    e.account_form = rng_->Chance(0.5) ? kAccountNull : kAccountEmpty;
  }
  plan_->events.push_back(e);
  return plan_->events.back();
}

int64_t PlanEmitter::UniqueSnapshotSecond(uint64_t key, int64_t at) {
  while (!snapshot_ids_.insert(Mix64(key ^ Mix64(static_cast<uint64_t>(at)))).second) ++at;
  return at;
}

bool PlanEmitter::Sub(SubscriptionLife& life, EventType type, int64_t at, bool same_second_ok) {
  if (!same_second_ok || life.last == UINT32_MAX) at = std::max(at, life.cursor + 1);
  const bool snapshot = type == EventType::kSubSnapshot;
  if (snapshot) at = UniqueSnapshotSecond(ids_.SubKey(life.s.owner.sub), at);
  if (at > end_) return false;
  SubscriptionSnapshot& s = life.s;
  if (!snapshot && type != EventType::kSubTrialWillEnd) s.latest_invoice = next_invoice;
  if (life.Counted()) life.had_mrr = true;
  plan_->snapshots.push_back(s);
  PlannedEvent& e = Push(type, at, s.owner.book, s.shape, static_cast<uint32_t>(plan_->snapshots.size() - 1));
  if (snapshot) e.order_key = ids_.SubKey(s.owner.sub);
  e.previous = life.last;
  life.last = e.ref;
  life.cursor = at;
  return true;
}

bool PlanEmitter::Money(EventType type, const MoneyEvent& m, ApiShape shape, int64_t at) {
  if (at > end_) return false;
  plan_->money.push_back(m);
  Push(type, at, m.owner.book, shape, static_cast<uint32_t>(plan_->money.size() - 1));
  return true;
}

bool PlanEmitter::Discount(EventType type, const Owner& o, ApiShape shape, const DiscountState& d, int64_t at) {
  if (at > end_) return false;
  plan_->discount_events.push_back(DiscountEvent{o, shape, d});
  Push(type, at, o.book, shape, static_cast<uint32_t>(plan_->discount_events.size() - 1));
  return true;
}

bool PlanEmitter::Catalog(EventType type, uint8_t book, const CatalogEvent& c, ApiShape shape, int64_t at) {
  const bool snapshot = type == EventType::kPriceSnapshot;
  const uint64_t key = ids_.PriceKey(c.id_book, c.index);
  if (snapshot) at = UniqueSnapshotSecond(key, at);
  if (at > end_) return false;
  plan_->catalog_events.push_back(c);
  PlannedEvent& e = Push(type, at, book, shape, static_cast<uint32_t>(plan_->catalog_events.size() - 1));
  if (snapshot) e.order_key = key;
  return true;
}

}  // namespace subledger::eventgen
