// SubscriptionState: the parts of a Stripe subscription object that the
// revenue model reads (spec §2–§3), as read from ONE event, before any
// lookup of known prices, discounts or coupons (projections/catalog.h) and
// before valuation (projections/valuation.h).
//
// Every API shape is understood: legacy (`plan` on items or on the
// subscription itself, `discount`, `coupon` objects), current (`price`,
// `discounts[]` of objects or of ids, `tiers`, `transform_quantity`) and
// clover (`discount.source.coupon` as an id). Parsing never fails on a JSON
// object: absent or mistyped fields take the documented defaults
// (docs/projections.md).
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/json_view.h"
#include "projections/exact_number.h"

namespace subledger {

enum class BillingInterval : uint8_t { kNone, kDay, kWeek, kMonth, kYear };
enum class TiersMode : uint8_t { kNone, kVolume, kGraduated };

struct Tier {
  std::optional<int64_t> up_to;  // nullopt: no upper limit
  Exact unit;                    // unit_amount_decimal, else unit_amount; null as 0
  Exact flat;                    // flat_amount_decimal, else flat_amount; null as 0
  bool operator==(const Tier&) const = default;
};
using Tiers = std::vector<Tier>;

// An item's price (or, without `price`, its legacy `plan`).
struct PriceTerms {
  std::string id;
  std::optional<Exact> unit_amount;  // nullopt: none (e.g. tiered)
  BillingInterval interval = BillingInterval::kNone;
  int64_t interval_count = 1;
  bool metered = false;
  bool tiered = false;  // billing_scheme == "tiered"
  TiersMode tiers_mode = TiersMode::kNone;
  std::optional<Tiers> tiers;  // only when the object carries a `tiers` array
  int64_t divide_by = 0;       // transform_quantity / transform_usage (> 0); 0 when none
  bool round_up = false;
  bool operator==(const PriceTerms&) const = default;
};

struct ItemTerms {
  PriceTerms price;
  Exact quantity = 1;  // exact (§1: 2.5 seats are 2.5); a negative quantity is read as 0
  bool operator==(const ItemTerms&) const = default;
};

struct CouponTerms {
  std::string duration;  // forever | repeating | once
  std::optional<Exact> percent_off;
  std::optional<Exact> amount_off;
  std::string currency;  // of amount_off, lower-cased
  bool operator==(const CouponTerms&) const = default;
};

// A discount object: its coupon given as an object or only as an id.
struct DiscountTerms {
  std::optional<CouponTerms> coupon;
  std::string coupon_id;  // the coupon's id (also set when `coupon` is given)
  std::optional<int64_t> end;
  bool operator==(const DiscountTerms&) const = default;
};

// A discount as a subscription state names it: an object (terms set) or
// only an id (terms nullopt: resolved through the known discounts).
struct DiscountRef {
  std::string id;  // "" for a legacy discount without an id
  std::optional<DiscountTerms> terms;
  bool operator==(const DiscountRef&) const = default;
};

struct SubscriptionState {
  std::string id;
  std::string customer;  // customer, else customer_account, else "" (see CustomerOf)
  std::string status;
  std::string currency;  // lower-cased; the first item's price currency when absent
  std::vector<ItemTerms> items;
  std::vector<DiscountRef> discounts;  // legacy discount first, then discounts[]; one per id
  // Set only when a discount given as an object repeats an id named earlier
  // in the state: then every discount object, in document order (the
  // carriers of known discounts and coupons, §3); else the carriers are the
  // objects of `discounts`.
  std::vector<DiscountRef> discount_carriers;
  bool pause_collection = false;
  bool cancel_at_period_end = false;
  bool cancel_at_set = false;        // cancel_at present and not null, whatever its form
  std::optional<int64_t> cancel_at;  // its value, when an integer
  std::optional<int64_t> trial_end;
  std::string cancellation_reason;

  // status is active or past_due (spec §3).
  bool Counted() const { return status == "active" || status == "past_due"; }
  // Involuntary churn marker (spec §4).
  bool Involuntary() const {
    return status == "unpaid" || cancellation_reason == "payment_failed" ||
           cancellation_reason == "payment_disputed";
  }
  bool ScheduledToCancel() const { return cancel_at_period_end || cancel_at_set; }
  // The customer of this state (spec §2): customer, else customer_account,
  // else the subscription's own id.
  const std::string& CustomerOf() const { return customer.empty() ? id : customer; }
};

// Reads a subscription object (an event's data.object).
SubscriptionState ParseSubscription(const JsonValue& object);
// Reads a price or legacy plan object.
PriceTerms ParsePrice(const JsonValue& price_or_plan, bool is_plan);
// Reads a discount object / a coupon object.
DiscountTerms ParseDiscount(const JsonValue& discount);
CouponTerms ParseCoupon(const JsonValue& coupon);
// A string id, or an expanded object's `id`; "" otherwise.
std::string IdOf(const JsonValue& v);

// factor(interval, interval_count) from spec §3; 0 for kNone.
Exact IntervalFactor(BillingInterval interval, int64_t interval_count);

}  // namespace subledger
