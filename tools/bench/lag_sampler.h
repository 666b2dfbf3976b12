// LagSampler: the projection lag (events appended, not yet projected) of a
// running subledgerd, read from its admin /readyz every `period` by a thread
// of the load generator, so the harness need not start a curl process four
// times a second on the cores it measures (that cost ~10 % of this 2-core
// machine).
//
// Stop() ends the thread and returns the largest lag_events seen, or -1 when
// no reading succeeded. Thread safety: Start and Stop from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace subledger::bench {

class LagSampler {
 public:
  LagSampler(std::string host, uint16_t admin_port, std::chrono::milliseconds period);
  ~LagSampler();

  void Start();
  int64_t Stop();

 private:
  void Run();
  int64_t ReadLag() const;  // -1 when the request or the field failed

  const std::string host_;
  const uint16_t port_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  int64_t max_lag_ = -1;   // written by the thread, read after join
  std::thread thread_;
};

}  // namespace subledger::bench
