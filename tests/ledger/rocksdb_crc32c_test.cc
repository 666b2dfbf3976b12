// RocksDB's CRC32C runs on ISA-L (ledger/rocksdb_crc32c.h): the same values as
// the library's own function, and the library's calls really arrive here.
#include "ledger/rocksdb_crc32c.h"

#include <dlfcn.h>

#include <cstdint>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "ledger/event_log.h"
#include "tests/ledger/log_test_events.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using ExtendFn = uint32_t (*)(uint32_t, const char*, size_t);

ExtendFn LibraryExtend() {
  return reinterpret_cast<ExtendFn>(dlsym(RTLD_NEXT, kRocksDbExtendSymbol));
}

TEST(RocksDbCrc32cTest, ComputesWhatTheLibraryComputes) {
  const ExtendFn library = LibraryExtend();
  ASSERT_NE(library, nullptr) << "librocksdb defines rocksdb::crc32c::Extend";
  ASSERT_NE(library, &rocksdb::crc32c::Extend) << "RTLD_NEXT found the interposed definition itself";
  std::mt19937_64 rng(11);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(rng() % 9000, '\0');
    for (char& b : bytes) b = static_cast<char>(rng());
    const uint32_t crc = i % 4 == 0 ? 0 : static_cast<uint32_t>(rng());
    const size_t skip = bytes.empty() ? 0 : rng() % 8 % bytes.size();
    ASSERT_EQ(rocksdb::crc32c::Extend(crc, bytes.data() + skip, bytes.size() - skip),
              library(crc, bytes.data() + skip, bytes.size() - skip))
        << "length " << bytes.size() - skip;
  }
  // The standard CRC-32C check value.
  EXPECT_EQ(rocksdb::crc32c::Extend(0, "123456789", 9), 0xE3069283u);
}

// Every appended event is its own WAL record here (Append waits for each), so
// the WAL's writes alone call Extend at least once per event, and so does the
// replay of that WAL when the log is opened again (no memtable was flushed).
TEST(RocksDbCrc32cTest, TheLogsWalWritesAndItsReplayUseIt) {
  testing::TempDir dir;
  EventLogOptions options;
  options.data_dir = dir.Sub("log");
  constexpr int kEvents = 200;
  uint64_t opened = 0;
  {
    auto log = EventLog::Open(options);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    opened = RocksDbCrc32cCalls();
    for (int i = 0; i < kEvents; ++i) ASSERT_TRUE((*log)->Append(testing::MakeEvent("evt_crc_" + std::to_string(i))).ok());
    EXPECT_GE(RocksDbCrc32cCalls() - opened, static_cast<uint64_t>(kEvents))
        << "RocksDB's WAL writes did not call the interposed Extend";
  }
  const uint64_t closed = RocksDbCrc32cCalls();
  auto reopened = EventLog::Open(options);  // replays the WAL, checking its CRCs
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_GE(RocksDbCrc32cCalls() - closed, static_cast<uint64_t>(kEvents)) << "the WAL's replay did not call it";
  EXPECT_EQ(RocksDbCrc32cImplementation(), "isa-l");
  auto seq = (*reopened)->Lookup("evt_crc_199");
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(seq->value_or(0), 200u);
}

}  // namespace
}  // namespace subledger
