// The projection state column family: atomic batches, point reads, prefix
// scans, drop, replacement by a whole state (rebuild), persistence.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "ledger/event_log.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

class EventLogStateTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventLog> OpenLog() {
    EventLogOptions options;
    options.data_dir = dir_.Sub("log");
    auto log = EventLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }
  std::vector<std::string> Keys(EventLog& log, std::string_view prefix) {
    std::vector<std::string> keys;
    EXPECT_TRUE(log.ScanState(prefix, [&](std::string_view k, std::string_view) {
                     keys.emplace_back(k);
                     return true;
                   }).ok());
    return keys;
  }
  testing::TempDir dir_;
};

TEST_F(EventLogStateTest, CommitStateAppliesPutsAndDeletesTogether) {
  auto log = OpenLog();
  ASSERT_TRUE(log->CommitState({{{"sub/1", "a"}, {"sub/2", "b"}, {"checkpoint", "7"}}, {}}).ok());
  ASSERT_TRUE(log->CommitState({{{"sub/3", "c"}, {"sub/1", "a2"}}, {"sub/2"}}).ok());
  std::string value;
  ASSERT_TRUE(log->GetState("sub/1", &value).ok());
  EXPECT_EQ(value, "a2");
  EXPECT_EQ(log->GetState("sub/2", &value).code(), Status::Code::kNotFound);
  EXPECT_EQ(log->GetState("missing", &value).code(), Status::Code::kNotFound);
}

TEST_F(EventLogStateTest, CommitStateKeepsTheLastOfEqualKeysInOneBatch) {
  // The committer inserts a batch's puts in key order (cheaper memtable
  // inserts); equal keys must keep their order, the last one winning. Enough
  // puts that an unstable sort would reorder them.
  auto log = OpenLog();
  StateBatch batch;
  std::map<std::string, std::string> last;
  for (int round = 0; round < 50; ++round) {
    for (const char* key : {"z", "m", "a", "m", "q"}) {
      std::string value = std::string(key) + "/" + std::to_string(batch.puts.size());
      last[key] = value;
      batch.puts.emplace_back(key, std::move(value));
    }
  }
  ASSERT_TRUE(log->CommitState(batch).ok());
  for (const auto& [key, expected] : last) {
    std::string value;
    ASSERT_TRUE(log->GetState(key, &value).ok()) << key;
    EXPECT_EQ(value, expected) << key;
  }
}

TEST_F(EventLogStateTest, ScanStateVisitsOnlyThePrefixInKeyOrderAndCanStop) {
  auto log = OpenLog();
  ASSERT_TRUE(log->CommitState({{{"sub/b", "2"}, {"sub/a", "1"}, {"suc", "x"}, {"su", "y"},
                                 {"sub/c", "3"}, {"mrr/2024-01", "9"}},
                                {}})
                  .ok());
  EXPECT_EQ(Keys(*log, "sub/"), (std::vector<std::string>{"sub/a", "sub/b", "sub/c"}));
  EXPECT_EQ(Keys(*log, "").size(), 6u);
  std::vector<std::string> first_two;
  ASSERT_TRUE(log->ScanState("sub/", [&](std::string_view k, std::string_view v) {
                   first_two.emplace_back(std::string(k) + "=" + std::string(v));
                   return first_two.size() < 2;
                 }).ok());
  EXPECT_EQ(first_two, (std::vector<std::string>{"sub/a=1", "sub/b=2"}));
}

TEST_F(EventLogStateTest, DropStateRemovesEveryKeyIncludingBinaryOnes) {
  auto log = OpenLog();
  ASSERT_TRUE(log->DropState().ok());  // empty: nothing to do
  const std::string binary("\xff\xff\x00\x01", 4);
  ASSERT_TRUE(log->CommitState({{{"", "empty key"}, {"a", "1"}, {binary, "2"}}, {}}).ok());
  ASSERT_TRUE(log->DropState().ok());
  EXPECT_TRUE(Keys(*log, "").empty());
  std::string value;
  EXPECT_EQ(log->GetState(binary, &value).code(), Status::Code::kNotFound);
  ASSERT_TRUE(log->CommitState({{{"a", "again"}}, {}}).ok());
  EXPECT_EQ(Keys(*log, ""), (std::vector<std::string>{"a"}));
}

