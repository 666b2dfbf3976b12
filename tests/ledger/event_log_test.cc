// EventLog: append, idempotency, ordering, persistence, concurrency, group
// commit, locking. Real RocksDB in a temp dir.
#include "ledger/event_log.h"

#include <gtest/gtest.h>

#include <mutex>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/ledger/log_test_events.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::MakeEvent;
using testing::TempDir;
using Kind = AppendOutcome::Kind;

class EventLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventLog> OpenLog(size_t max_batch = 4096, bool read_only = false) {
    EventLogOptions options;
    options.data_dir = dir_.Sub("log");
    options.clock = &clock_;
    options.max_batch = max_batch;
    options.read_only = read_only;
    auto log = EventLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }

  TempDir dir_;
  FakeClock clock_{1700000000123456};
};

TEST_F(EventLogTest, AppendsGetGapFreeSequenceNumbersFromOneInAppendOrder) {
  auto log = OpenLog();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->LastSequence(), 0u);
  for (int i = 1; i <= 3; ++i) {
    auto r = log->Append(MakeEvent("evt_" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->kind, Kind::kAppended);
    EXPECT_EQ(r->seq, static_cast<SequenceNumber>(i));
  }
  EXPECT_EQ(log->LastSequence(), 3u);
  EXPECT_EQ(log->EventCount(), 3u);
  EXPECT_TRUE(log->health().ok());
}

TEST_F(EventLogTest, StoresTheBodyByteForByteWithItsHeader) {
  auto log = OpenLog();
  const std::string body =
      "{\n  \"id\": \"evt_raw\",\n  \"type\": \"customer.subscription.created\",\n"
      "  \"created\": 1690000000, \"livemode\": true, \"api_version\": \"2023-10-16\",\n"
      "  \"data\": {\"object\": {\"id\": \"sub_1\", \"object\": \"subscription\", "
      "\"note\": \"caf\xc3\xa9 \\u00e9 \\n\"}}\n}\n";
  PendingEvent e = testing::EventFromBody(body, EventSource::kImport);
  ASSERT_TRUE(log->Append(std::move(e)).ok());

  auto record = log->Get(1);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->seq, 1u);
  EXPECT_EQ(record->body, body);
  EXPECT_EQ(record->envelope.id, "evt_raw");
  EXPECT_EQ(record->envelope.type, "customer.subscription.created");
  EXPECT_EQ(record->envelope.created, 1690000000);
  EXPECT_EQ(record->envelope.object_id, "sub_1");
  EXPECT_EQ(record->envelope.object_type, "subscription");
  EXPECT_TRUE(record->envelope.livemode);
  EXPECT_EQ(record->envelope.api_version, "2023-10-16");
  EXPECT_EQ(record->source, EventSource::kImport);
  EXPECT_EQ(record->received_at_micros, 1700000000123456);

  EXPECT_EQ(log->Get(2).status().code(), Status::Code::kNotFound);
}

TEST_F(EventLogTest, DuplicateIdReturnsTheOriginalSequenceAndWritesNothing) {
  auto log = OpenLog();
  ASSERT_EQ(log->Append(MakeEvent("evt_a")).value().seq, 1u);
  ASSERT_EQ(log->Append(MakeEvent("evt_b")).value().seq, 2u);
  // Same id, different body: still a duplicate; the first body stays.
  auto dup = log->Append(MakeEvent("evt_a", "invoice.voided"));
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->kind, Kind::kDuplicate);
  EXPECT_EQ(dup->seq, 1u);
  EXPECT_EQ(log->LastSequence(), 2u);
  EXPECT_EQ(log->Get(1)->envelope.type, "invoice.paid");
  EXPECT_EQ(log->stats().duplicates, 1u);
  EXPECT_EQ(log->stats().events_appended, 2u);
}

