// Verify() finds each kind of damage, named by record and event id. The
// damage is done with raw RocksDB, behind the log's back.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "ledger/column_families.h"
#include "ledger/event_log.h"
#include "ledger/record_codec.h"
#include "tests/ledger/log_test_events.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::MakeEvent;

// The log's database opened directly, every column family by name.
class RawDatabase {
 public:
  explicit RawDatabase(const std::string& dir) {
    std::vector<std::string> names;
    EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), dir, families, &handles_, &db);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db_.reset(db);
    for (size_t i = 0; i < names.size(); ++i) by_name_[names[i]] = handles_[i];
  }
  ~RawDatabase() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close().PermitUncheckedError();
  }
  rocksdb::ColumnFamilyHandle* cf(std::string_view name) { return by_name_.at(std::string(name)); }
  void Put(std::string_view family, const std::string& key, const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), cf(family), key, value).ok());
  }
  void Delete(std::string_view family, const std::string& key) {
    ASSERT_TRUE(db_->Delete(rocksdb::WriteOptions(), cf(family), key).ok());
  }
  std::string Get(std::string_view family, const std::string& key) {
    std::string value;
    EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), cf(family), key, &value).ok());
    return value;
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name_;
};

class EventLogVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = Open(false);
    for (int i = 1; i <= 20; ++i) {
      ASSERT_TRUE(log->Append(MakeEvent("evt_" + std::to_string(i))).ok());
    }
    ASSERT_TRUE(log->Verify().ok());
  }
  std::unique_ptr<EventLog> Open(bool read_only) {
    EventLogOptions options;
    options.data_dir = dir_.Sub("log");
    options.read_only = read_only;
    auto log = EventLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }
  // Runs Verify on a read-only open (as `subledger verify` does).
  Status VerifyNow() {
    auto log = Open(true);
    return log ? log->Verify() : Status::Internal("cannot open");
  }
  std::string Encoded(const PendingEvent& e, std::string_view body) {
    std::string value;
    storage::EncodeRecordValue({&e.envelope, 1, EventSource::kWebhook}, body, &value);
    return value;
  }
  void ExpectCorruption(const std::string& fragment) {
    Status s = VerifyNow();
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
    EXPECT_NE(s.message().find(fragment), std::string::npos)
        << "message: " << s.message() << "\nexpected to contain: " << fragment;
  }

  testing::TempDir dir_;
};

TEST_F(EventLogVerifyTest, AnIntactLogVerifiesAndReportsProgress) {
  auto log = Open(true);
  uint64_t last_done = 0, last_total = 0;
  EXPECT_TRUE(log->Verify([&](uint64_t done, uint64_t total) {
                   last_done = done;
                   last_total = total;
                 }).ok());
  EXPECT_EQ(last_done, 20u);
  EXPECT_EQ(last_total, 20u);
}

TEST_F(EventLogVerifyTest, FindsAMissingIndexEntry) {
  RawDatabase(dir_.Sub("log")).Delete(storage::kEventIdsFamily, "evt_7");
  ExpectCorruption("record 7 (evt_7): the event id is missing from the event_ids index");
}

TEST_F(EventLogVerifyTest, FindsASequenceGap) {
  RawDatabase(dir_.Sub("log")).Delete(storage::kEventsFamily, storage::EncodeSequence(5));
  ExpectCorruption("sequence gap: expected record 5, found record 6");
}

TEST_F(EventLogVerifyTest, FindsAGapAfterTheEnd) {
  RawDatabase(dir_.Sub("log"))
      .Put(storage::kEventsFamily, storage::EncodeSequence(22),
           Encoded(MakeEvent("evt_22"), testing::EventBody("evt_22")));
  ExpectCorruption("expected record 21, found record 22");
}

TEST_F(EventLogVerifyTest, FindsAGarbageRecordValue) {
  RawDatabase(dir_.Sub("log")).Put(storage::kEventsFamily, storage::EncodeSequence(3), "garbage");
  ExpectCorruption("record 3: unknown record format byte");
}

TEST_F(EventLogVerifyTest, FindsAMalformedKey) {
  RawDatabase(dir_.Sub("log")).Put(storage::kEventsFamily, "abc", "x");
  ExpectCorruption("has 3 bytes, expected 8");
}

TEST_F(EventLogVerifyTest, FindsABodyThatDoesNotParse) {
  PendingEvent e = MakeEvent("evt_4");
  RawDatabase(dir_.Sub("log"))
      .Put(storage::kEventsFamily, storage::EncodeSequence(4), Encoded(e, "{\"id\":\"evt_4\",,}"));
  ExpectCorruption("record 4 (evt_4): the body is not a valid event");
}

