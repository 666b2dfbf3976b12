#include "ledger/thread_priority.h"

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace subledger {

Status RunThisThreadWhenIdle() {
  sched_param param{};
  param.sched_priority = 0;
  // On Linux, pid 0 names the calling thread, not the whole process.
  if (sched_setscheduler(0, SCHED_IDLE, &param) != 0) {
    return Status::Internal(std::string("thread priority: SCHED_IDLE refused: ") + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace subledger
