#include "daemon/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace subledger {

CoreDumpSettings CurrentCoreDumps() {
  CoreDumpSettings now;
  now.dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1;
  struct rlimit limit;
  if (getrlimit(RLIMIT_CORE, &limit) == 0) now.core_limit = limit.rlim_cur;
  return now;
}

CoreDumpSettings DisableCoreDumps() {
  const CoreDumpSettings before = CurrentCoreDumps();
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  struct rlimit limit;
  if (getrlimit(RLIMIT_CORE, &limit) == 0) {
    limit.rlim_cur = 0;  // the hard limit stays, so RestoreCoreDumps can raise it again
    setrlimit(RLIMIT_CORE, &limit);
  }
  return before;
}

void RestoreCoreDumps(const CoreDumpSettings& before) {
  prctl(PR_SET_DUMPABLE, before.dumpable ? 1 : 0, 0, 0, 0);
  struct rlimit limit;
  if (getrlimit(RLIMIT_CORE, &limit) == 0) {
    limit.rlim_cur = before.core_limit;
    setrlimit(RLIMIT_CORE, &limit);
  }
}

}  // namespace subledger
