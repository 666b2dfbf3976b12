// A failed durable write puts the log into a sticky error state: the failing
// append and every later one fail, health() is non-OK, and nothing that was
// acknowledged is lost. Faults come from a real RocksDB Env whose WAL files
// fail Sync/Append on demand.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "ledger/event_log.h"
#include "tests/ledger/log_test_events.h"
#include "tests/support/fault_injection_env.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::MakeEvent;

class EventLogFaultTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventLog> OpenLog(rocksdb::Env* env) {
    EventLogOptions options;
    options.data_dir = dir_.Sub("log");
    options.env = env;
    auto log = EventLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }

  testing::TempDir dir_;
  testing::FaultInjectionEnv env_;
};

TEST_F(EventLogFaultTest, AFailedWalSyncMakesTheLogStickyFailed) {
  auto log = OpenLog(&env_);
  ASSERT_NE(log, nullptr);
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(log->Append(MakeEvent("evt_" + std::to_string(i))).ok());
  EXPECT_GT(env_.wal_syncs(), 0) << "appends must sync the WAL";

  env_.FailWalSyncs(true);
  auto failed = log->Append(MakeEvent("evt_11"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Status::Code::kIOError);
  EXPECT_GE(env_.failed_syncs(), 1);
  EXPECT_FALSE(log->health().ok());
  EXPECT_EQ(log->stats().write_errors, 1u);
  EXPECT_EQ(log->LastSequence(), 10u);

  // The fault is gone, but the log does not pretend: it stays failed.
  env_.FailWalSyncs(false);
  for (const char* id : {"evt_12", "evt_1"}) {
    auto later = log->Append(MakeEvent(id));
    ASSERT_FALSE(later.ok()) << id;
    EXPECT_EQ(later.status().code(), Status::Code::kIOError);
    EXPECT_NE(later.status().message().find("stopped accepting appends"), std::string::npos)
        << later.status().message();
  }
  Status async_status;
  log->AppendAsync(MakeEvent("evt_13"), [&](Result<AppendOutcome> r) { async_status = r.status(); });
  EXPECT_EQ(async_status.code(), Status::Code::kIOError);
  EXPECT_FALSE(log->AppendMany({MakeEvent("evt_14")}).ok());
  EXPECT_FALSE(log->CommitState({{{"k", "v"}}, {}}).ok());
  EXPECT_EQ(log->stats().events_appended, 10u);
  log->Close();

  // Reopened on a healthy disk: every acknowledged event is there, the log is consistent.
  auto reopened = OpenLog(nullptr);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->health().ok());
  for (int i = 1; i <= 10; ++i) {
    EXPECT_EQ(reopened->Lookup("evt_" + std::to_string(i)).value(),
              std::optional<SequenceNumber>(i));
  }
  EXPECT_EQ(reopened->Lookup("evt_12").value(), std::nullopt);
  EXPECT_TRUE(reopened->Verify().ok()) << reopened->Verify().ToString();
  // evt_11 was written but not synced: it may or may not have survived;
  // either way appending it again is safe.
  EXPECT_TRUE(reopened->Append(MakeEvent("evt_11")).ok());
}

TEST_F(EventLogFaultTest, AFailedWalAppendFailsTheBatchAndEverythingAfter) {
  auto log = OpenLog(&env_);
  ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  env_.FailWalAppends(true);
  EXPECT_EQ(log->Append(MakeEvent("evt_2")).status().code(), Status::Code::kIOError);
  env_.FailWalAppends(false);
  EXPECT_FALSE(log->Append(MakeEvent("evt_3")).ok());
  EXPECT_FALSE(log->health().ok());
}

TEST_F(EventLogFaultTest, UnderConcurrentLoadNoAcknowledgedEventIsLost) {
  struct FailureCounter : CommitObserver {
    void OnBatchCommitted(size_t, size_t, int64_t) override {}
    void OnCommitFailed(const Status&) override { failures.fetch_add(1); }
    std::atomic<int> failures{0};
  } observer;
  auto log = OpenLog(&env_);
  log->SetCommitObserver(&observer);
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int> acked{0};
  std::atomic<int> rejected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) {
        const std::string id = "evt_" + std::to_string(t) + "_" + std::to_string(i);
        auto r = log->Append(MakeEvent(id));
        if (r.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.push_back(id);
          acked.fetch_add(1);
        } else {
          rejected.fetch_add(1);
        }
      }
    });
  }
  while (acked.load() < 500) std::this_thread::yield();
  env_.FailWalSyncs(true);
  for (auto& th : threads) th.join();
  EXPECT_GT(rejected.load(), 0);
  EXPECT_EQ(observer.failures.load(), 1);
  log->Close();

  auto reopened = OpenLog(nullptr);
  ASSERT_NE(reopened, nullptr);
  for (const std::string& id : acknowledged) {
    ASSERT_TRUE(reopened->Lookup(id).value().has_value()) << "acknowledged " << id << " was lost";
  }
  EXPECT_GE(reopened->LastSequence(), acknowledged.size());
  EXPECT_TRUE(reopened->Verify().ok());
}

}  // namespace
}  // namespace subledger
