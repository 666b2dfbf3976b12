#include "stripe/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace subledger {

RetryPolicy::RetryPolicy(RetryPolicyOptions options, uint64_t jitter_seed)
    : options_(options), rng_(jitter_seed) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.initial_backoff.count() < 1) options_.initial_backoff = std::chrono::milliseconds(1);
  if (options_.max_backoff < options_.initial_backoff) options_.max_backoff = options_.initial_backoff;
}

bool RetryPolicy::IsRetryable(const AttemptOutcome& outcome) {
  if (outcome.transport_error) return !outcome.transport_error_permanent;
  if (outcome.stripe_should_retry.has_value()) return *outcome.stripe_should_retry;
  return outcome.http_status == 429 || (outcome.http_status >= 500 && outcome.http_status <= 599);
}

std::pair<std::chrono::milliseconds, std::chrono::milliseconds> RetryPolicy::BackoffRange(
    int attempts_made) const {
  int64_t high = options_.initial_backoff.count();
  for (int i = 1; i < attempts_made && high < options_.max_backoff.count(); ++i) high *= 2;
  high = std::min<int64_t>(high, options_.max_backoff.count());
  return {std::chrono::milliseconds(high / 2), std::chrono::milliseconds(high)};
}

std::optional<std::chrono::milliseconds> RetryPolicy::NextDelay(int attempts_made,
                                                                const AttemptOutcome& outcome) {
  if (attempts_made >= options_.max_attempts) return std::nullopt;
  if (!IsRetryable(outcome)) return std::nullopt;
  auto [low, high] = BackoffRange(attempts_made);
  std::uniform_int_distribution<int64_t> dist(low.count(), high.count());
  std::chrono::milliseconds delay(dist(rng_));
  if (!outcome.transport_error && outcome.retry_after.has_value()) {
    if (*outcome.retry_after > options_.max_retry_after) return std::nullopt;
    delay = std::max(delay, *outcome.retry_after);
  }
  return delay;
}

std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value) {
  size_t begin = value.find_first_not_of(" \t");
  size_t end = value.find_last_not_of(" \t\r\n");
  if (begin == std::string::npos) return std::nullopt;
  std::string v = value.substr(begin, end - begin + 1);
  bool seen_digit = false, seen_dot = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit || v.size() > 12) return std::nullopt;
  double seconds = std::stod(v);
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000.0)));
}

}  // namespace subledger
