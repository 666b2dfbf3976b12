// CarrierPlanner: decides, per book, where the objects that subscription
// events name only by id become known (spec §3 "known prices" and "known
// coupons"), and emits those carrier events.
//
// - A tiered price, at its first use in a book (as that book sees its ids):
//   its items carry the tiers, or price.created / price.updated events do
//   (before the first use, or late), or a subledger.price.snapshot does (late),
//   or nothing does (unpriced), per the V2Rates tier shares.
// - A coupon, at its first use by a clover subscription of a book: a
//   coupon.created event before that use, unless the coupon stays unannounced
//   (coupon_unannounced_share; stack coupons are always announced).
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>
#include <vector>

#include "tools/eventgen/plan_context.h"

namespace subledger::eventgen {

class CarrierPlanner {
 public:
  explicit CarrierPlanner(PlanContext& ctx);

  // A subscription of `o` uses `price` from `at` on.
  void NotePrice(const Owner& o, ApiShape shape, uint16_t price, int64_t at);
  // A clover discount of `o` names `coupon` by id from `at` on.
  void NoteCloverCoupon(const Owner& o, int16_t coupon, int64_t at);

 private:
  void PriceEvents(const Owner& o, ApiShape shape, const CatalogEvent& c, int64_t at);
  // Before `at` (up to 30 days, not before the horizon).
  int64_t Before(int64_t at);

  PlanContext& ctx_;
  std::vector<uint8_t> price_seen_, coupon_seen_;  // by StreamPlan::CatalogKey
};

}  // namespace subledger::eventgen