TEST_F(EventLogStateTest, ReplaceStateLeavesExactlyTheGivenKeysTheLastOfEqualKeysWinning) {
  auto log = OpenLog();
  ASSERT_TRUE(log->CommitState({{{"old/1", "x"}, {"keep", "old"}, {"zzz", "y"}}, {}}).ok());
  const std::string binary("\xff\x00\x01", 3);
  // Unsorted, with a repeated key: the later put is the value.
  ASSERT_TRUE(log->ReplaceState({{"keep", "first"}, {binary, "b"}, {"c/2", "2"}, {"keep", "new"}, {"c/1", "1"}}).ok());
  EXPECT_EQ(Keys(*log, ""), (std::vector<std::string>{"c/1", "c/2", "keep", binary}));
  std::string value;
  ASSERT_TRUE(log->GetState("keep", &value).ok());
  EXPECT_EQ(value, "new");
  EXPECT_EQ(log->GetState("old/1", &value).code(), Status::Code::kNotFound);
  // The file it was written to is gone from the data dir (ingested).
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("log") + "/state-replacement.sst"));
  // Later writes go on top of it as usual.
  ASSERT_TRUE(log->CommitState({{{"c/3", "3"}}, {"c/1"}}).ok());
  EXPECT_EQ(Keys(*log, "c/"), (std::vector<std::string>{"c/2", "c/3"}));
}

TEST_F(EventLogStateTest, ReplaceStateWithNothingDropsTheStateAndSurvivesReopen) {
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->CommitState({{{"a", "1"}}, {}}).ok());
    ASSERT_TRUE(log->ReplaceState({}).ok());
    EXPECT_TRUE(Keys(*log, "").empty());
    ASSERT_TRUE(log->ReplaceState({{"checkpoint", "9"}, {"b", "2"}}).ok());
  }
  auto log = OpenLog();  // synced and ingested: nothing to replay
  EXPECT_EQ(Keys(*log, ""), (std::vector<std::string>{"b", "checkpoint"}));
}

TEST_F(EventLogStateTest, ReplaceStateOverwritesAFileLeftByACrashAndIsRefusedReadOnly) {
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->CommitState({{{"a", "1"}}, {}}).ok());
  }
  {
    std::FILE* stale = std::fopen((dir_.Sub("log") + "/state-replacement.sst").c_str(), "w");
    ASSERT_NE(stale, nullptr);
    std::fputs("half a file from a crash", stale);
    std::fclose(stale);
  }
  {
    auto log = OpenLog();  // a stray file beside the database does not stop the open
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->ReplaceState({{"b", "2"}}).ok());
    EXPECT_EQ(Keys(*log, ""), (std::vector<std::string>{"b"}));
  }
  EventLogOptions options;
  options.data_dir = dir_.Sub("log");
  options.read_only = true;
  auto read_only = EventLog::Open(options);
  ASSERT_TRUE(read_only.ok()) << read_only.status().ToString();
  EXPECT_EQ((*read_only)->ReplaceState({{"c", "3"}}).code(), Status::Code::kInvalidArgument);
}

TEST_F(EventLogStateTest, StatePersistsAcrossReopen) {
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->CommitState({{{"checkpoint", "42"}}, {}}).ok());
  }
  auto log = OpenLog();
  std::string value;
  ASSERT_TRUE(log->GetState("checkpoint", &value).ok());
  EXPECT_EQ(value, "42");
  EXPECT_EQ(log->LastSequence(), 0u);  // state is not part of the event log
}

}  // namespace
}  // namespace subledger
