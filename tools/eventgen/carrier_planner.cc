#include "tools/eventgen/carrier_planner.h"

#include <algorithm>

namespace subledger::eventgen {
namespace {

// Catalog events are rendered in a shape that has prices: legacy accounts see acacia's.
ApiShape CatalogShape(ApiShape shape) { return shape == ApiShape::kLegacy ? ApiShape::kAcacia : shape; }

}  // namespace

CarrierPlanner::CarrierPlanner(PlanContext& ctx)
    : ctx_(ctx),
      price_seen_(ctx.plan.books.size() * 2 * ctx.plan.prices.size()),
      coupon_seen_(ctx.plan.books.size() * 2 * ctx.plan.coupons.size()) {
  ctx.plan.tiers_on_item.assign(price_seen_.size(), 0);
}

int64_t CarrierPlanner::Before(int64_t at) {
  return std::max(ctx_.begin, at - ctx_.rng.Between(kHour, 30 * kDay));
}

void CarrierPlanner::NotePrice(const Owner& o, ApiShape shape, uint16_t price, int64_t at) {
  if (!ctx_.plan.prices[price].tiered()) return;
  const size_t key = ctx_.plan.CatalogKey(o.book, o.id_book, price, ctx_.plan.prices.size());
  if (price_seen_[key]) return;
  price_seen_[key] = 1;
  const V2Rates& r = ctx_.rates;
  const double roll = ctx_.rng.Unit();
  const CatalogEvent c{price, o.id_book};
  if (roll < r.tiers_on_item_share) {
    ctx_.plan.tiers_on_item[key] = 1;
  } else if (roll < r.tiers_on_item_share + r.tiers_event_share) {
    PriceEvents(o, shape, c, at);
  } else if (roll < r.tiers_on_item_share + r.tiers_event_share + r.tiers_snapshot_share) {
    // An operator fetched the price after its first use: a late carrier.
    ctx_.emit.Catalog(EventType::kPriceSnapshot, o.book, c, CatalogShape(shape),
                      at + ctx_.rng.Between(kHour, 15 * kDay));
  }
}

void CarrierPlanner::PriceEvents(const Owner& o, ApiShape shape, const CatalogEvent& c, int64_t at) {
  const ApiShape s = CatalogShape(shape);
  if (ctx_.rng.Chance(0.7)) {
    ctx_.emit.Catalog(EventType::kPriceCreated, o.book, c, s, Before(at));
    if (ctx_.rng.Chance(0.2)) ctx_.emit.Catalog(EventType::kPriceUpdated, o.book, c, s, at + ctx_.rng.Between(kDay, 90 * kDay));
  } else {
    // The price.created webhook was missed; a price.updated comes after the first use.
    ctx_.emit.Catalog(EventType::kPriceUpdated, o.book, c, s, at + ctx_.rng.Between(kHour, 20 * kDay));
  }
}

void CarrierPlanner::NoteCloverCoupon(const Owner& o, int16_t coupon, int64_t at) {
  const size_t key = ctx_.plan.CatalogKey(o.book, o.id_book, static_cast<size_t>(coupon), ctx_.plan.coupons.size());
  if (coupon_seen_[key]) return;
  coupon_seen_[key] = 1;
  const bool stack = ctx_.plan.coupons[coupon].era == CouponEra::kStack;
  if (!stack && ctx_.rng.Chance(ctx_.rates.coupon_unannounced_share)) return;
  ctx_.emit.Catalog(EventType::kCouponCreated, o.book, CatalogEvent{static_cast<uint16_t>(coupon), o.id_book},
                    ApiShape::kClover, Before(at));
}

}  // namespace subledger::eventgen
