#include "daemon/heap_retention.h"

#include <dlfcn.h>
#if __has_include(<gperftools/malloc_extension.h>)
#include <gperftools/malloc_extension.h>
#define SUBLEDGER_HAVE_MALLOC_EXTENSION 1
#endif
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace subledger {
namespace {

constexpr int kTopPadBytes = 64 << 20;
constexpr int kTrimThresholdBytes = 256 << 20;
constexpr int kMmapThresholdBytes = 32 << 20;  // glibc's maximum on 64-bit
constexpr size_t kPrefaultBlockBytes = 8 << 20;  // the events memtable's arena block (1/8 of it)
constexpr size_t kPageBytes = 4096;

// Set once RetainFreedHeap has made tcmalloc keep what is freed.
std::atomic<bool> g_tcmalloc_keeps_freed{false};

bool OperatorTunedMalloc() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables != nullptr && std::string_view(tunables).find("glibc.malloc.") != std::string_view::npos;
}

// gperftools' MallocExtension::instance(), looked up at run time: the daemon
// library links without tcmalloc (tests, sanitizer builds); only subledgerd
// links it. The class's methods are virtual, so the header is all we need.
// (gperftools has no C function for the release rate.) Without the header
// (a build without libgoogle-perftools-dev) tcmalloc's rate stays as it is.
bool RetainUnderTcmalloc() {
  if (std::getenv("TCMALLOC_RELEASE_RATE") != nullptr) return false;
#ifdef SUBLEDGER_HAVE_MALLOC_EXTENSION
  using InstanceFn = MallocExtension* (*)();
  auto instance = reinterpret_cast<InstanceFn>(dlsym(RTLD_DEFAULT, "_ZN15MallocExtension8instanceEv"));
  MallocExtension* extension = instance != nullptr ? instance() : nullptr;
  if (extension == nullptr) return false;
  extension->SetMemoryReleaseRate(0);
  g_tcmalloc_keeps_freed.store(true, std::memory_order_release);
  return true;
#else
  return false;
#endif
}

bool RetainUnderGlibc() {
  if (OperatorTunedMalloc()) return false;
  // mallopt returns 1 on success; a refused value leaves glibc's default.
  const bool ok = mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes) == 1;
  return mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes) == 1 && mallopt(M_TOP_PAD, kTopPadBytes) == 1 && ok;
}

}  // namespace

const char* HeapAllocator() { return dlsym(RTLD_DEFAULT, "tc_version") != nullptr ? "tcmalloc" : "glibc"; }

bool RetainFreedHeap() {
  return std::string_view(HeapAllocator()) == "glibc" ? RetainUnderGlibc() : RetainUnderTcmalloc();
}

size_t PrefaultHeap(size_t bytes, std::stop_token stop) {
  if (!g_tcmalloc_keeps_freed.load(std::memory_order_acquire)) return 0;
  std::vector<char*> blocks;
  for (size_t done = 0; done < bytes && !stop.stop_requested(); done += kPrefaultBlockBytes) {
    char* block = static_cast<char*>(std::malloc(kPrefaultBlockBytes));
    if (block == nullptr) break;
    // Volatile stores: a write the compiler may not drop with the free below.
    volatile char* page = block;
    for (size_t at = 0; at < kPrefaultBlockBytes; at += kPageBytes) page[at] = 0;
    blocks.push_back(block);
  }
  for (char* block : blocks) std::free(block);
  return blocks.size() * kPrefaultBlockBytes;
}

}  // namespace subledger
