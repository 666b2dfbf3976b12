// PlanEmitter: records planned events (event_plan.h) into the StreamPlan.
// It is the only place that appends events, so it keeps the stream's
// invariants: nothing after the horizon; a subscription's events in strictly
// increasing seconds (except deliberate same-second pairs); snapshot ids
// ("evt_snap_<id>_<created>") unique even where a subscription or price id is
// deliberately reused in another book; the top-level `account` form of the
// platform's events.
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>
#include <unordered_set>

#include "tools/eventgen/gen_random.h"
#include "tools/eventgen/id_space.h"
#include "tools/eventgen/stream_plan.h"
#include "tools/eventgen/subscription_life.h"

namespace subledger::eventgen {

class PlanEmitter {
 public:
  PlanEmitter(StreamPlan* plan, const IdSpace& ids, Rng* rng, int64_t end, double account_null_share);

  // A subscription event showing life.s at `at` (moved after the previous one
  // unless same_second_ok). False when past the horizon (nothing recorded).
  bool Sub(SubscriptionLife& life, EventType type, int64_t at, bool same_second_ok = false);
  // A customer, payment-method or payment event; false when past the horizon.
  bool Money(EventType type, const MoneyEvent& m, ApiShape shape, int64_t at);
  // A customer.discount.* event carrying `d`.
  bool Discount(EventType type, const Owner& o, ApiShape shape, const DiscountState& d, int64_t at);
  // A coupon.created or price event of book `book`.
  bool Catalog(EventType type, uint8_t book, const CatalogEvent& c, ApiShape shape, int64_t at);

  uint32_t next_invoice = 0;  // latest invoice of the subscription events (BillingPlanner counts)

 private:
  PlannedEvent& Push(EventType type, int64_t at, uint8_t book, ApiShape shape, uint32_t ref);
  // The first second >= at at which the snapshot id of `key` is unused.
  int64_t UniqueSnapshotSecond(uint64_t key, int64_t at);

  StreamPlan* plan_;
  const IdSpace& ids_;
  Rng* rng_;
  int64_t end_;
  double account_null_share_;
  uint32_t next_event_ = 0;
  std::unordered_set<uint64_t> snapshot_ids_;
};

}  // namespace subledger::eventgen
