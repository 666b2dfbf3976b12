// The workflow runner's metrics: series exist for a declared workflow before
// its first run, and a workflow that was never declared cannot add a label
// value (it counts as "other").
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include "metrics/subledger_metrics.h"

namespace subledger {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(WorkflowMetricsTest, DeclaredWorkflowsHaveTheirSeriesFromTheStart) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.DeclareWorkflow("dunning");
  std::string page = m.Serialize();
  for (const char* result : {"succeeded", "failed", "stopped"}) {
    EXPECT_THAT(page, HasSubstr(std::string("subledger_workflow_runs_total{result=\"") + result +
                                "\",workflow=\"dunning\"} 0"));
  }
  EXPECT_THAT(page, HasSubstr("subledger_workflow_emails_total{result=\"sent\"} 0"));
  EXPECT_THAT(page, HasSubstr("subledger_workflow_timers_pending 0"));
}

TEST(WorkflowMetricsTest, RunsStepsEmailsAndTimersAreCounted) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.DeclareWorkflow("dunning");
  m.RecordWorkflowRun("dunning", "failed");
  m.RecordWorkflowRun("dunning", "failed");
  m.RecordWorkflowRun("someone-elses-id", "succeeded");
  m.ObserveWorkflowStep("stripe-cancel-subscription", 0.3);
  m.RecordWorkflowEmail(false);
  m.SetWorkflowTimersPending(12);
  std::string page = m.Serialize();
  EXPECT_THAT(page, HasSubstr("subledger_workflow_runs_total{result=\"failed\",workflow=\"dunning\"} 2"));
  EXPECT_THAT(page, HasSubstr("subledger_workflow_runs_total{result=\"succeeded\",workflow=\"other\"} 1"));
  EXPECT_THAT(page, Not(HasSubstr("someone-elses-id")));
  EXPECT_THAT(page, HasSubstr("subledger_workflow_step_duration_seconds_count{capability=\"stripe-cancel-subscription\"} 1"));
  EXPECT_THAT(page, HasSubstr("subledger_workflow_emails_total{result=\"failed\"} 1"));
  EXPECT_THAT(page, HasSubstr("subledger_workflow_timers_pending 12"));
}

}  // namespace
}  // namespace subledger
