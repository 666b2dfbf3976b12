// LogDatabase's file deletion (ledger/file_deletion.h): a paced writer
// (subledgerd) hands obsolete WAL and SST files to RocksDB's delete
// scheduler, which truncates them a few MiB at a time instead of unlinking
// tens of MiB at once; a bulk writer deletes at once; a file
// waiting for it is named <name>.trash, is no WAL to the WAL check, and an
// open deletes the ones a previous process left (RocksDB does that on every
// open, a reader's too).
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/sst_file_manager.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "ledger/log_database.h"
#include "ledger/wal_check.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

namespace fs = std::filesystem;

std::string Dir(const testing::TempDir& tmp) { return tmp.Sub("data"); }

void WriteFile(const fs::path& file, size_t bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << std::string(bytes, 'x');
}

// Waits up to 10 s for `file` to be gone.
bool GoneSoon(const fs::path& file) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (fs::exists(file) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return !fs::exists(file);
}

// The delete rate of the database's file manager; 0 when it deletes at once
// (no manager, or RocksDB's own unpaced one).
int64_t DeleteRate(const LogDatabase& db) {
  const std::shared_ptr<rocksdb::SstFileManager> manager = db.db()->GetDBOptions().sst_file_manager;
  return manager == nullptr ? 0 : manager->GetDeleteRateBytesPerSecond();
}

TEST(LogDatabaseTest, APacedWriterDeletesFilesAtAPaceInSmallSteps) {
  testing::TempDir tmp;
  auto db = LogDatabase::Open(Dir(tmp), false, nullptr, FileDeletion::kPaced);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_EQ(DeleteRate(**db), int64_t{512} << 20);
  EXPECT_GE((*db)->db()->GetDBOptions().sst_file_manager->GetMaxTrashDBRatio(), 100.0);
}

TEST(LogDatabaseTest, ABulkWriterDeletesAtOnceAsRocksDbDoes) {
  testing::TempDir tmp;
  auto db = LogDatabase::Open(Dir(tmp), false, nullptr);  // FileDeletion::kImmediate
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(DeleteRate(**db), 0);
}

TEST(LogDatabaseTest, AReaderDeletesNothingSoPacesNothing) {
  testing::TempDir tmp;
  ASSERT_TRUE(LogDatabase::Open(Dir(tmp), false, nullptr).ok());
  auto db = LogDatabase::Open(Dir(tmp), true, nullptr, FileDeletion::kPaced);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(DeleteRate(**db), 0);
}

TEST(LogDatabaseTest, TrashLeftByAnotherProcessIsNoWalAndAWritersOpenDeletesIt) {
  testing::TempDir tmp;
  ASSERT_TRUE(LogDatabase::Open(Dir(tmp), false, nullptr).ok());
  const fs::path leftover = fs::path(Dir(tmp)) / "000099.log.trash";
  WriteFile(leftover, 5 << 20);  // more than one deletion step: truncated, then removed
  EXPECT_TRUE(CheckWalFiles(Dir(tmp)).ok());
  auto db = LogDatabase::Open(Dir(tmp), false, nullptr, FileDeletion::kPaced);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_TRUE(GoneSoon(leftover));
}

}  // namespace
}  // namespace subledger
