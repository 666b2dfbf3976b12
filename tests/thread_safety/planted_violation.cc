// A planted violation for the thread_safety_check_catches_a_violation ctest:
// tools/check-thread-safety must fail on this file (never compiled into a
// target). It reads and writes a guarded member without its mutex.
#include "ledger/thread_annotations.h"

namespace subledger {

class Counter {
 public:
  void Add() { ++count_; }  // no MutexLock: the analysis must report this
  int Get() {
    MutexLock lock(mu_);
    return count_;
  }

 private:
  Mutex mu_;
  int count_ SL_GUARDED_BY(mu_) = 0;
};

}  // namespace subledger
