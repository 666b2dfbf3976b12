// RetryPolicy: which failures are retried, and how long to wait.
#include "stripe/retry_policy.h"

#include <gtest/gtest.h>

#include <set>

namespace subledger {
namespace {

using std::chrono::milliseconds;

AttemptOutcome Http(long status) {
  AttemptOutcome o;
  o.http_status = status;
  return o;
}

TEST(RetryPolicy, RetriesRateLimitAndServerErrors) {
  RetryPolicy policy({}, 1);
  EXPECT_TRUE(policy.NextDelay(1, Http(429)).has_value());
  EXPECT_TRUE(policy.NextDelay(1, Http(500)).has_value());
  EXPECT_TRUE(policy.NextDelay(1, Http(503)).has_value());
}

TEST(RetryPolicy, NeverRetriesOtherClientErrors) {
  RetryPolicy policy({}, 1);
  for (long status : {400L, 401L, 402L, 403L, 404L, 409L, 422L}) {
    EXPECT_FALSE(policy.NextDelay(1, Http(status)).has_value()) << status;
  }
}

TEST(RetryPolicy, StripeShouldRetryOverridesTheStatus) {
  RetryPolicy policy({}, 1);
  AttemptOutcome no = Http(500);
  no.stripe_should_retry = false;
  EXPECT_FALSE(policy.NextDelay(1, no).has_value());
  AttemptOutcome yes = Http(409);
  yes.stripe_should_retry = true;
  EXPECT_TRUE(policy.NextDelay(1, yes).has_value());
}

TEST(RetryPolicy, TransportErrorsRetryUnlessPermanent) {
  RetryPolicy policy({}, 1);
  AttemptOutcome reset;
  reset.transport_error = true;
  EXPECT_TRUE(policy.NextDelay(1, reset).has_value());
  AttemptOutcome bad_url = reset;
  bad_url.transport_error_permanent = true;
  EXPECT_FALSE(policy.NextDelay(1, bad_url).has_value());
}

TEST(RetryPolicy, AttemptsAreBounded) {
  RetryPolicyOptions options;
  options.max_attempts = 3;
  RetryPolicy policy(options, 1);
  EXPECT_TRUE(policy.NextDelay(1, Http(500)).has_value());
  EXPECT_TRUE(policy.NextDelay(2, Http(500)).has_value());
  EXPECT_FALSE(policy.NextDelay(3, Http(500)).has_value());
}

TEST(RetryPolicy, BackoffDoublesWithJitterAndIsCapped) {
  RetryPolicyOptions options;
  options.max_attempts = 20;
  options.initial_backoff = milliseconds(500);
  options.max_backoff = milliseconds(8000);
  RetryPolicy policy(options, 42);
  int64_t expected_high = 500;
  for (int attempt = 1; attempt < 10; ++attempt) {
    auto [low, high] = policy.BackoffRange(attempt);
    EXPECT_EQ(high.count(), expected_high) << attempt;
    EXPECT_EQ(low.count(), expected_high / 2) << attempt;
    for (int draw = 0; draw < 50; ++draw) {
      milliseconds d = *policy.NextDelay(attempt, Http(503));
      EXPECT_GE(d, low);
      EXPECT_LE(d, high);
    }
    expected_high = std::min<int64_t>(expected_high * 2, 8000);
  }
}

TEST(RetryPolicy, JitterActuallyVaries) {
  RetryPolicy policy({}, 7);
  std::set<int64_t> seen;
  for (int i = 0; i < 50; ++i) seen.insert(policy.NextDelay(3, Http(500))->count());
  EXPECT_GT(seen.size(), 10u);
}

TEST(RetryPolicy, RetryAfterRaisesTheDelay) {
  RetryPolicy policy({}, 1);
  AttemptOutcome o = Http(429);
  o.retry_after = milliseconds(7000);
  EXPECT_EQ(policy.NextDelay(1, o)->count(), 7000);
  o.retry_after = milliseconds(1);  // shorter than the backoff: the backoff wins
  EXPECT_GE(policy.NextDelay(1, o)->count(), 250);
}

TEST(RetryPolicy, RetryAfterBeyondTheCapStopsRetrying) {
  RetryPolicyOptions options;
  options.max_retry_after = milliseconds(60000);
  RetryPolicy policy(options, 1);
  AttemptOutcome o = Http(429);
  o.retry_after = milliseconds(3600 * 1000);
  EXPECT_FALSE(policy.NextDelay(1, o).has_value());
}

TEST(RetryPolicy, ParsesRetryAfterSeconds) {
  EXPECT_EQ(ParseRetryAfter("2")->count(), 2000);
  EXPECT_EQ(ParseRetryAfter(" 0.5 ")->count(), 500);
  EXPECT_FALSE(ParseRetryAfter("").has_value());
  EXPECT_FALSE(ParseRetryAfter("soon").has_value());
  EXPECT_FALSE(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").has_value());
  EXPECT_FALSE(ParseRetryAfter("-1").has_value());
}

}  // namespace
}  // namespace subledger
