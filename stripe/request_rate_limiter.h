// RequestRateLimiter: spaces requests so that no more than
// `requests_per_second` are started on average, with bursts of at most
// `burst` requests (a token bucket). Acquire() sleeps through the Sleeper
// seam until a request may start; time is read from the Clock seam
// (MonotonicNanos), so tests run it on a FakeClock.
//
// Thread safety: Acquire may be called from several threads.
#pragma once

#include <cstdint>
#include <mutex>

#include "ledger/clock.h"
#include "stripe/sleeper.h"

namespace subledger {

class RequestRateLimiter {
 public:
  // requests_per_second > 0; burst >= 1.
  RequestRateLimiter(const Clock* clock, Sleeper* sleeper, double requests_per_second, double burst = 1.0);

  // Blocks until one request may start, then takes its token.
  void Acquire();
  uint64_t acquired() const;
  // Total time Acquire() asked the sleeper to wait, in milliseconds.
  int64_t waited_millis() const;

 private:
  const Clock* clock_;
  Sleeper* sleeper_;
  double rate_;
  double burst_;
  mutable std::mutex mu_;
  double tokens_;
  int64_t last_refill_nanos_;
  uint64_t acquired_ = 0;
  int64_t waited_millis_ = 0;
};

}  // namespace subledger
