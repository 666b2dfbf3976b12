// FitToStripeRange: keeps a profile's events inside the size range Stripe's
// real deliveries have (issue 11): every data.object 1,200..4,500 bytes as
// compact JSON, every body 2,200..11,800 bytes pretty-printed.
//
// Given the variants built for a profile ([type][variant]), it returns false
// when they all fit (or nothing is left to change). Otherwise it changes the
// profile one step and returns true, and the caller builds it again:
//  * too large: drop the invoice's footer, custom field and payment method
//    options, the discount, the
//    tax, item metadata, Checkout's payment method options, subscription
//    metadata entries, then the second item;
//  * too small (a customer or payment with little to say): add its billing
//    address, shipping address, phone, description, then an entry to the
//    customer's and the payments' metadata.
// Both in one step when the profile has objects too large and too small.
//
// Thread safety: pure function of its arguments.
#pragma once

#include <vector>

#include "tools/bench/body_mix.h"
#include "tools/bench/stripe_profile.h"

namespace subledger::bench {

inline constexpr size_t kMinObjectBytes = 1200;
inline constexpr size_t kMaxObjectBytes = 4500;
inline constexpr size_t kMinBodyBytes = 2200;
inline constexpr size_t kMaxBodyBytes = 11800;

bool FitToStripeRange(const std::vector<std::vector<BodyVariant>>& built, StripeProfile* p);

}  // namespace subledger::bench
