// Sleeper: the seam through which the Stripe client waits (retry backoff,
// request-rate budget, the reconcile loop), so tests never wait for real.
//
// RealSleeper blocks the calling thread. InterruptibleSleeper blocks until the
// time has passed or Interrupt() is called; after Interrupt() every sleep
// returns at once (used to stop the daemon's reconcile loop promptly).
//
// Thread safety: RealSleeper is stateless. InterruptibleSleeper may be slept on
// and interrupted from any threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace subledger {

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

class RealSleeper final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds duration) override;
  static RealSleeper& Instance();
};

class InterruptibleSleeper final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds duration) override;
  // Wakes current sleepers; later sleeps return immediately.
  void Interrupt();
  bool interrupted() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool interrupted_ = false;
};

}  // namespace subledger