TEST_F(EventLogVerifyTest, FindsAHeaderThatDisagreesWithItsBody) {
  PendingEvent e = MakeEvent("evt_9");
  e.envelope.type = "invoice.voided";
  RawDatabase(dir_.Sub("log"))
      .Put(storage::kEventsFamily, storage::EncodeSequence(9), Encoded(e, testing::EventBody("evt_9")));
  ExpectCorruption("record 9 (evt_9): the stored header does not match the body: type");
}

TEST_F(EventLogVerifyTest, FindsAnAccountThatDisagreesWithItsBody) {
  PendingEvent e = MakeEvent("evt_10");
  e.envelope.account = "acct_someone_else";
  RawDatabase(dir_.Sub("log"))
      .Put(storage::kEventsFamily, storage::EncodeSequence(10), Encoded(e, e.body));
  ExpectCorruption("record 10 (evt_10): the stored header does not match the body: account");
}

TEST_F(EventLogVerifyTest, OlderV1RecordsVerifyAndTakeTheirAccountFromTheBody) {
  // A Connect event as a v1 record (written before the account was in the
  // header): the v2 layout without the account's length byte, format byte 1.
  std::string body = testing::EventBody("evt_11");
  body.insert(1, "\"account\":\"acct_1OldV1\",");
  PendingEvent e = testing::EventFromBody(body);
  ASSERT_EQ(e.envelope.account, "acct_1OldV1");
  e.envelope.account.clear();
  std::string v1 = Encoded(e, body);
  ASSERT_EQ(v1[v1.size() - body.size() - 1], '\0');  // the empty account
  v1.erase(v1.size() - body.size() - 1, 1);
  v1[0] = static_cast<char>(storage::kRecordFormatV1);
  RawDatabase(dir_.Sub("log")).Put(storage::kEventsFamily, storage::EncodeSequence(11), v1);

  EXPECT_TRUE(VerifyNow().ok()) << VerifyNow().ToString();
  auto log = Open(false);  // a writer reads it too, and appends v2 after it
  auto record = log->Get(11);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->envelope.account, "acct_1OldV1");
  EXPECT_EQ(record->body, body);
  ASSERT_TRUE(log->Append(testing::EventFromBody(R"({"id":"evt_21","type":"a.b","created":1700000000,"account":"acct_2"})")).ok());
  auto appended = log->Get(21);
  ASSERT_TRUE(appended.ok());
  EXPECT_EQ(appended->envelope.account, "acct_2");
  log.reset();
  EXPECT_TRUE(VerifyNow().ok());
}

TEST_F(EventLogVerifyTest, FindsAnEventStoredTwice) {
  PendingEvent e = MakeEvent("evt_2");
  RawDatabase(dir_.Sub("log"))
      .Put(storage::kEventsFamily, storage::EncodeSequence(21), Encoded(e, e.body));
  ExpectCorruption("record 21 (evt_2): the event id is indexed at record 2");
}

TEST_F(EventLogVerifyTest, FindsAnIndexEntryPointingPastTheEnd) {
  RawDatabase(dir_.Sub("log")).Put(storage::kEventIdsFamily, "evt_ghost", storage::EncodeSequence(99));
  ExpectCorruption("event_ids entry evt_ghost points at record 99, but the log has records 1..20");
}

TEST_F(EventLogVerifyTest, FindsAnIndexEntryPointingAtAnotherEventsRecord) {
  RawDatabase(dir_.Sub("log")).Put(storage::kEventIdsFamily, "evt_ghost", storage::EncodeSequence(4));
  ExpectCorruption("event_ids entry evt_ghost points at record 4, which holds evt_4");
}

TEST_F(EventLogVerifyTest, FindsAMalformedIndexValue) {
  RawDatabase(dir_.Sub("log")).Put(storage::kEventIdsFamily, "evt_8", "xx");
  ExpectCorruption("record 8 (evt_8): its event_ids entry is malformed");
}

TEST_F(EventLogVerifyTest, AWriterRefusesToAppendAfterAnUnreadableTail) {
  RawDatabase(dir_.Sub("log")).Put(storage::kEventsFamily, storage::EncodeSequence(20), "\x07");
  EventLogOptions options;
  options.data_dir = dir_.Sub("log");
  auto log = EventLog::Open(options);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), Status::Code::kCorruption);
  EXPECT_NE(log.status().message().find("run subledger verify"), std::string::npos);
}

}  // namespace
}  // namespace subledger
