#include "projections/valuation.h"

#include "ledger/ascii.h"

namespace subledger {
namespace {

// The amount of one item before its interval factor, or nullopt when §3
// calls it unpriced.
std::optional<Exact> TieredAmount(const PriceTerms& price, const Tiers& tiers, int64_t q) {
  if (q == 0) return Exact();
  int64_t below = 0;  // the previous tier's up_to
  Exact amount;
  for (const Tier& tier : tiers) {
    const bool reaches = !tier.up_to || *tier.up_to >= q;
    if (price.tiers_mode == TiersMode::kVolume) {
      if (reaches) return Exact(q) * tier.unit + tier.flat;
      continue;
    }
    const int64_t top = reaches ? q : *tier.up_to;
    if (top > below) amount = amount + Exact(top - below) * tier.unit + tier.flat;
    if (reaches) return amount;
    below = std::max(below, *tier.up_to);
  }
  return std::nullopt;  // the tiers do not reach q
}

std::optional<Exact> ItemAmount(const ItemTerms& item, const Catalog& catalog) {
  const PriceTerms& price = item.price;
  if (price.metered || price.interval == BillingInterval::kNone) return std::nullopt;
  if (item.quantity == kUnpricedQuantity) return std::nullopt;
  const int64_t q = item.quantity;
  if (price.tiered) {
    const Tiers* tiers = price.tiers ? &*price.tiers : catalog.Price(price.id);
    if (tiers == nullptr || price.tiers_mode == TiersMode::kNone) return std::nullopt;
    return TieredAmount(price, *tiers, q);
  }
  if (!price.unit_amount) return std::nullopt;
  int64_t billed = q;
  if (price.divide_by > 0) {
    billed = q / price.divide_by;
    if (price.round_up && q % price.divide_by != 0) ++billed;
  }
  return *price.unit_amount * Exact(billed);
}

const CouponTerms* ResolveCoupon(const DiscountTerms& d, const Catalog& catalog) {
  if (d.coupon) return &*d.coupon;
  if (d.coupon_id.empty()) return nullptr;
  return catalog.Coupon(d.coupon_id);
}

Exact ApplyDiscounts(Exact x, const SubscriptionFact& state, const std::string& currency, const Catalog& catalog,
                     const WalkPoint& at) {
  const PricingTerms& terms = *state.terms;
  const Exact first_factor = terms.items.empty() ? Exact()
                                                 : IntervalFactor(terms.items[0].price.interval,
                                                                  terms.items[0].price.interval_count);
  for (const DiscountRef& ref : terms.discounts) {
    const DiscountTerms* d = ResolveDiscount(ref, catalog);
    if (d == nullptr) continue;  // unresolved: left out of MRR
    const CouponTerms* c = ResolveCoupon(*d, catalog);
    if (c == nullptr || DiscountStopped(ref.id, d->end, catalog, at)) continue;
    if (c->duration != "forever" && c->duration != "repeating") continue;
    if (c->percent_off) {
      x = x * (Exact(1) - *c->percent_off * Exact::Ratio(1, 100));
    } else if (c->amount_off && AsciiLower(c->currency) == AsciiLower(currency)) {
      x = x - *c->amount_off * first_factor;
    }
    x = x.ClampAtZero();
  }
  return x;
}

}  // namespace

const DiscountTerms* ResolveDiscount(const DiscountRef& ref, const Catalog& catalog) {
  if (ref.terms) return &*ref.terms;
  return catalog.Discount(ref.id);
}

bool DiscountStopped(const std::string& id, const std::optional<int64_t>& end, const Catalog& catalog,
                     const WalkPoint& at) {
  if (end && WalkPoint::OfExpiry(*end, id) <= at) return true;
  if (id.empty()) return false;
  const EventKey* deletion = catalog.Deletion(id);
  return deletion != nullptr && WalkPoint::OfEvent(*deletion) <= at;
}

Valuation Value(const SubscriptionFact& state, const std::string& currency, const Catalog& catalog,
                const WalkPoint& at) {
  Valuation v;
  if (!state.counted()) return v;
  const PricingTerms& terms = *state.terms;
  Exact x;
  for (const ItemTerms& item : terms.items) {
    auto amount = ItemAmount(item, catalog);
    if (!amount) {
      ++v.unpriced;
      continue;
    }
    x = x + *amount * IntervalFactor(item.price.interval, item.price.interval_count);
  }
  if (state.paused) x = Exact();
  auto rounded = ApplyDiscounts(x, state, currency, catalog, at).ClampAtZero().RoundHalfUp();
  if (!rounded) {
    // Beyond every magnitude Stripe allows (exact_number.h): visible as
    // unpriced, never a wrong figure.
    v.unpriced = static_cast<uint32_t>(terms.items.size());
    return v;
  }
  v.mrr = *rounded;
  return v;
}

std::vector<std::string> UnresolvedDiscounts(const PricingTerms& terms, const Catalog& catalog) {
  std::vector<std::string> ids;
  for (const DiscountRef& ref : terms.discounts) {
    const DiscountTerms* d = ResolveDiscount(ref, catalog);
    const bool unresolved = d == nullptr || (!d->coupon && !d->coupon_id.empty() && !catalog.Coupon(d->coupon_id));
    if (unresolved && !ref.id.empty()) ids.push_back(ref.id);  // a discount without id cannot be named
  }
  return ids;
}

}  // namespace subledger
