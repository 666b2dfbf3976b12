// SignatureVerifier: checks a `Stripe-Signature` header the way Stripe's
// official SDKs do (stripe-node `webhooks.constructEvent`, stripe-go
// `webhook.ConstructEvent`).
//
// Header:  Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]
//   * Items are split on ',' and each item on its first '='; keys are case-
//     sensitive. The last `t` wins. Every `v1` is a candidate signature; `v0`
//     and unknown keys are ignored.
//   * `t` is a decimal integer (digits only; leading zeros allowed, no sign).
//   * Expected signature: lower-case hex HMAC-SHA256, keyed by the secret
//     string exactly as configured INCLUDING its `whsec_` prefix, over
//     `<t's canonical decimal> + "." + <raw body bytes>`: the SDKs parse t
//     as an integer and sign its decimal form (stripe-node
//     `${parseInt(t)}.${payload}`), so `t=000<T>` is checked against the
//     signature over `<T>.body`, never over the literal text `000<T>.body`.
//   * Passes if any v1 equals the expected signature for any configured
//     secret (several secrets allow rotation). Comparison is constant-time
//     (CRYPTO_memcmp) over the hex strings.
//
// Results, checked in the SDKs' order (signature first, then time):
//   OK
//   kUnauthenticated  no/empty header, no `t`, non-numeric `t`, no `v1`,
//                     or no v1 matches any secret
//   kStale            the signature matches but |now - t| > tolerance.
//                     Timestamps more than `tolerance` in the FUTURE are also
//                     rejected; this is stricter than the SDKs, which only
//                     reject old timestamps. A tolerance <= 0 disables both
//                     time checks (as in the SDKs).
// Messages never contain the secret or the body.
//
// Thread safety: immutable after construction; Verify is safe to call from
// any number of threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/clock.h"
#include "ledger/status.h"

namespace subledger {

class SignatureVerifier {
 public:
  // `secrets` must be non-empty and contain no empty strings; `clock` must
  // outlive the verifier.
  SignatureVerifier(std::vector<std::string> secrets, int64_t tolerance_seconds,
                    const Clock& clock);
  ~SignatureVerifier();
  SignatureVerifier(const SignatureVerifier&) = delete;
  SignatureVerifier& operator=(const SignatureVerifier&) = delete;

  Status Verify(std::string_view header, std::string_view body) const;

  int64_t tolerance_seconds() const { return tolerance_seconds_; }

  // Lower-case hex HMAC-SHA256(secret, "<timestamp>.<body>"), the `v1` value
  // Stripe would send. Used by tests and the benchmark to sign requests.
  static std::string ComputeSignature(std::string_view secret, int64_t timestamp,
                                      std::string_view body);
  // A full header value "t=<timestamp>,v1=<sig>".
  static std::string MakeHeader(std::string_view secret, int64_t timestamp,
                                std::string_view body);

 private:
  struct Keyed;  // one secret's HMAC-SHA256, its inner and outer states keyed once
  std::vector<std::unique_ptr<Keyed>> keyed_;
  int64_t tolerance_seconds_;
  const Clock& clock_;
};

}  // namespace subledger
