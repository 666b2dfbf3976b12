#include "daemon/heap_retention.h"

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <string_view>

namespace subledger {
namespace {

constexpr int kTopPadBytes = 64 << 20;
constexpr int kTrimThresholdBytes = 256 << 20;
constexpr int kMmapThresholdBytes = 32 << 20;  // glibc's maximum on 64-bit

bool OperatorTunedMalloc() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables != nullptr && std::string_view(tunables).find("glibc.malloc.") != std::string_view::npos;
}

}  // namespace

const char* HeapAllocator() { return dlsym(RTLD_DEFAULT, "tc_version") != nullptr ? "tcmalloc" : "glibc"; }

bool RetainFreedHeap() {
  if (OperatorTunedMalloc() || std::string_view(HeapAllocator()) != "glibc") return false;
  // mallopt returns 1 on success; a refused value leaves glibc's default.
  const bool ok = mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes) == 1;
  return mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes) == 1 && mallopt(M_TOP_PAD, kTopPadBytes) == 1 && ok;
}

}  // namespace subledger