TEST_F(EventLogTest, AppendManyDedupesWithinTheBatchAndAgainstTheLog) {
  auto log = OpenLog();
  ASSERT_TRUE(log->Append(MakeEvent("evt_old")).ok());
  std::vector<PendingEvent> events;
  for (const char* id : {"evt_x", "evt_y", "evt_x", "evt_old", "evt_z", "evt_y"}) {
    events.push_back(MakeEvent(id));
  }
  auto outcomes = log->AppendMany(std::move(events));
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  const std::vector<std::pair<Kind, SequenceNumber>> expected = {
      {Kind::kAppended, 2}, {Kind::kAppended, 3}, {Kind::kDuplicate, 2},
      {Kind::kDuplicate, 1}, {Kind::kAppended, 4}, {Kind::kDuplicate, 3}};
  ASSERT_EQ(outcomes->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*outcomes)[i].kind, expected[i].first) << i;
    EXPECT_EQ((*outcomes)[i].seq, expected[i].second) << i;
  }
  EXPECT_EQ(log->LastSequence(), 4u);
  EXPECT_TRUE(log->Verify().ok());
}

TEST_F(EventLogTest, MatchesANaiveOracleOverRandomBatchesWithSmallMaxBatch) {
  auto log = OpenLog(/*max_batch=*/7);
  std::map<std::string, SequenceNumber> oracle;
  std::mt19937 rng(12345);
  for (int round = 0; round < 40; ++round) {
    std::vector<PendingEvent> events;
    std::vector<std::string> ids;
    const int n = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      ids.push_back("evt_" + std::to_string(rng() % 200));
      events.push_back(MakeEvent(ids.back()));
    }
    auto outcomes = log->AppendMany(std::move(events));
    ASSERT_TRUE(outcomes.ok());
    for (int i = 0; i < n; ++i) {
      auto [it, inserted] = oracle.emplace(ids[i], oracle.size() + 1);
      EXPECT_EQ((*outcomes)[i].kind, inserted ? Kind::kAppended : Kind::kDuplicate);
      EXPECT_EQ((*outcomes)[i].seq, it->second) << ids[i];
    }
  }
  EXPECT_EQ(log->LastSequence(), oracle.size());
  for (const auto& [id, seq] : oracle) EXPECT_EQ(log->Lookup(id).value(), seq) << id;
  EXPECT_TRUE(log->Verify().ok());
}

TEST_F(EventLogTest, LookupFindsIndexedIdsOnly) {
  auto log = OpenLog();
  ASSERT_TRUE(log->Append(MakeEvent("evt_a")).ok());
  EXPECT_EQ(log->Lookup("evt_a").value(), std::optional<SequenceNumber>(1));
  EXPECT_EQ(log->Lookup("evt_missing").value(), std::nullopt);
}

TEST_F(EventLogTest, ScanVisitsRecordsInOrderFromAGivenSequence) {
  auto log = OpenLog();
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(log->Append(MakeEvent("evt_" + std::to_string(i))).ok());
  std::vector<SequenceNumber> seen;
  ASSERT_TRUE(log->Scan(4, [&](const EventRecord& r) {
                   seen.push_back(r.seq);
                   EXPECT_EQ(r.envelope.id, "evt_" + std::to_string(r.seq));
                   return r.seq < 8;
                 }).ok());
  EXPECT_EQ(seen, (std::vector<SequenceNumber>{4, 5, 6, 7, 8}));
  size_t all = 0;
  ASSERT_TRUE(log->Scan(0, [&](const EventRecord&) { return ++all, true; }).ok());
  EXPECT_EQ(all, 10u);
}

void ExpectSameRecord(const EventRecord& a, const EventRecord& b) {
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.received_at_micros, b.received_at_micros);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.envelope.id, b.envelope.id);
  EXPECT_EQ(a.envelope.type, b.envelope.type);
  EXPECT_EQ(a.envelope.created, b.envelope.created);
  EXPECT_EQ(a.envelope.object_id, b.envelope.object_id);
  EXPECT_EQ(a.envelope.object_type, b.envelope.object_type);
  EXPECT_EQ(a.envelope.livemode, b.envelope.livemode);
  EXPECT_EQ(a.envelope.api_version, b.envelope.api_version);
  EXPECT_EQ(a.envelope.account, b.envelope.account);
}

