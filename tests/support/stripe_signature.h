// Stripe webhook signing, as Stripe does it: HMAC-SHA256 keyed by the whole
// secret string (with its "whsec_" prefix) over "<t>.<raw body>", lower-case
// hex, sent as "Stripe-Signature: t=<t>,v1=<hex>".
//
// Used by tests to sign payloads without Node; the interop test checks the
// daemon against Stripe's own SDK (tests/interop/sign.js) instead.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace subledger::testing {

// Lower-case hex HMAC-SHA256(key, message).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// "t=<t>,v1=<hex>" for `body` signed with `secret` at Unix time `t`.
std::string SignStripe(std::string_view secret, std::string_view body, int64_t t);

// Current Unix time in seconds.
int64_t NowUnixSeconds();

}  // namespace subledger::testing
