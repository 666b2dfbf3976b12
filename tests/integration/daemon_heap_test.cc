// subledgerd's heap (daemon/heap_retention.h): which allocator serves it,
// whether it keeps what it frees, and the memtables' memory touched at start
// (the `heap_prefaulted` line says how much).
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ledger/log_database.h"
#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"

namespace subledger::testing {
namespace {

#ifdef SUBLEDGER_EXPECT_TCMALLOC
constexpr bool kTcmalloc = true;
#else
constexpr bool kTcmalloc = false;
#endif

// The operator's own tuning of whichever allocator the build uses.
std::map<std::string, std::string> OperatorTuning() {
  if (kTcmalloc) return {{"TCMALLOC_RELEASE_RATE", "1"}};
  return {{"GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1048576"}};
}

// VmRSS in bytes, 0 if unreadable.
size_t ResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

class DaemonHeapTest : public ::testing::Test {
 protected:
  // Starts a daemon with `env` added to its environment.
  DaemonProcess& Start(std::map<std::string, std::string> env = {}) {
    DaemonOptions options;
    options.data_dir = tmp_.Sub("data");
    options.secrets = {"whsec_heap_test_0123456789abcdef"};
    options.env = std::move(env);
    daemon_ = std::make_unique<DaemonProcess>(options);
    const std::string err = daemon_->Start();
    EXPECT_EQ(err, "");
    return *daemon_;
  }

  // The `heap_prefaulted` line (waiting up to 30 s for it); null if none.
  nlohmann::json PrefaultLine() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      std::istringstream lines(daemon_->Stderr());
      for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.value("msg", "") == "heap_prefaulted") return j;
      }
      if (std::chrono::steady_clock::now() > deadline) return nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  TempDir tmp_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(DaemonHeapTest, TheStartingLineNamesTheAllocatorAndThatFreedMemoryIsKept) {
  DaemonProcess& d = Start();
  const std::string allocator = kTcmalloc ? "tcmalloc" : "glibc";
  EXPECT_NE(d.Stderr().find("\"allocator\":\"" + allocator + "\""), std::string::npos) << d.Stderr();
  EXPECT_NE(d.Stderr().find("\"heap_retained\":true"), std::string::npos) << d.Stderr();
}

TEST_F(DaemonHeapTest, AnOperatorsOwnAllocatorTuningIsLeftAlone) {
  DaemonProcess& d = Start(OperatorTuning());
  EXPECT_NE(d.Stderr().find("\"heap_retained\":false"), std::string::npos) << d.Stderr();
}

TEST_F(DaemonHeapTest, TheMemtablesMemoryIsTouchedAtStartWhereFreedMemoryIsShared) {
  DaemonProcess& d = Start();
  const nlohmann::json line = PrefaultLine();
  ASSERT_TRUE(line.is_object()) << d.Stderr();
  if (kTcmalloc) {
    EXPECT_EQ(line["bytes"].get<size_t>(), LogDatabase::kMemtableWorkingSetBytes);
    EXPECT_GE(ResidentBytes(d.pid()), LogDatabase::kMemtableWorkingSetBytes);  // kept, not handed back
  } else {
    EXPECT_EQ(line["bytes"].get<size_t>(), 0u) << "glibc's per-thread arenas would not pass it on";
  }
}

TEST_F(DaemonHeapTest, MemoryThatWouldBeHandedBackIsNotTouchedAhead) {
  DaemonProcess& d = Start(OperatorTuning());
  const nlohmann::json line = PrefaultLine();
  ASSERT_TRUE(line.is_object()) << d.Stderr();
  EXPECT_EQ(line["bytes"].get<size_t>(), 0u);
}

}  // namespace
}  // namespace subledger::testing
