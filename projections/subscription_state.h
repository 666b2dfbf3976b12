// SubscriptionState: the parts of a Stripe subscription object that the
// revenue model reads (spec §2–§3), and its MRR.
//
// Both API shapes are understood: legacy (`plan` on items or on the
// subscription itself, `discount`, periods on the subscription) and current
// (`price`, `discounts[]`, periods on items, `discount.source.coupon`).
// Parsing never fails on a JSON object: absent or mistyped fields take the
// documented defaults, and an item whose price cannot be read is "unpriced".
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/json_view.h"
#include "projections/rational.h"

namespace subledger {

enum class BillingInterval : uint8_t { kNone, kDay, kWeek, kMonth, kYear };

struct SubscriptionItem {
  std::string price_id;                // price.id or plan.id
  std::optional<Rational> unit_amount; // nullopt: no unit amount (e.g. tiered)
  int64_t quantity = 1;
  BillingInterval interval = BillingInterval::kNone;
  int64_t interval_count = 1;
  bool metered = false;
  // True when the item contributes 0 to MRR because it is metered or has no
  // unit amount or no recurring interval (spec §3 "unpriced items").
  bool unpriced() const { return metered || !unit_amount || interval == BillingInterval::kNone; }
  // unit_amount × quantity × factor(interval, interval_count); 0 when unpriced.
  Rational Mrr() const;
};

struct Coupon {
  std::string discount_id;       // the discount object's id ("" for legacy without id)
  std::string duration;          // forever | repeating | once
  std::optional<Rational> percent_off;
  std::optional<int64_t> amount_off;
  std::string currency;          // of amount_off
};

struct SubscriptionState {
  std::string id;
  std::string customer;
  std::string status;
  std::string currency;
  std::vector<SubscriptionItem> items;
  std::vector<Coupon> coupons;   // legacy discount first, then discounts[] in order, deduplicated
  bool pause_collection = false;
  bool cancel_at_period_end = false;
  std::optional<int64_t> cancel_at;
  std::optional<int64_t> trial_end;
  std::string cancellation_reason;

  // status is active or past_due (spec §3).
  bool Counted() const { return status == "active" || status == "past_due"; }
  // Involuntary churn marker (spec §4).
  bool Involuntary() const {
    return status == "unpaid" || cancellation_reason == "payment_failed" ||
           cancellation_reason == "payment_disputed";
  }
  bool ScheduledToCancel() const { return cancel_at_period_end || cancel_at.has_value(); }
  // Exact MRR after discounts, before rounding; 0 unless counted and not paused.
  Rational ExactMrr() const;
  // Reported MRR in cents: ExactMrr rounded half-up.
  int64_t MrrCents() const { return ExactMrr().RoundHalfUp(); }
  // Items that contribute 0 because they are unpriced (all of them when the
  // MRR is out of range).
  uint32_t UnpricedItems() const;
  // True when an item's or the total MRR exceeds 10^15 minor units a month or
  // overflows exact arithmetic: such a subscription contributes 0 and its
  // items count as unpriced, never a wrong number.
  bool MrrOutOfRange() const;
};

// Reads a subscription object (an event's data.object).
SubscriptionState ParseSubscription(const JsonValue& object);

// factor(interval, interval_count) from spec §3; 0 for kNone.
Rational IntervalFactor(BillingInterval interval, int64_t interval_count);

}  // namespace subledger