TEST_F(EventLogTest, ScanBodiesGivesEachRecordAsGetDoesWithItsBodyBesideIt) {
  auto log = OpenLog();
  for (int i = 1; i <= 6; ++i) {
    std::string body = testing::EventBody("evt_" + std::to_string(i), i % 2 ? "invoice.paid" : "customer.created");
    if (i == 3) {  // a Connect account's live event: every header field set
      body.replace(body.find("\"livemode\":false"), 16, "\"livemode\":true,\"account\":\"acct_9\"");
    }
    ASSERT_TRUE(log->Append(testing::EventFromBody(body)).ok());
  }
  ASSERT_EQ(log->Get(3).value().envelope.account, "acct_9");
  std::vector<SequenceNumber> seen;
  ASSERT_TRUE(log->ScanBodies(2, [&](const EventRecord& r, std::string_view body) {
                   seen.push_back(r.seq);
                   EXPECT_TRUE(r.body.empty());
                   EventRecord whole = r;
                   whole.body = body;
                   ExpectSameRecord(whole, log->Get(r.seq).value());
                   return r.seq < 5;
                 }).ok());
  EXPECT_EQ(seen, (std::vector<SequenceNumber>{2, 3, 4, 5}));
  // Scan (built on it) gives the whole record.
  ASSERT_TRUE(log->Scan(1, [&](const EventRecord& r) {
                   ExpectSameRecord(r, log->Get(r.seq).value());
                   return true;
                 }).ok());
}

TEST_F(EventLogTest, ReopenRecoversRecordsIndexAndLastSequence) {
  {
    auto log = OpenLog();
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(log->Append(MakeEvent("evt_" + std::to_string(i))).ok());
  }  // destructor closes
  auto log = OpenLog();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->LastSequence(), 5u);
  EXPECT_EQ(log->stats().last_event_created, 1700000000);
  EXPECT_EQ(log->Lookup("evt_3").value(), std::optional<SequenceNumber>(3));
  EXPECT_EQ(log->Append(MakeEvent("evt_2")).value().kind, Kind::kDuplicate);
  auto fresh = log->Append(MakeEvent("evt_6"));
  EXPECT_EQ(fresh->kind, Kind::kAppended);
  EXPECT_EQ(fresh->seq, 6u);
  EXPECT_TRUE(log->Verify().ok());
}

TEST_F(EventLogTest, ConcurrentDeliveriesOfTheSameIdsYieldOneRecordEach) {
  auto log = OpenLog();
  constexpr int kThreads = 32;
  constexpr int kIds = 150;
  std::vector<std::map<std::string, AppendOutcome>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<int> order(kIds);
      for (int i = 0; i < kIds; ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), std::mt19937(t));
      for (int i : order) {
        const std::string id = "evt_same_" + std::to_string(i);
        auto r = log->Append(MakeEvent(id));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        seen[t][id] = *r;
      }
    });
  }
  for (auto& th : threads) th.join();

  EXPECT_EQ(log->LastSequence(), static_cast<SequenceNumber>(kIds));
  std::set<SequenceNumber> seqs;
  for (int i = 0; i < kIds; ++i) {
    const std::string id = "evt_same_" + std::to_string(i);
    const SequenceNumber stored = log->Lookup(id).value().value();
    int appended = 0;
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(seen[t][id].seq, stored) << id;
      appended += seen[t][id].kind == Kind::kAppended;
    }
    EXPECT_EQ(appended, 1) << id;
    seqs.insert(stored);
  }
  EXPECT_EQ(seqs.size(), static_cast<size_t>(kIds));
  EXPECT_EQ(log->stats().duplicates, static_cast<uint64_t>(kIds * (kThreads - 1)));
  EXPECT_TRUE(log->Verify().ok());
}

