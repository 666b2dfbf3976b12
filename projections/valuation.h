// Valuation: the MRR of one subscription state at one position of its
// customer's walk (revenue model v2 §3), with the book's known objects.
//
// A state names prices and discounts; the catalog supplies what the state
// leaves out (tiers of a known price, a discount named only by id, a coupon
// named only by id). The position decides which discounts still apply: a
// discount stops at its expiry point (the second of its `end`) and at the
// first customer.discount.deleted event of its id, in canonical order.
//
// Thread safety: pure functions over const inputs.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "projections/catalog.h"
#include "projections/event_fact.h"
#include "projections/money.h"

namespace subledger {

// A point of a customer walk in canonical order (spec §4): an event at
// (created, 1 + type rank, event id), or an expiry point at (end, 0,
// discount id), which sorts before every event of the same second.
struct WalkPoint {
  int64_t time = 0;
  uint8_t order = 0;
  std::string tiebreak;
  auto operator<=>(const WalkPoint&) const = default;

  static WalkPoint OfEvent(const EventKey& key) { return {key.created, static_cast<uint8_t>(1 + key.rank), key.id}; }
  static WalkPoint OfExpiry(int64_t end, const std::string& discount_id) { return {end, 0, discount_id}; }
};

struct Valuation {
  Money mrr = 0;          // reported MRR: exact, rounded half-up; 0 unless counted and not paused
  uint32_t unpriced = 0;  // items §3 calls unpriced (of a counted state)
};

// The discount a reference stands for: its own object, or the known one;
// nullptr when it is given only by an unknown id.
const DiscountTerms* ResolveDiscount(const DiscountRef& ref, const Catalog& catalog);

// True when the discount `id` with `end` no longer applies at `at`.
bool DiscountStopped(const std::string& id, const std::optional<int64_t>& end, const Catalog& catalog,
                     const WalkPoint& at);

// The state's MRR at `at`. `currency` is the subscription's (its first
// state's), compared case-insensitively with amount_off coupons.
Valuation Value(const SubscriptionFact& state, const std::string& currency, const Catalog& catalog,
                const WalkPoint& at);

// Discount ids the state names that are not known, or whose coupon is not
// known (§7 unresolved_discounts), whatever their end; a legacy discount
// without an id is never counted.
std::vector<std::string> UnresolvedDiscounts(const PricingTerms& terms, const Catalog& catalog);

}  // namespace subledger
