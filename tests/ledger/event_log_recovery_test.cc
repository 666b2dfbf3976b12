// Recovery from a full disk: the log fails every write while the WAL cannot
// be written (nothing acknowledged that is not durable), then, once space is
// back, reopens its database by itself and accepts appends again, continuing
// after what is on disk. Other write errors stay sticky
// (event_log_fault_test.cc). Faults come from tests/support/fault_injection_env.h.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "tests/ledger/log_test_events.h"
#include "tests/support/fault_injection_env.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::MakeEvent;

constexpr int64_t kMillis = 1'000'000;

class EventLogRecoveryTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventLog> OpenLog(rocksdb::Env* env, const Clock* clock = nullptr) {
    EventLogOptions options;
    options.data_dir = dir_.Sub("log");
    options.env = env;
    if (clock != nullptr) options.clock = clock;
    options.recovery_initial_backoff_nanos = 5 * kMillis;
    options.recovery_max_backoff_nanos = 40 * kMillis;
    auto log = EventLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }

  // Polls `done` for up to `seconds`.
  template <typename Fn>
  static bool WaitFor(Fn done, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return done();
  }
  static bool BecomesHealthy(const EventLog& log, double seconds) {
    return WaitFor([&log] { return log.health().ok(); }, seconds);
  }

  testing::TempDir dir_;
  testing::FaultInjectionEnv env_;
};

TEST_F(EventLogRecoveryTest, AFullDiskFailsWritesUntilSpaceReturnsThenTheLogRecoversByItself) {
  auto log = OpenLog(&env_);
  ASSERT_NE(log, nullptr);
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(log->Append(MakeEvent("evt_" + std::to_string(i))).ok());

  env_.FailWalAppendsWithNoSpace(true);
  auto failed = log->Append(MakeEvent("evt_11"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Status::Code::kIOError);
  EXPECT_NE(failed.status().message().find("No space"), std::string::npos) << failed.status().message();
  EXPECT_NE(log->health().message().find("the disk is full"), std::string::npos) << log->health().ToString();
  EXPECT_NE(log->health().message().find("stopped accepting appends"), std::string::npos);

  // While the disk stays full, recovery attempts (every 5..40 ms) fail at
  // their probe write, and everything keeps failing: no 200 for what is not durable.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(log->health().ok());
  EXPECT_FALSE(log->Append(MakeEvent("evt_12")).ok());
  EXPECT_FALSE(log->CommitState({{{"k", "v"}}, {}}).ok());
  EXPECT_EQ(log->stats().recoveries, 0u);
  EXPECT_EQ(log->LastSequence(), 10u);

  // Space is back: the log recovers without a restart.
  env_.FailWalAppendsWithNoSpace(false);
  ASSERT_TRUE(BecomesHealthy(*log, 10)) << log->health().ToString();
  EXPECT_EQ(log->stats().recoveries, 1u);
  for (int i = 1; i <= 10; ++i) {
    EXPECT_EQ(log->Lookup("evt_" + std::to_string(i)).value(), std::optional<SequenceNumber>(i));
  }
  auto again = log->Append(MakeEvent("evt_11"));  // the failed one, redelivered
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->seq, 11u);
  auto fresh = log->Append(MakeEvent("evt_new"));
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ(fresh->seq, 12u);
  EXPECT_TRUE(log->CommitState({{{"k", "v"}}, {}}).ok());
  std::string value;
  EXPECT_TRUE(log->GetState("k", &value).ok());
  EXPECT_EQ(value, "v");
  EXPECT_TRUE(log->Verify().ok()) << log->Verify().ToString();
  log->Close();

  auto reopened = OpenLog(nullptr);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->LastSequence(), 12u);
  EXPECT_TRUE(reopened->Verify().ok()) << reopened->Verify().ToString();
}

TEST_F(EventLogRecoveryTest, RecoveryWaitsForTheBackOffOnTheLogsClock) {
  FakeClock clock(1'700'000'000'000'000);
  auto log = OpenLog(&env_, &clock);
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->Append(MakeEvent("evt_1")).ok());
  env_.FailWalAppendsWithNoSpace(true);
  ASSERT_FALSE(log->Append(MakeEvent("evt_2")).ok());
  env_.FailWalAppendsWithNoSpace(false);

  // The fault is gone, but no attempt is due before the clock moves 5 ms.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(log->health().ok());
  EXPECT_EQ(log->stats().recoveries, 0u);

  clock.AdvanceMicros(5'000);
  ASSERT_TRUE(BecomesHealthy(*log, 10)) << log->health().ToString();
  EXPECT_EQ(log->stats().recoveries, 1u);
  EXPECT_TRUE(log->Append(MakeEvent("evt_3")).ok());
}

TEST_F(EventLogRecoveryTest, StateWritesAndAppendsFromManyThreadsShareOneWriterThroughAFullDisk) {
  auto log = OpenLog(&env_);
  ASSERT_NE(log, nullptr);
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int> acked{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string id = "evt_" + std::to_string(t) + "_" + std::to_string(i);
        if (t % 2 == 0) {
          if (log->Append(MakeEvent(id)).ok()) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.push_back(id);
            acked.fetch_add(1);
          }
        } else {
          // The projector's kind of write, racing the appends.
          Status ignored = log->CommitState({{{"state_" + std::to_string(t), id}}, {}});
          (void)ignored;
        }
      }
    });
  }
  ASSERT_TRUE(WaitFor([&] { return acked.load() >= 200; }, 30));
  env_.FailWalAppendsWithNoSpace(true);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(log->health().ok());
  env_.FailWalAppendsWithNoSpace(false);
  const bool healthy = BecomesHealthy(*log, 10);
  const int before = acked.load();
  const bool more = healthy && WaitFor([&] { return acked.load() >= before + 200; }, 30);
  stop.store(true);
  for (auto& th : threads) th.join();
  EXPECT_TRUE(healthy) << log->health().ToString();
  EXPECT_TRUE(more) << "no appends after the recovery";
  log->Close();

  auto reopened = OpenLog(nullptr);
  ASSERT_NE(reopened, nullptr);
  for (const std::string& id : acknowledged) {
    ASSERT_TRUE(reopened->Lookup(id).value().has_value()) << "acknowledged " << id << " was lost";
  }
  EXPECT_TRUE(reopened->Verify().ok()) << reopened->Verify().ToString();
}

}  // namespace
}  // namespace subledger
