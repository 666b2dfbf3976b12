#include "stripe/request_rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace subledger {

RequestRateLimiter::RequestRateLimiter(const Clock* clock, Sleeper* sleeper, double requests_per_second,
                                       double burst)
    : clock_(clock),
      sleeper_(sleeper),
      rate_(requests_per_second > 0 ? requests_per_second : 1.0),
      burst_(std::max(1.0, burst)),
      tokens_(std::max(1.0, burst)),
      last_refill_nanos_(clock->MonotonicNanos()) {}

void RequestRateLimiter::Acquire() {
  std::chrono::milliseconds wait{0};
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t now = clock_->MonotonicNanos();
    if (now > last_refill_nanos_) {
      tokens_ = std::min(burst_, tokens_ + static_cast<double>(now - last_refill_nanos_) * 1e-9 * rate_);
      last_refill_nanos_ = now;
    }
    // Reserve the token now (the bucket may go into debt); wait off the debt
    // outside the lock. An interrupted sleeper returns early and the request
    // goes ahead: the caller is stopping anyway.
    tokens_ -= 1.0;
    ++acquired_;
    if (tokens_ < 0) {
      wait = std::chrono::milliseconds(static_cast<int64_t>(std::ceil(-tokens_ / rate_ * 1000.0)));
      waited_millis_ += wait.count();
    }
  }
  if (wait.count() > 0) sleeper_->SleepFor(wait);
}

uint64_t RequestRateLimiter::acquired() const {
  std::lock_guard<std::mutex> lock(mu_);
  return acquired_;
}

int64_t RequestRateLimiter::waited_millis() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waited_millis_;
}

}  // namespace subledger
