// subledgerd's heap (daemon/heap_retention.h): which allocator serves it,
// whether it keeps what it frees, and the memtables' memory touched at start.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/log_database.h"
#include "tests/support/daemon_test.h"

namespace subledger::testing {
namespace {

namespace fs = std::filesystem;

#ifdef SUBLEDGER_EXPECT_TCMALLOC
constexpr bool kTcmalloc = true;
#else
constexpr bool kTcmalloc = false;
#endif

bool HasThreadNamed(pid_t pid, const std::string& name) {
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == name) return true;
  }
  return false;
}

// VmRSS in bytes, 0 if unreadable.
size_t ResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

class DaemonHeapTest : public DaemonTest {
 protected:
  void TearDown() override {
    unsetenv("TCMALLOC_RELEASE_RATE");
    unsetenv("GLIBC_TUNABLES");
  }
};

TEST_F(DaemonHeapTest, TheStartingLineNamesTheAllocatorAndThatFreedMemoryIsKept) {
  StartDaemon();
  const std::string allocator = kTcmalloc ? "tcmalloc" : "glibc";
  EXPECT_NE(daemon().Stderr().find("\"allocator\":\"" + allocator + "\""), std::string::npos)
      << daemon().Stderr();
  EXPECT_NE(daemon().Stderr().find("\"heap_retained\":true"), std::string::npos) << daemon().Stderr();
}

TEST_F(DaemonHeapTest, AnOperatorsOwnAllocatorTuningIsLeftAlone) {
  if (kTcmalloc) {
    setenv("TCMALLOC_RELEASE_RATE", "5", 1);
  } else {
    setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1048576", 1);
  }
  StartDaemon();
  EXPECT_NE(daemon().Stderr().find("\"heap_retained\":false"), std::string::npos) << daemon().Stderr();
}

// Waits (up to 30 s) for the prefault thread to be done; true if it is.
bool PrefaultDone(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (HasThreadNamed(pid, "sl-prefault") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !HasThreadNamed(pid, "sl-prefault");
}

TEST_F(DaemonHeapTest, TheMemtablesMemoryIsTouchedAtStartWhereFreedMemoryIsShared) {
  StartDaemon();
  ASSERT_TRUE(PrefaultDone(daemon().pid())) << "the prefault thread never finished";
  if (kTcmalloc) {
    EXPECT_GE(ResidentBytes(daemon().pid()), LogDatabase::kMemtableWorkingSetBytes);
  } else {
    // glibc's per-thread arenas would not pass it on to the committer.
    EXPECT_LT(ResidentBytes(daemon().pid()), LogDatabase::kMemtableWorkingSetBytes);
  }
}

TEST_F(DaemonHeapTest, MemoryThatWouldBeHandedBackIsNotTouchedAhead) {
  if (kTcmalloc) {
    setenv("TCMALLOC_RELEASE_RATE", "1", 1);
  } else {
    setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1048576", 1);
  }
  StartDaemon();
  ASSERT_TRUE(PrefaultDone(daemon().pid())) << "the prefault thread never finished";
  EXPECT_LT(ResidentBytes(daemon().pid()), LogDatabase::kMemtableWorkingSetBytes);
}

}  // namespace
}  // namespace subledger::testing
