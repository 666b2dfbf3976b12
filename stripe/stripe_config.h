// StripeClientOptions: where and how the client talks to Stripe, and
// ResolveStripeOptions, which builds them from the CLI's flags and the
// environment.
//
// Precedence: a flag, then the environment, then the default.
//   base URL   --stripe-api-base URL   | STRIPE_API_BASE    | https://api.stripe.com
//   version    --stripe-version V      | STRIPE_API_VERSION | kPinnedStripeVersion
//   secret key --stripe-key-file FILE  | STRIPE_SECRET_KEY  | (none: an error)
// The secret key is never accepted as a flag value (it would show in process
// listings), never logged and never put in an error message; errors about a
// key file name the file, never its contents.
//
// Thread safety: ResolveStripeOptions reads the environment; call it at startup.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/status.h"
#include "stripe/retry_policy.h"

namespace subledger {

inline constexpr const char* kDefaultStripeApiBase = "https://api.stripe.com";
// The API version every request pins (Stripe-Version header). The event
// shapes the projections understand were checked against this version.
inline constexpr const char* kPinnedStripeVersion = "2025-03-31.basil";

struct StripeClientOptions {
  std::string api_base = kDefaultStripeApiBase;  // scheme://host[:port], no trailing '/'
  std::string secret_key;                         // "sk_..." / "rk_..."; never logged
  std::string stripe_version = kPinnedStripeVersion;
  // Connect: the connected account requests act on (the Stripe-Account
  // header); "" = the platform's own account. See StripeClient::set_account.
  std::string stripe_account;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{60000};  // per attempt
  RetryPolicyOptions retry;
  uint64_t jitter_seed = 0;                        // 0 = seeded from std::random_device
  size_t max_response_bytes = 64u << 20;
};

// Flag values as given on the command line ("" = not given).
struct StripeFlagValues {
  std::string api_base;
  std::string key_file;
  std::string stripe_version;
  std::string account;  // --account acct_... ("" = the platform)
};

// Builds the options from flags + environment. Fails with kInvalidArgument
// naming the problem: no key configured, an unreadable or empty key file, a
// key with whitespace or control characters, an account that is not
// acct_..., a base URL that is not
// https://host[:port] (plain http:// only to 127.0.0.1, localhost or [::1]:
// the key must not cross a network unencrypted).
Result<StripeClientOptions> ResolveStripeOptions(const StripeFlagValues& flags);

// Validates and normalises a base URL (strips one trailing '/').
Result<std::string> NormaliseApiBase(std::string base);

// A connected account id: "acct_" followed by 1..250 letters, digits or
// '_'; kInvalidArgument (naming the id) otherwise. Checked before any
// request, so the id can never inject a header or a path.
Status ValidateAccountId(std::string_view account);

// The mode a secret key acts in: true for sk_live_/rk_live_, false for
// sk_test_/rk_test_, nullopt for any other shape. One key sees one mode,
// so only books of that mode can be refetched with it (spec §0).
std::optional<bool> KeyLivemode(std::string_view secret_key);

}  // namespace subledger