TEST_F(EventLogTest, GroupCommitPutsConcurrentAppendsIntoFewerSyncedBatches) {
  auto log = OpenLog();
  constexpr int kThreads = 64;
  constexpr int kPerThread = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = log->Append(MakeEvent("evt_" + std::to_string(t) + "_" + std::to_string(i)));
        ASSERT_TRUE(r.ok());
      }
    });
  }
  for (auto& th : threads) th.join();
  const EventLogStats stats = log->stats();
  EXPECT_EQ(stats.events_appended, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(stats.wal_syncs, stats.batches_committed);
  EXPECT_LT(stats.batches_committed, stats.events_appended / 2)
      << "group commit should batch concurrent appends";
  EXPECT_TRUE(log->Verify().ok());
}

TEST_F(EventLogTest, AsyncAppendCompletesAfterTheBatchIsDurable) {
  auto log = OpenLog();
  std::atomic<int> done{0};
  std::vector<SequenceNumber> seqs(20);
  for (int i = 0; i < 20; ++i) {
    log->AppendAsync(MakeEvent("evt_async_" + std::to_string(i % 10)),
                     [&, i](Result<AppendOutcome> r) {
                       ASSERT_TRUE(r.ok());
                       seqs[i] = r->seq;
                       done.fetch_add(1);
                     });
  }
  log->Close();  // drains the queue
  EXPECT_EQ(done.load(), 20);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(seqs[i], seqs[i + 10]);
}

TEST_F(EventLogTest, CloseIsIdempotentAndLaterCallsFailCleanly) {
  auto log = OpenLog();
  ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  log->Close();
  log->Close();
  EXPECT_EQ(log->Append(MakeEvent("evt_2")).status().code(), Status::Code::kUnavailable);
  Status async_status;
  log->AppendAsync(MakeEvent("evt_3"), [&](Result<AppendOutcome> r) { async_status = r.status(); });
  EXPECT_EQ(async_status.code(), Status::Code::kUnavailable);
  EXPECT_EQ(log->Get(1).status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(log->Lookup("evt_1").status().code(), Status::Code::kUnavailable);
}

TEST_F(EventLogTest, ObserverAndListenerSeeEachCommittedBatch) {
  struct Recorder : CommitObserver {
    void OnBatchCommitted(size_t appended, size_t duplicates, int64_t) override {
      this->appended += appended;
      this->duplicates += duplicates;
      ++batches;
    }
    void OnCommitFailed(const Status&) override { ++failures; }
    size_t appended = 0, duplicates = 0, batches = 0, failures = 0;
  } recorder;
  auto log = OpenLog();
  std::vector<SequenceNumber> heard;
  log->SetCommitObserver(&recorder);
  log->SetCommitListener([&](SequenceNumber last) { heard.push_back(last); });
  ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  ASSERT_TRUE(log->AppendMany({MakeEvent("evt_2"), MakeEvent("evt_3"), MakeEvent("evt_1")}).ok());
  ASSERT_TRUE(log->Append(MakeEvent("evt_2")).ok());  // duplicate only: nothing new to hear
  log->Close();
  EXPECT_EQ(recorder.appended, 3u);
  EXPECT_EQ(recorder.duplicates, 2u);
  EXPECT_EQ(recorder.failures, 0u);
  EXPECT_EQ(heard, (std::vector<SequenceNumber>{1, 3}));
}

TEST_F(EventLogTest, TheBatchDoneHookRunsAfterEveryCompletionOfEachBatchWhateverItsOutcome) {
  auto log = OpenLog(/*max_batch=*/2);
  std::mutex mu;
  std::vector<std::string> seen;  // completions by event id, "|" for the hook
  log->SetBatchDoneHook([&] {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back("|");
  });
  auto record = [&](const std::string& id) {
    return [&, id](Result<AppendOutcome>) {
      std::lock_guard<std::mutex> lock(mu);
      seen.push_back(id);
    };
  };
  for (const char* id : {"evt_1", "evt_2", "evt_3", "evt_1", "evt_2"}) log->AppendAsync(MakeEvent(id), record(id));
  log->Close();  // drains the queue

  // Five completions in at least three batches (at most two events each); the
  // duplicates-only batch {evt_1, evt_2} at the end is followed by the hook too.
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), "|");
  size_t completions = 0, hooks = 0, since_hook = 0;
  for (const std::string& s : seen) {
    if (s == "|") {
      EXPECT_GT(since_hook, 0u) << "a hook with no completion before it";
      EXPECT_LE(since_hook, 2u) << "more completions than max_batch before a hook";
      ++hooks;
      since_hook = 0;
    } else {
      ++completions;
      ++since_hook;
    }
  }
  EXPECT_EQ(completions, 5u);
  EXPECT_GE(hooks, 3u);
}

