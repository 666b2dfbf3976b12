// RetryPolicy: decides whether a failed Stripe API attempt is retried, and
// after how long.
//
// Rules, in order:
//  1. No retry once `max_attempts` attempts have been made.
//  2. A transport failure the server never answered (connection refused or
//     reset, timeout, DNS failure, a response cut off mid-body) is retried,
//     except configuration errors that cannot heal (bad URL, unsupported
//     protocol, TLS certificate rejected).
//  3. A `Stripe-Should-Retry: true|false` response header overrides
//     everything below (Stripe sets it, e.g. true on a 409 lock timeout).
//  4. HTTP 429 and 5xx are retried; any other status (other 4xx) is not.
// The delay before attempt n+1 is exponential with "equal jitter":
// d = min(initial_backoff * 2^(n-1), max_backoff), drawn uniformly from
// [d/2, d]. A `Retry-After` header (seconds) raises the delay to at least
// that value; a Retry-After longer than `max_retry_after` ends the retries
// (the caller reports the server's error rather than waiting minutes).
//
// Thread safety: NextDelay mutates the jitter generator; one policy per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace subledger {

struct RetryPolicyOptions {
  int max_attempts = 4;  // first attempt + 3 retries
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{8000};
  std::chrono::milliseconds max_retry_after{60000};
};

// What one attempt produced, as far as the retry decision is concerned.
struct AttemptOutcome {
  bool transport_error = false;        // no complete HTTP response
  bool transport_error_permanent = false;  // a transport error that retrying cannot fix
  long http_status = 0;                // when !transport_error
  std::optional<bool> stripe_should_retry;  // Stripe-Should-Retry header
  std::optional<std::chrono::milliseconds> retry_after;  // Retry-After header
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryPolicyOptions options = {}, uint64_t jitter_seed = std::random_device{}());

  // `attempts_made` >= 1 attempts have been made, the last one ended with
  // `outcome`. Returns the delay before the next attempt, or nullopt to stop.
  std::optional<std::chrono::milliseconds> NextDelay(int attempts_made, const AttemptOutcome& outcome);

  // Whether `outcome` is of a retryable kind at all (ignores attempt count).
  static bool IsRetryable(const AttemptOutcome& outcome);

  // The backoff bounds for the delay after `attempts_made` attempts, before
  // Retry-After: [low, high].
  std::pair<std::chrono::milliseconds, std::chrono::milliseconds> BackoffRange(int attempts_made) const;

  const RetryPolicyOptions& options() const { return options_; }

 private:
  RetryPolicyOptions options_;
  std::mt19937_64 rng_;
};

// Parses a Retry-After value given in seconds ("2", "0.5"); nullopt for
// anything else (HTTP dates are not used by Stripe).
std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value);

}  // namespace subledger
