// RunThisThreadWhenIdle: the calling thread, and only it, goes under
// SCHED_IDLE; threads it starts afterwards inherit the policy.
#include "ledger/thread_priority.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <thread>

namespace subledger {
namespace {

TEST(ThreadPriorityTest, OnlyTheCallingThreadAndItsLaterChildrenRunWhenIdle) {
  const int main_before = sched_getscheduler(0);
  int idle_thread = -1, child = -1;
  std::thread t([&] {
    ASSERT_TRUE(RunThisThreadWhenIdle().ok());
    idle_thread = sched_getscheduler(0);
    std::thread([&] { child = sched_getscheduler(0); }).join();
  });
  t.join();
  EXPECT_EQ(idle_thread, SCHED_IDLE);
  EXPECT_EQ(child, SCHED_IDLE);
  EXPECT_EQ(sched_getscheduler(0), main_before);
  EXPECT_NE(main_before, SCHED_IDLE);
}

}  // namespace
}  // namespace subledger
