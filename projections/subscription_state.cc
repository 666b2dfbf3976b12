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

// §3: absent, null or not a number: 1; negative: 0. Read exactly (§1):
// 1e1, 10.0 and "10" are ten, 2.5 is 2.5. A number too long to read (past
// 60 digits) is out of range, which leaves its subscription unpriced.
Exact Quantity(const JsonValue& v) {
  if (!v.exists() || v.is_null()) return 1;
  if (auto q = v.as_int64()) return std::max<int64_t>(0, *q);
  if (std::optional<Exact> exact = Decimal(v)) return exact->ClampAtZero();
  if (!v.is_number()) return 1;
  return v.raw().starts_with('-') ? Exact() : Exact::OutOfRange();
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

// Every discount the state names, in document order: the legacy `discount`,
// then `discounts[]`.
std::vector<DiscountRef> ReadDiscounts(const JsonValue& object) {
  std::vector<DiscountRef> all;
  auto add = [&all](const JsonValue& v) {
    if (v.is_object() || (v.is_string() && !v.str().empty())) all.push_back(ReadDiscountRef(v));
  };
  add(object["discount"]);
  JsonValue discounts = object["discounts"];
  if (discounts.is_array()) {
    for (JsonValue d : discounts) add(d);
  }
  return all;
}

// A discount named twice (same id) counts once, at its first occurrence;
// every copy given as an object is still a carrier of known objects (§3).
void SortOutDiscounts(std::vector<DiscountRef> all, SubscriptionState* s) {
  bool repeated_object = false;
  for (const DiscountRef& ref : all) {
    const bool repeat = !ref.id.empty() && std::any_of(s->discounts.begin(), s->discounts.end(),
                                                       [&ref](const DiscountRef& d) { return d.id == ref.id; });
    if (!repeat) {
      s->discounts.push_back(ref);
    } else if (ref.terms) {
      repeated_object = true;
    }
  }
  if (repeated_object) {
    for (DiscountRef& ref : all) {
      if (ref.terms) s->discount_carriers.push_back(std::move(ref));
    }
  }
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
  SortOutDiscounts(ReadDiscounts(object), &s);
  JsonValue pause = object["pause_collection"];
  s.pause_collection = pause.exists() && !pause.is_null();
  s.cancel_at_period_end = object["cancel_at_period_end"].as_bool().value_or(false);
  JsonValue cancel_at = object["cancel_at"];
  s.cancel_at_set = cancel_at.exists() && !cancel_at.is_null();
  s.cancel_at = cancel_at.as_int64();
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
