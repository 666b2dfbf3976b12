// Clock: the seam through which all code reads time, so tolerance windows,
// month boundaries and crash tests can run on a fake clock.
//
// Thread safety: SystemClock is stateless; FakeClock is safe to read and
// advance from several threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace subledger {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, Unix seconds (UTC).
  virtual int64_t NowUnixSeconds() const = 0;
  // Wall-clock time, Unix microseconds (UTC).
  virtual int64_t NowUnixMicros() const = 0;
  // Monotonic time in nanoseconds, for latencies and timeouts.
  virtual int64_t MonotonicNanos() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnixSeconds() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }
  int64_t NowUnixMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }
  int64_t MonotonicNanos() const override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  // A process-wide instance.
  static const SystemClock& Instance() {
    static SystemClock clock;
    return clock;
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_micros = 0) : micros_(unix_micros) {}
  int64_t NowUnixSeconds() const override { return micros_.load() / 1000000; }
  int64_t NowUnixMicros() const override { return micros_.load(); }
  int64_t MonotonicNanos() const override { return micros_.load() * 1000; }
  void SetUnixSeconds(int64_t s) { micros_.store(s * 1000000); }
  void AdvanceMicros(int64_t us) { micros_.fetch_add(us); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace subledger
