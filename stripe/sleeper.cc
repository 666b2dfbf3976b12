#include "stripe/sleeper.h"

#include <thread>

namespace subledger {

void RealSleeper::SleepFor(std::chrono::milliseconds duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

RealSleeper& RealSleeper::Instance() {
  static RealSleeper sleeper;
  return sleeper;
}

void InterruptibleSleeper::SleepFor(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, duration, [this] { return interrupted_; });
}

void InterruptibleSleeper::Interrupt() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

bool InterruptibleSleeper::interrupted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return interrupted_;
}

}  // namespace subledger
