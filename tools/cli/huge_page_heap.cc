#include "tools/cli/huge_page_heap.h"

#include <unistd.h>

#include <cstdlib>

namespace subledger::cli {

void ReexecWithHugePageHeap(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");  // the exec failed: run as we are
}

}  // namespace subledger::cli
