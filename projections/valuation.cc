#include "projections/valuation.h"

#include "ledger/ascii.h"

namespace subledger {
namespace {

// floor(x), or out of range when it does not fit 64 bits.
Exact Floor(const Exact& x) {
  const std::optional<Money> f = x.Floor();
  if (!f || *f > INT64_MAX || *f < INT64_MIN) return Exact::OutOfRange();
  return Exact(static_cast<int64_t>(*f));
}

// The amount of one item before its interval factor, or nullopt when §3
// calls it unpriced. q is exact and not negative.
std::optional<Exact> TieredAmount(const PriceTerms& price, const Tiers& tiers, const Exact& q) {
  if (q == Exact()) return Exact();
  Exact below;  // the previous tier's up_to
  Exact amount;
  for (const Tier& tier : tiers) {
    const bool reaches = !tier.up_to || !(Exact(*tier.up_to) < q);
    if (price.tiers_mode == TiersMode::kVolume) {
      if (reaches) return q * tier.unit + tier.flat;
      continue;
    }
    const Exact top = reaches ? q : Exact(*tier.up_to);
    if (below < top) amount = amount + (top - below) * tier.unit + tier.flat;
    if (reaches) return amount;
    if (below < Exact(*tier.up_to)) below = Exact(*tier.up_to);
  }
  return std::nullopt;  // the tiers do not reach q
}

// transform_quantity: q / divide_by rounded to a whole number.
Exact BilledQuantity(const PriceTerms& price, const Exact& q) {
  if (price.divide_by <= 0) return q;
  const Exact x = q * Exact::Ratio(1, price.divide_by);
  const Exact down = Floor(x);
  return price.round_up && !(down == x) ? down + Exact(1) : down;
}

std::optional<Exact> ItemAmount(const ItemTerms& item, const Catalog& catalog) {
  const PriceTerms& price = item.price;
  if (price.metered || price.interval == BillingInterval::kNone) return std::nullopt;
  if (price.tiered) {
    const Tiers* tiers = price.tiers ? &*price.tiers : catalog.Price(price.id);
    if (tiers == nullptr || price.tiers_mode == TiersMode::kNone) return std::nullopt;
    return TieredAmount(price, *tiers, item.quantity);
  }
  if (!price.unit_amount) return std::nullopt;
  return *price.unit_amount * BilledQuantity(price, item.quantity);
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
