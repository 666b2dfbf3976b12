// The "workflows" column family (docs/workflows.md, "Persisted format"):
// written synced through the committer, readable after a reopen, untouched by
// DropState (a rebuild); and the layout upgrade from version 1, whose
// databases have no such family: a reader opens them as they are, a writer
// adds the family and records version 2.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <map>
#include <string>
#include <vector>

#include "ledger/column_families.h"
#include "ledger/event_log.h"
#include "tests/ledger/log_test_events.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

std::unique_ptr<EventLog> Open(const std::string& dir, bool read_only = false) {
  EventLogOptions options;
  options.data_dir = dir;
  options.read_only = read_only;
  auto log = EventLog::Open(options);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(*log) : nullptr;
}

std::map<std::string, std::string> Records(const EventLog& log, std::string_view prefix) {
  std::map<std::string, std::string> out;
  Status s = log.ScanWorkflowRecords(prefix, [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// A database as a version 1 subledger left it: four families, format 1.
void CreateVersion1Database(const std::string& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {{rocksdb::kDefaultColumnFamilyName, {}},
                                                           {"events", {}}, {"event_ids", {}}, {"meta", {}},
                                                           {"state", {}}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, families, &handles, &db).ok());
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[3], "format_version", std::string(1, '\x01')).ok());
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

TEST(WorkflowRecordsTest, CommittedRecordsAreReadBackAfterAReopenAndSurviveDropState) {
  testing::TempDir dir;
  {
    auto log = Open(dir.Sub("data"));
    StateBatch batch;
    batch.puts = {{"run/a", "1"}, {"run/b", "2"}, {"due/1/a", ""}};
    ASSERT_TRUE(log->CommitWorkflowRecords(batch).ok());
    StateBatch second;
    second.deletes = {"due/1/a"};
    second.puts = {{"run/a", "3"}};
    ASSERT_TRUE(log->CommitWorkflowRecords(second).ok());
    ASSERT_TRUE(log->DropState().ok());
  }
  auto log = Open(dir.Sub("data"));
  EXPECT_EQ(Records(*log, "run/"), (std::map<std::string, std::string>{{"run/a", "3"}, {"run/b", "2"}}));
  EXPECT_TRUE(Records(*log, "due/").empty());
  std::string value;
  EXPECT_TRUE(log->GetWorkflowRecord("run/b", &value).ok());
  EXPECT_EQ(value, "2");
  EXPECT_EQ(log->GetWorkflowRecord("run/zzz", &value).code(), Status::Code::kNotFound);
}

TEST(WorkflowRecordsTest, AVersion1DatabaseIsReadAsItIsAndUpgradedByAWriter) {
  testing::TempDir dir;
  CreateVersion1Database(dir.Sub("data"));
  {
    auto reader = Open(dir.Sub("data"), /*read_only=*/true);
    ASSERT_NE(reader, nullptr);
    EXPECT_TRUE(Records(*reader, "run/").empty());
  }
  {
    auto writer = Open(dir.Sub("data"));
    ASSERT_NE(writer, nullptr);
    ASSERT_TRUE(writer->Append(testing::MakeEvent("evt_1")).ok());
    StateBatch batch;
    batch.puts = {{"run/x", "y"}};
    ASSERT_TRUE(writer->CommitWorkflowRecords(batch).ok());
  }
  auto reader = Open(dir.Sub("data"), /*read_only=*/true);
  EXPECT_EQ(Records(*reader, "run/").size(), 1u);
  EXPECT_EQ(reader->LastSequence(), 1u);
  // The layout version is now 2.
  rocksdb::DBOptions options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir.Sub("data"), &names).ok());
  EXPECT_NE(std::find(names.begin(), names.end(), "workflows"), names.end());
  EXPECT_EQ(storage::kDatabaseFormatVersion, 2);
}

TEST(WorkflowRecordsTest, ReadOnlyLogsRefuseWorkflowWrites) {
  testing::TempDir dir;
  Open(dir.Sub("data")).reset();
  auto reader = Open(dir.Sub("data"), /*read_only=*/true);
  StateBatch batch;
  batch.puts = {{"run/x", "y"}};
  EXPECT_EQ(reader->CommitWorkflowRecords(batch).code(), Status::Code::kInvalidArgument);
}

TEST(WorkflowRecordsTest, FurtherCommitListenersHearEveryCommitUntilRemoved) {
  testing::TempDir dir;
  auto log = Open(dir.Sub("data"));
  std::atomic<int> first{0}, second{0};
  log->SetCommitListener([&](SequenceNumber) { ++first; });
  const int id = log->AddCommitListener([&](SequenceNumber) { ++second; });
  ASSERT_TRUE(log->Append(testing::MakeEvent("evt_1")).ok());
  // Listeners run on the committer thread right after the appender is told.
  for (int i = 0; i < 500 && second.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(log->Append(testing::MakeEvent("evt_1")).ok());  // a duplicate commits nothing
  log->RemoveCommitListener(id);
  ASSERT_TRUE(log->Append(testing::MakeEvent("evt_2")).ok());
  log->Close();  // joins the committer: every notification has happened
  EXPECT_EQ(first.load(), 2);
  EXPECT_EQ(second.load(), 1);
}

}  // namespace
}  // namespace subledger
