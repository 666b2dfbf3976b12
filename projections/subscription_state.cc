#include "projections/subscription_state.h"

namespace subledger {
namespace {

BillingInterval ParseInterval(const JsonValue& v) {
  if (v.equals("month")) return BillingInterval::kMonth;
  if (v.equals("year")) return BillingInterval::kYear;
  if (v.equals("week")) return BillingInterval::kWeek;
  if (v.equals("day")) return BillingInterval::kDay;
  return BillingInterval::kNone;
}

std::optional<Rational> NumberOrDecimalString(const JsonValue& v) {
  if (v.is_number() || v.is_string()) return Rational::ParseDecimal(v.is_string() ? std::string_view(v.str()) : v.raw());
  return std::nullopt;
}

std::string IdOf(const JsonValue& v) {
  if (v.is_string()) return v.str();
  if (v.is_object()) return v["id"].str();
  return {};
}

// An item's price: `price` (current) or `plan` (legacy) — both may be present
// on 2020+ legacy payloads; `price` wins.
void ReadPrice(const JsonValue& price, const JsonValue& plan, SubscriptionItem* item) {
  if (price.is_object()) {
    item->price_id = price["id"].str();
    item->unit_amount = NumberOrDecimalString(price["unit_amount_decimal"]);
    if (!item->unit_amount) item->unit_amount = NumberOrDecimalString(price["unit_amount"]);
    JsonValue recurring = price["recurring"];
    item->interval = ParseInterval(recurring["interval"]);
    item->interval_count = recurring["interval_count"].as_int64().value_or(1);
    item->metered = recurring["usage_type"].equals("metered");
    return;
  }
  if (plan.is_object()) {
    item->price_id = plan["id"].str();
    item->unit_amount = NumberOrDecimalString(plan["amount_decimal"]);
    if (!item->unit_amount) item->unit_amount = NumberOrDecimalString(plan["amount"]);
    item->interval = ParseInterval(plan["interval"]);
    item->interval_count = plan["interval_count"].as_int64().value_or(1);
    item->metered = plan["usage_type"].equals("metered");
    return;
  }
  item->price_id = IdOf(price);  // an unexpanded id: unpriced
}

int64_t Quantity(const JsonValue& v) {
  auto q = v.as_int64();
  return q && *q >= 0 ? *q : 1;
}

// The coupon of a discount object: `coupon`, or `source.coupon` (2025-09-30+).
std::optional<Coupon> ReadDiscount(const JsonValue& discount) {
  if (!discount.is_object()) return std::nullopt;  // null, or an id we cannot see
  JsonValue coupon = discount["coupon"];
  if (!coupon.is_object()) coupon = discount["source"]["coupon"];
  if (!coupon.is_object()) return std::nullopt;
  Coupon c;
  c.discount_id = discount["id"].str();
  c.duration = coupon["duration"].str();
  c.percent_off = NumberOrDecimalString(coupon["percent_off"]);
  c.amount_off = coupon["amount_off"].as_int64();
  c.currency = coupon["currency"].str();
  return c;
}

}  // namespace

Rational IntervalFactor(BillingInterval interval, int64_t n) {
  if (n <= 0) n = 1;
  switch (interval) {
    case BillingInterval::kMonth: return Rational::Of(1, n);
    case BillingInterval::kYear: return Rational::Of(1, 12 * static_cast<Rational::Int>(n));
    case BillingInterval::kWeek: return Rational::Of(52, 12 * static_cast<Rational::Int>(n));
    case BillingInterval::kDay: return Rational::Of(365, 12 * static_cast<Rational::Int>(n));
    case BillingInterval::kNone: return Rational();
  }
  return Rational();
}

Rational SubscriptionItem::Mrr() const {
  if (unpriced()) return Rational();
  return *unit_amount * Rational(quantity) * IntervalFactor(interval, interval_count);
}

SubscriptionState ParseSubscription(const JsonValue& object) {
  SubscriptionState s;
  s.id = object["id"].str();
  s.customer = IdOf(object["customer"]);
  s.status = object["status"].str();
  s.currency = object["currency"].str();
  JsonValue items = object["items"]["data"];
  if (items.is_array()) {
    for (JsonValue it : items) {
      if (!it.is_object()) continue;
      SubscriptionItem item;
      ReadPrice(it["price"], it["plan"], &item);
      item.quantity = Quantity(it["quantity"]);
      s.items.push_back(std::move(item));
    }
  } else if (object["plan"].is_object()) {
    // Pre-2018 shape: one plan and quantity on the subscription itself.
    SubscriptionItem item;
    ReadPrice(JsonValue(), object["plan"], &item);
    item.quantity = Quantity(object["quantity"]);
    s.items.push_back(std::move(item));
  }
  if (s.currency.empty() && items.is_array() && items.size() > 0) {
    JsonValue first = *items.begin();
    s.currency = first["price"]["currency"].str();
    if (s.currency.empty()) s.currency = first["plan"]["currency"].str();
  }
  if (s.currency.empty()) s.currency = object["plan"]["currency"].str();

  if (auto legacy = ReadDiscount(object["discount"])) s.coupons.push_back(*legacy);
  JsonValue discounts = object["discounts"];
  if (discounts.is_array()) {
    for (JsonValue d : discounts) {
      auto c = ReadDiscount(d);
      if (!c) continue;
      bool seen = false;
      for (const Coupon& prior : s.coupons) seen |= !c->discount_id.empty() && prior.discount_id == c->discount_id;
      if (!seen) s.coupons.push_back(*c);
    }
  }
  JsonValue pause = object["pause_collection"];
  s.pause_collection = pause.exists() && !pause.is_null();
  s.cancel_at_period_end = object["cancel_at_period_end"].as_bool().value_or(false);
  s.cancel_at = object["cancel_at"].as_int64();
  s.trial_end = object["trial_end"].as_int64();
  s.cancellation_reason = object["cancellation_details"]["reason"].str();
  return s;
}

namespace {
// An item or subscription above 10^15 minor units a month (10 trillion in
// major units) is not a real price: it is treated as unpriced rather than
// turned into a wrong or overflowing number.
const Rational kMaxMrrMinorUnits = Rational(1000000000000000LL);
}  // namespace

bool SubscriptionState::MrrOutOfRange() const {
  Rational x;
  for (const SubscriptionItem& item : items) {
    Rational m = item.Mrr();
    if (m.overflowed() || kMaxMrrMinorUnits < m) return true;
    x = x + m;
  }
  return x.overflowed() || kMaxMrrMinorUnits < x;
}

Rational SubscriptionState::ExactMrr() const {
  if (!Counted() || pause_collection || MrrOutOfRange()) return Rational();
  Rational x;
  for (const SubscriptionItem& item : items) x = x + item.Mrr();
  Rational first_factor = items.empty() ? Rational() : IntervalFactor(items[0].interval, items[0].interval_count);
  for (const Coupon& c : coupons) {
    if (c.duration != "forever" && c.duration != "repeating") continue;
    if (c.percent_off) {
      x = x * (Rational(1) - *c.percent_off * Rational::Of(1, 100));
    } else if (c.amount_off && c.currency == currency) {
      x = x - Rational(*c.amount_off) * first_factor;
    }
    x = x.ClampAtZero();
  }
  if (x.overflowed()) return Rational();
  return x.ClampAtZero();
}

uint32_t SubscriptionState::UnpricedItems() const {
  if (MrrOutOfRange()) return static_cast<uint32_t>(items.size());
  uint32_t n = 0;
  for (const SubscriptionItem& item : items) n += item.unpriced() ? 1 : 0;
  return n;
}

}  // namespace subledger
