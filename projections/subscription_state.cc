#include "projections/subscription_state.h"

#include "ledger/ascii.h"

#include <algorithm>

namespace subledger {
namespace {

BillingInterval ParseInterval(const JsonValue& v) {
  if (v.equals("month")) return BillingInterval::kMonth;
  if (v.equals("year")) return BillingInterval::kYear;
  if (v.equals("week")) return BillingInterval::kWeek;
  if (v.equals("day")) return BillingInterval::kDay;
  return BillingInterval::kNone;
}

// A JSON number, or a string holding a decimal number, read exactly.
std::optional<Exact> Decimal(const JsonValue& v) {
  if (v.is_number()) return Exact::ParseDecimal(v.raw());
  if (v.is_string()) return Exact::ParseDecimal(v.str());
  return std::nullopt;
}

// `<name>_decimal` where present, else `<name>`.
std::optional<Exact> DecimalOrPlain(const JsonValue& object, std::string_view decimal, std::string_view plain) {
  if (auto d = Decimal(object[decimal])) return d;
  return Decimal(object[plain]);
}

// A tiers array; empty when a tier is not an object or its up_to is
// neither null nor an integer (such tiers reach no quantity: unpriced).
Tiers ParseTiers(const JsonValue& array) {
  Tiers tiers;
  for (JsonValue t : array) {
    if (!t.is_object()) return {};
    Tier tier;
    JsonValue up_to = t["up_to"];
    if (up_to.exists() && !up_to.is_null() && !up_to.equals("inf")) {
      auto limit = up_to.as_int64();
      if (!limit) return {};
      tier.up_to = *limit;
    }
    tier.unit = DecimalOrPlain(t, "unit_amount_decimal", "unit_amount").value_or(Exact());
    tier.flat = DecimalOrPlain(t, "flat_amount_decimal", "flat_amount").value_or(Exact());
    tiers.push_back(std::move(tier));
  }
  return tiers;
}

// transform_quantity / transform_usage: divide_by > 0, round "up" ceils and
// anything else floors. A divide_by that is not a positive integer is
// ignored (Stripe never sends one): the quantity is billed as it is.
void ParseTransform(const JsonValue& t, PriceTerms* price) {
  if (!t.is_object()) return;
  auto divide_by = t["divide_by"].as_int64();
  if (!divide_by || *divide_by <= 0) return;
  price->divide_by = *divide_by;
  price->round_up = t["round"].equals("up");
}

int64_t Quantity(const JsonValue& v) {
  if (!v.exists() || v.is_null()) return 1;
  auto q = v.as_int64();
  if (!q) return 1;
  return std::max<int64_t>(0, *q);
}

DiscountRef ReadDiscountRef(const JsonValue& v) {
  DiscountRef ref;
  if (v.is_string()) {
    ref.id = v.str();
    return ref;
  }
  ref.id = v["id"].str();
  ref.terms = ParseDiscount(v);
  return ref;
}

void AddDiscount(const JsonValue& v, std::vector<DiscountRef>* out) {
  if (!v.is_object() && !(v.is_string() && !v.str().empty())) return;
  DiscountRef ref = ReadDiscountRef(v);
  for (const DiscountRef& prior : *out) {
    if (!ref.id.empty() && prior.id == ref.id) return;  // counts once, at its first occurrence
  }
  out->push_back(std::move(ref));
}

void ReadItems(const JsonValue& object, SubscriptionState* s) {
  JsonValue items = object["items"]["data"];
  if (items.is_array()) {
    for (JsonValue it : items) {
      if (!it.is_object()) continue;
      ItemTerms item;
      JsonValue price = it["price"];
      item.price = price.is_object() ? ParsePrice(price, false)
                                     : it["plan"].is_object() ? ParsePrice(it["plan"], true) : PriceTerms();
      if (!price.is_object() && !it["plan"].is_object()) item.price.id = IdOf(price);  // unexpanded: unpriced
      item.quantity = Quantity(it["quantity"]);
      s->items.push_back(std::move(item));
    }
    if (s->currency.empty() && items.size() > 0) {
      JsonValue first = *items.begin();
      s->currency = first["price"]["currency"].str();
      if (s->currency.empty()) s->currency = first["plan"]["currency"].str();
    }
  } else if (object["plan"].is_object()) {
    // Pre-2018 shape: one plan and quantity on the subscription itself.
    ItemTerms item;
    item.price = ParsePrice(object["plan"], true);
    item.quantity = Quantity(object["quantity"]);
    s->items.push_back(std::move(item));
  }
  if (s->currency.empty()) s->currency = object["plan"]["currency"].str();
}

}  // namespace

std::string IdOf(const JsonValue& v) {
  if (v.is_string()) return v.str();
  if (v.is_object()) return v["id"].str();
  return {};
}

PriceTerms ParsePrice(const JsonValue& p, bool is_plan) {
  PriceTerms price;
  price.id = p["id"].str();
  if (is_plan) {
    price.unit_amount = DecimalOrPlain(p, "amount_decimal", "amount");
    price.interval = ParseInterval(p["interval"]);
    price.interval_count = p["interval_count"].as_int64().value_or(1);
    price.metered = p["usage_type"].equals("metered");
    ParseTransform(p["transform_usage"], &price);
  } else {
    price.unit_amount = DecimalOrPlain(p, "unit_amount_decimal", "unit_amount");
    JsonValue recurring = p["recurring"];
    price.interval = ParseInterval(recurring["interval"]);
    price.interval_count = recurring["interval_count"].as_int64().value_or(1);
    price.metered = recurring["usage_type"].equals("metered");
    ParseTransform(p["transform_quantity"], &price);
  }
  price.tiered = p["billing_scheme"].equals("tiered");
  JsonValue mode = p["tiers_mode"];
  price.tiers_mode = mode.equals("volume") ? TiersMode::kVolume
                     : mode.equals("graduated") ? TiersMode::kGraduated : TiersMode::kNone;
  if (p["tiers"].is_array()) price.tiers = ParseTiers(p["tiers"]);
  return price;
}

CouponTerms ParseCoupon(const JsonValue& c) {
  CouponTerms coupon;
  coupon.duration = c["duration"].str();
  coupon.percent_off = Decimal(c["percent_off"]);
  coupon.amount_off = Decimal(c["amount_off"]);
  coupon.currency = AsciiLower(c["currency"].str());
  return coupon;
}

DiscountTerms ParseDiscount(const JsonValue& d) {
  DiscountTerms discount;
  JsonValue coupon = d["coupon"];
  if (!coupon.is_object() && !coupon.is_string()) coupon = d["source"]["coupon"];
  if (coupon.is_object()) discount.coupon = ParseCoupon(coupon);
  discount.coupon_id = IdOf(coupon);
  JsonValue end = d["end"];
  discount.end = end.as_int64();
  return discount;
}

SubscriptionState ParseSubscription(const JsonValue& object) {
  SubscriptionState s;
  s.id = object["id"].str();
  s.customer = IdOf(object["customer"]);
  if (s.customer.empty()) s.customer = IdOf(object["customer_account"]);
  s.status = object["status"].str();
  s.currency = object["currency"].str();
  ReadItems(object, &s);
  s.currency = AsciiLower(std::move(s.currency));
  AddDiscount(object["discount"], &s.discounts);
  JsonValue discounts = object["discounts"];
  if (discounts.is_array()) {
    for (JsonValue d : discounts) AddDiscount(d, &s.discounts);
  }
  JsonValue pause = object["pause_collection"];
  s.pause_collection = pause.exists() && !pause.is_null();
  s.cancel_at_period_end = object["cancel_at_period_end"].as_bool().value_or(false);
  s.cancel_at = object["cancel_at"].as_int64();
  s.trial_end = object["trial_end"].as_int64();
  s.cancellation_reason = object["cancellation_details"]["reason"].str();
  return s;
}

Exact IntervalFactor(BillingInterval interval, int64_t n) {
  if (n <= 0) n = 1;
  switch (interval) {
    case BillingInterval::kMonth: return Exact::Ratio(1, n);
    case BillingInterval::kYear: return Exact::Ratio(1, 12) * Exact::Ratio(1, n);
    case BillingInterval::kWeek: return Exact::Ratio(52, 12) * Exact::Ratio(1, n);
    case BillingInterval::kDay: return Exact::Ratio(365, 12) * Exact::Ratio(1, n);
    case BillingInterval::kNone: return Exact();
  }
  return Exact();
}

}  // namespace subledger
