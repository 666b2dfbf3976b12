// FakeSleeper: records the sleeps it is asked for and returns at once,
// optionally advancing a FakeClock by the same amount (so rate limits and
// backoff run on fake time).
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "ledger/clock.h"
#include "stripe/sleeper.h"

namespace subledger::testing {

class FakeSleeper final : public Sleeper {
 public:
  explicit FakeSleeper(FakeClock* clock = nullptr) : clock_(clock) {}
  void SleepFor(std::chrono::milliseconds duration) override {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(duration);
    if (clock_) clock_->AdvanceMicros(duration.count() * 1000);
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }
  std::chrono::milliseconds total() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::chrono::milliseconds sum{0};
    for (auto d : sleeps_) sum += d;
    return sum;
  }

 private:
  FakeClock* clock_;
  mutable std::mutex mu_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace subledger::testing