TEST_F(EventLogTest, ASecondOpenOfAHeldDatabaseIsBusyWithAClearMessage) {
  auto log = OpenLog();
  ASSERT_NE(log, nullptr);
  for (bool read_only : {false, true}) {
    EventLogOptions options;
    options.data_dir = dir_.Sub("log");
    options.read_only = read_only;
    auto second = EventLog::Open(options);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), Status::Code::kBusy);
    EXPECT_EQ(second.status().message(),
              "open " + dir_.Sub("log") +
                  ": the database is locked by another process (is subledgerd running?)");
  }
  log->Close();
  EXPECT_NE(OpenLog(4096, /*read_only=*/true), nullptr);
}

TEST_F(EventLogTest, ReadOnlyOpenReadsButNeverWrites) {
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  }
  auto reader = OpenLog(4096, /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->LastSequence(), 1u);
  EXPECT_EQ(reader->Get(1)->envelope.id, "evt_1");
  EXPECT_EQ(reader->Append(MakeEvent("evt_2")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(reader->CommitState({{{"k", "v"}}, {}}).ok());
  EXPECT_TRUE(reader->Verify().ok());
}

TEST_F(EventLogTest, OpeningMissingOrUnusableDirectoriesExplainsWhy) {
  EventLogOptions options;
  options.data_dir = dir_.Sub("nothing-here");
  options.read_only = true;
  auto missing = EventLog::Open(options);
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("no event log here"), std::string::npos);

  // A data dir whose MANIFEST is garbage.
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("log"))) {
    if (entry.path().filename().string().rfind("MANIFEST-", 0) == 0) {
      testing::WriteFile(entry.path().string(), "this is not a manifest");
    }
  }
  options.data_dir = dir_.Sub("log");
  options.read_only = false;
  auto broken = EventLog::Open(options);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), Status::Code::kCorruption) << broken.status().ToString();
  EXPECT_NE(broken.status().message().find("open " + dir_.Sub("log") + ": the database is damaged"),
            std::string::npos)
      << broken.status().message();

  // A path that is a file, not a directory.
  testing::WriteFile(dir_.Sub("plain-file"), "x");
  options.data_dir = dir_.Sub("plain-file");
  auto file = EventLog::Open(options);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("open " + dir_.Sub("plain-file")), std::string::npos);
}

TEST_F(EventLogTest, ExposesRocksDbIntegerProperties) {
  auto log = OpenLog();
  ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  EXPECT_TRUE(log->GetIntProperty("rocksdb.estimate-num-keys").has_value());
  EXPECT_TRUE(log->GetIntProperty("rocksdb.total-sst-files-size").has_value());
  EXPECT_FALSE(log->GetIntProperty("rocksdb.no-such-property").has_value());
}

}  // namespace
}  // namespace subledger
