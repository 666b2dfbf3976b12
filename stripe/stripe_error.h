// How failures of the Stripe API reach the user: as Stripe's own error
// `message` and `type` (plus code, param and request id when present), or,
// when Stripe was never reached, as "could not reach Stripe at <host>: <why>"
// in words -- never a bare curl code. Every text built here is passed
// through RedactSecret so the secret key can never leak into an error.
//
// Status codes: 400/402 -> kInvalidArgument, 401/403 -> kUnauthenticated,
// 404 -> kNotFound, 409 -> kBusy, 429/5xx and transport failures ->
// kUnavailable, anything else -> kInternal.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "ledger/status.h"

namespace subledger {

// Stripe's error object ({"error": {...}}) with the HTTP status it came with.
struct StripeErrorInfo {
  long http_status = 0;
  std::string type;          // e.g. "invalid_request_error", "card_error", "api_error"
  std::string message;       // Stripe's human-readable message
  std::string code;          // e.g. "resource_missing" ("" when absent)
  std::string param;         // the offending parameter ("" when absent)
  std::string decline_code;  // card errors only
  std::string request_id;    // the Request-Id response header ("" when absent)
};

// Parses a non-2xx response body. A body that is not Stripe's error shape
// still yields a readable message ("HTTP 502 with a non-JSON body").
StripeErrorInfo ParseStripeError(long http_status, std::string_view body, std::string_view request_id);

// "Stripe invalid_request_error (HTTP 404, code resource_missing, param id,
//  request req_123): No such subscription: 'sub_x'"
Status StripeErrorToStatus(const StripeErrorInfo& error, std::string_view secret_key);

// A transport failure: `curl_code` is a CURLcode, `detail` curl's error
// buffer (may be empty). "could not reach Stripe at api.stripe.com:
// Couldn't connect to server (Failed to connect ...)".
Status TransportErrorToStatus(std::string_view host, int curl_code, std::string_view detail,
                              std::string_view secret_key);

// `text` with every occurrence of `secret` (when non-empty) replaced by
// "sk_…redacted", and anything that looks like a full Stripe secret or
// restricted key (sk_live_/sk_test_/rk_live_/rk_test_ followed by 8+ key
// characters) masked as well.
std::string RedactSecret(std::string text, std::string_view secret);

// The host[:port] part of a base URL ("https://api.stripe.com" -> "api.stripe.com").
std::string HostOf(std::string_view base_url);

}  // namespace subledger
