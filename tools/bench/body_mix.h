// BodyMix: the bodies a load generator sends, as a pool of compiled
// templates: pool[type][profile] holds weighted variants.
//
// Two mixes:
//  * StripeMix(seed): Stripe's real delivery distribution (issue 11), the
//    default. Eight event types in Stripe's shares (kStripeShares), pretty
//    printed with 2-space indentation like Stripe's deliveries, built from
//    kProfiles customer profiles (stripe_profile.h) and per-type variants
//    (a renewal, a plan change, a cancellation...). Same seed, same pool.
//  * SmallMix(): the bodies used before issue 11 (three types, 2.3-3.9 KB,
//    created 2024-11-07, livemode false), to compare with the old numbers.
//
// Thread safety: immutable once built.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/bench/body_template.h"

namespace subledger::bench {

struct TypeShare {
  const char* type;
  double percent;
};

// Stripe's webhook delivery mix (percent of deliveries; the figures,
// which add up to 100.4 and are normalised when drawing).
inline constexpr TypeShare kStripeShares[] = {
    {"invoice.payment_succeeded", 28.0},     {"customer.subscription.updated", 26.0},
    {"payment_intent.succeeded", 23.0},      {"customer.created", 9.0},
    {"customer.subscription.created", 7.5},  {"invoice.payment_failed", 2.6},
    {"payment_intent.payment_failed", 2.6},  {"customer.subscription.deleted", 1.7},
};

struct BodyVariant {
  double weight = 1;        // relative, within its (type, profile)
  BodyTemplate body;
  size_t object_bytes = 0;  // data.object as compact JSON, slots filled
};

struct BodyMix {
  std::string name;                     // "stripe" or "small"
  std::vector<TypeShare> types;         // drawn by percent
  std::vector<std::vector<std::vector<BodyVariant>>> pool;  // [type][profile][variant]

  int profiles() const { return pool.empty() ? 0 : static_cast<int>(pool[0].size()); }
};

BodyMix StripeMix(uint64_t seed);
BodyMix SmallMix();

// Compiles an event (JSON text with slot markers) and its data.object.
BodyVariant MakeVariant(double weight, const std::string& body_text, const std::string& object_compact_text);

}  // namespace subledger::bench
