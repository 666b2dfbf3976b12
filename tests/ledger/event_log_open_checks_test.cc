// What a writer's open checks before it appends: the WAL is intact up to at
// most a torn tail (ledger/wal_check.h), and the cheap invariants hold
// (ledger/log_tail.h). A torn tail (a crash mid-write) still opens; damage
// that would silently drop acknowledged events refuses, naming the problem.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "ledger/event_log.h"
#include "ledger/log_database.h"
#include "ledger/record_codec.h"
#include "ledger/wal_check.h"
#include "tests/ledger/log_test_events.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

namespace fs = std::filesystem;
using testing::MakeEvent;

std::string ReadBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string Garbled(std::string bytes, size_t at, size_t count) {
  for (size_t i = at; i < at + count && i < bytes.size(); ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  return bytes;
}

class EventLogOpenChecksTest : public ::testing::Test {
 protected:
  std::string dir() const { return dir_.Sub("log"); }

  Result<std::unique_ptr<EventLog>> Open(bool read_only = false) {
    EventLogOptions options;
    options.data_dir = dir();
    options.read_only = read_only;
    return EventLog::Open(options);
  }

  // 60 events of ~1.5 KB (about three 32 KiB WAL blocks), left in the WAL.
  // Returns the WAL file; *last_record_at is where the last append starts.
  fs::path WriteLogInWal(size_t* last_record_at) {
    auto log = Open();
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    fs::path wal;
    for (int i = 1; i <= 60; ++i) {
      if (i == 60) {
        for (const auto& e : fs::directory_iterator(dir())) {
          if (e.path().extension() == ".log") wal = e.path();
        }
        *last_record_at = fs::file_size(wal);
      }
      EXPECT_TRUE((*log)->Append(MakeEvent("evt_" + std::to_string(i), "invoice.paid", 1700000000, 1500)).ok());
    }
    (*log)->Close();
    return wal;
  }

  testing::TempDir dir_;
};

TEST_F(EventLogOpenChecksTest, ATornTailAtAnyByteIsAcceptedAndOpens) {
  size_t last_at = 0;
  const fs::path wal = WriteLogInWal(&last_at);
  const std::string bytes = ReadBytes(wal);
  ASSERT_GT(bytes.size(), 2u * 32768) << "expected the WAL to span several blocks";
  EXPECT_TRUE(CheckWalBytes(bytes, "wal").ok());
  for (size_t cut = 0; cut < bytes.size(); cut += 37) {
    Status s = CheckWalBytes(std::string_view(bytes).substr(0, cut), "wal");
    EXPECT_TRUE(s.ok()) << "cut at " << cut << ": " << s.ToString();
  }
  // The daemon's case: the last append cut short by a crash.
  WriteBytes(wal, bytes.substr(0, last_at + (bytes.size() - last_at) / 2));
  auto log = Open();
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ((*log)->LastSequence(), 59u);
  EXPECT_TRUE((*log)->Verify().ok());
}

// A crash on a file system that persisted the WAL's new size but not all of
// its last write (no journal, or a preallocated file): the last record is
// whole in length but zeros or stale bytes inside. RocksDB's recovery calls
// that corruption, not a torn tail, and refused to open; a writer's open now
// cuts it (never acknowledged: acknowledged appends are synced, so intact).
TEST_F(EventLogOpenChecksTest, ALastRecordOfZerosOrStaleBytesIsCutAndTheLogOpens) {
  struct Case {
    const char* what;
    std::function<void(std::string&, size_t last_at)> damage;
  };
  const Case cases[] = {
      {"zeros inside the last record",
       [](std::string& b, size_t at) { std::fill(b.begin() + static_cast<std::ptrdiff_t>(at) + 100, b.end(), '\0'); }},
      {"stale bytes inside it", [](std::string& b, size_t at) { b = Garbled(b, at + 100, b.size()); }},
      {"the whole last record zeros",
       [](std::string& b, size_t at) { std::fill(b.begin() + static_cast<std::ptrdiff_t>(at), b.end(), '\0'); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    fs::remove_all(dir());
    size_t last_at = 0;
    const fs::path wal = WriteLogInWal(&last_at);
    std::string bytes = ReadBytes(wal);
    const size_t size = bytes.size();
    c.damage(bytes, last_at);
    ASSERT_EQ(bytes.size(), size);
    WriteBytes(wal, bytes);
    size_t torn_at = 0;
    EXPECT_TRUE(CheckWalBytes(bytes, "wal", &torn_at).ok());
    EXPECT_EQ(torn_at, last_at);

    // A reader may open (RocksDB skips a record of zeros) or refuse, but
    // changes nothing.
    { auto reader = Open(/*read_only=*/true); }
    EXPECT_EQ(fs::file_size(wal), size);
    {
      auto log = Open();
      ASSERT_TRUE(log.ok()) << log.status().ToString();
      ASSERT_EQ((*log)->TornWalTailsCut().size(), 1u);
      EXPECT_NE((*log)->TornWalTailsCut()[0].find("cut " + std::to_string(size - last_at) + " bytes at byte " +
                                                  std::to_string(last_at)),
                std::string::npos)
          << (*log)->TornWalTailsCut()[0];
      EXPECT_EQ((*log)->LastSequence(), 59u);
      EXPECT_TRUE((*log)->Verify().ok());
      EXPECT_TRUE((*log)->Append(MakeEvent("evt_after", "invoice.paid", 1700000000, 1500)).ok());
    }
    auto reopened = Open();
    ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
    EXPECT_EQ((*reopened)->LastSequence(), 60u);
    EXPECT_TRUE((*reopened)->TornWalTailsCut().empty());
  }
}

TEST_F(EventLogOpenChecksTest, DamageFollowedByIntactRecordsIsRefusedByWriterAndReader) {
  size_t last_at = 0;
  const fs::path wal = WriteLogInWal(&last_at);
  const std::string bytes = ReadBytes(wal);
  // Anywhere before the last record, including its last block, where
  // RocksDB alone would take a damaged length for a torn tail.
  for (size_t at = 0; at + 32 < last_at; at += 101) {
    Status s = CheckWalBytes(Garbled(bytes, at, 32), "wal");
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << "garbled at " << at << ": " << s.ToString();
  }
  const size_t in_last_block = (bytes.size() / 32768) * 32768 + 16;
  ASSERT_LT(in_last_block + 32, last_at);
  WriteBytes(wal, Garbled(bytes, in_last_block, 32));
  for (bool read_only : {false, true}) {
    auto log = Open(read_only);
    ASSERT_FALSE(log.ok()) << "read_only=" << read_only;
    EXPECT_EQ(log.status().code(), Status::Code::kCorruption);
    EXPECT_NE(log.status().message().find(wal.filename().string()), std::string::npos)
        << log.status().message();
    EXPECT_NE(log.status().message().find("corrupt"), std::string::npos) << log.status().message();
  }
}

TEST_F(EventLogOpenChecksTest, AMissingFirstRecordIsRefusedAndVerifyNamesTheGap) {
  {
    auto log = Open();
    ASSERT_TRUE(log.ok());
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE((*log)->Append(MakeEvent("evt_" + std::to_string(i))).ok());
  }
  {
    auto db = LogDatabase::Open(dir(), false, nullptr);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->db()->Delete(rocksdb::WriteOptions(), (*db)->events(), storage::EncodeSequence(1)).ok());
  }
  auto log = Open();
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), Status::Code::kCorruption);
  EXPECT_NE(log.status().message().find("the first record is 2, expected 1"), std::string::npos)
      << log.status().message();

  auto reader = Open(/*read_only=*/true);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Status verified = (*reader)->Verify();
  EXPECT_EQ(verified.code(), Status::Code::kCorruption);
  EXPECT_NE(verified.message().find("gap"), std::string::npos) << verified.message();
}

TEST_F(EventLogOpenChecksTest, AnUnindexedLastRecordIsRefused) {
  {
    auto log = Open();
    ASSERT_TRUE(log.ok());
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE((*log)->Append(MakeEvent("evt_" + std::to_string(i))).ok());
  }
  {
    auto db = LogDatabase::Open(dir(), false, nullptr);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->db()->Delete(rocksdb::WriteOptions(), (*db)->event_ids(), "evt_5").ok());
  }
  auto log = Open();
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), Status::Code::kCorruption);
  EXPECT_NE(log.status().message().find("(5, evt_5) is missing from the event id index"), std::string::npos)
      << log.status().message();
}

}  // namespace
}  // namespace subledger
