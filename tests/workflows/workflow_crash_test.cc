// Crash safety of `subledger workflow run`, through the real CLI binary:
// SIGKILLed at every durable step boundary (SUBLEDGER_TEST_KILL_AFTER_WRITES)
// and in the middle of each Stripe call (the fake stalls the request after
// creating the object, the runner is killed while it waits), then run again
// with the same --run-id. No object is created twice (one idempotency key per
// step, one object per key), the run finishes, every step after the one it
// depends on, and the customer gets the payment link.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <csignal>
#include <set>

#include "ledger/event_log.h"
#include "tests/stripe/fake_stripe_server.h"
#include "tests/support/run_command.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/temp_dir.h"
#include "tests/workflows/workflow_test_util.h"
#include "workflows/run_store.h"

namespace subledger {
namespace {

using ::testing::HasSubstr;
using testing::CommandOptions;
using testing::CommandResult;
using testing::FakeStripeServer;
using testing::ScriptedFault;
using workflows::RunRecord;

class WorkflowCrashTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(smtp_.error(), ""); }

  std::vector<std::string> Argv(const std::string& run_id) const {
    return {testing::CliBinary(), "workflow", "run", testing::ShippedWorkflow("process-payment.yaml"),
            "--data-dir", dir_.Sub("data"), "--run-id", run_id,
            "--input", "customerEmail=ada@example.com", "--input", "customerName=Ada",
            "--input", "amount=2000", "--smtp-url", smtp_.url(), "--smtp-from", "billing@example.com",
            "--stripe-api-base", stripe_.base_url()};
  }

  CommandResult Run(const std::string& run_id, std::map<std::string, std::string> env = {}) {
    CommandOptions options;
    options.env = std::move(env);
    options.env["STRIPE_SECRET_KEY"] = FakeStripeServer::kSecretKey;
    options.unset_env = {"SUBLEDGER_TEST_KILL_AFTER_WRITES"};
    return testing::RunCommand(Argv(run_id), options);
  }

  // Starts the run in the background, waits until the fake Stripe API holds
  // its request (the object is created, the answer not sent), SIGKILLs it.
  void KillWhileStripeHoldsTheCall(const std::string& run_id, int stalls_so_far) {
    std::vector<std::string> argv = Argv(run_id);
    std::vector<std::string> env = testing::BuildEnvironment(
        {{"STRIPE_SECRET_KEY", FakeStripeServer::kSecretKey}}, {"SUBLEDGER_TEST_KILL_AFTER_WRITES"});
    std::vector<char*> cargv, cenv;
    for (std::string& a : argv) cargv.push_back(a.data());
    for (std::string& e : env) cenv.push_back(e.data());
    cargv.push_back(nullptr);
    cenv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    const bool stalled = stripe_.WaitForStalled(stalls_so_far, 60);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(stalled) << "the call never reached the fake Stripe API";
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "it was still waiting for Stripe";
  }

  RunRecord Stored(const std::string& id) {
    EventLogOptions options;
    options.data_dir = dir_.Sub("data");
    options.read_only = true;
    auto log = EventLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    auto run = workflows::RunStore(log->get()).Load(id);
    EXPECT_TRUE(run.ok() && *run);
    return run.ok() && *run ? **run : RunRecord{};
  }

  // Each object once, under one key per step; the steps in dependency order;
  // one payment link carrying the client secret.
  void ExpectExactlyOnce(const std::string& id) {
    RunRecord run = Stored(id);
    ASSERT_EQ(workflows::RunStatusName(run.status), std::string("succeeded")) << id << ": " << run.result;
    std::set<std::string> keys;
    for (const auto& request : stripe_.requests()) {
      if (request.method == "POST" && request.Header("idempotency-key").find(id) != std::string::npos) {
        keys.insert(request.path + " " + request.Header("idempotency-key"));
      }
    }
    EXPECT_EQ(keys, (std::set<std::string>{"/v1/customers subledger-wf-" + id + "-create-customer",
                                           "/v1/payment_intents subledger-wf-" + id + "-create-payment-intent"}));
    ASSERT_EQ(run.steps.size(), 3u);
    EXPECT_EQ(run.steps[0].id, "create-customer");
    EXPECT_EQ(run.steps[1].id, "create-payment-intent");
    EXPECT_EQ(run.steps[2].id, "send-payment-link");
    EXPECT_LE(run.steps[0].finished_at, run.steps[1].started_at);
    EXPECT_LE(run.steps[1].finished_at, run.steps[2].started_at);
    for (const auto& request : stripe_.RequestsTo("/v1/payment_intents")) {
      if (request.Header("idempotency-key").find(id) == std::string::npos) continue;
      EXPECT_EQ(request.Form("customer"), run.steps[0].output["customerId"]) << "every attempt used step 1's output";
    }
    int mails = 0;
    for (const auto& mail : smtp_.Messages()) {
      if (mail.Header("message-id") != "<" + id + ".send-payment-link@example.com>") continue;
      ++mails;
      EXPECT_EQ(mail.to(), "ada@example.com");
      EXPECT_THAT(mail.body, HasSubstr(run.steps[1].output["clientSecret"].get<std::string>()));
    }
    EXPECT_EQ(mails, 1) << id;
    // One object per idempotency key: nothing was created twice.
    EXPECT_EQ(stripe_.objects_created(),
              stripe_.DistinctIdempotencyKeys("/v1/customers") + stripe_.DistinctIdempotencyKeys("/v1/payment_intents"));
    EXPECT_TRUE(stripe_.violations().empty());
  }

  testing::TempDir dir_;
  FakeStripeServer stripe_;
  testing::SmtpSink smtp_;
};

TEST_F(WorkflowCrashTest, KilledAtEveryStepBoundaryTheRunResumesWithoutDuplicates) {
  // A run writes 7 times: created, then the intent and the outcome of each of
  // its three steps. Kill a fresh run after each of those writes, then run it
  // again without the hook.
  for (int boundary = 1; boundary <= 8; ++boundary) {
    const std::string id = "wfr_boundary" + std::to_string(boundary);
    CommandResult first = Run(id, {{"SUBLEDGER_TEST_KILL_AFTER_WRITES", std::to_string(boundary)}});
    if (boundary <= 7) {
      EXPECT_EQ(first.term_signal, SIGKILL) << id << ": " << first.Describe();
      CommandResult resumed = Run(id);
      EXPECT_EQ(resumed.exit_code, 0) << id << ": " << resumed.Describe();
      EXPECT_THAT(resumed.out, HasSubstr("\"status\":\"succeeded\""));
    } else {
      EXPECT_EQ(first.exit_code, 0) << "a run makes 7 durable writes: " << first.Describe();
    }
    ExpectExactlyOnce(id);
  }
}

TEST_F(WorkflowCrashTest, KilledInTheMiddleOfEachStripeCallTheRetryReturnsTheSameObject) {
  int stalls = 0;
  for (const char* path : {"/v1/customers", "/v1/payment_intents"}) {
    SCOPED_TRACE(path);
    stripe_.InjectFault(path, ScriptedFault::ProcessThenStall());
    KillWhileStripeHoldsTheCall("wfr_midcall", ++stalls);
    stripe_.ReleaseStalls();
  }
  CommandResult done = Run("wfr_midcall");
  EXPECT_EQ(done.exit_code, 0) << done.Describe();
  EXPECT_EQ(stripe_.RequestsTo("/v1/customers").size(), 2u) << "the interrupted call was repeated";
  EXPECT_EQ(stripe_.RequestsTo("/v1/payment_intents").size(), 2u);
  EXPECT_EQ(stripe_.objects_created(), 2);
  ExpectExactlyOnce("wfr_midcall");

  // The record says so too: each interrupted step was attempted twice.
  CommandResult show = testing::RunCommand(
      {testing::CliBinary(), "workflow", "show", "wfr_midcall", "--data-dir", dir_.Sub("data")});
  ASSERT_EQ(show.exit_code, 0) << show.Describe();
  nlohmann::json run = nlohmann::json::parse(show.out);
  EXPECT_EQ(run["status"], "succeeded");
  EXPECT_EQ(run["steps"][0]["attempts"], 2);
  EXPECT_EQ(run["steps"][1]["attempts"], 2);
  EXPECT_EQ(run["steps"][2]["attempts"], 1);
  CommandResult list = testing::RunCommand({testing::CliBinary(), "workflow", "list", "--data-dir", dir_.Sub("data"),
                                            "--status", "succeeded", "--workflow", "process-payment"});
  EXPECT_EQ(list.exit_code, 0) << list.Describe();
  EXPECT_THAT(list.out, HasSubstr("wfr_midcall"));
  EXPECT_THAT(list.out, HasSubstr("succeeded: the last step was send-payment-link"));
}

TEST_F(WorkflowCrashTest, BadInputsAndBadDefinitionsSendNothing) {
  CommandOptions options;
  options.env["STRIPE_SECRET_KEY"] = FakeStripeServer::kSecretKey;
  const std::vector<std::string> base = {testing::CliBinary(), "workflow", "run",
                                         testing::ShippedWorkflow("process-payment.yaml"), "--data-dir",
                                         dir_.Sub("data"), "--smtp-url", smtp_.url(), "--smtp-from",
                                         "billing@example.com", "--stripe-api-base", stripe_.base_url(),
                                         "--input", "customerEmail=ada@example.com"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = base;
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::RunCommand(argv, options);
  };
  CommandResult cents = with({"--input", "amount=12.50"});
  EXPECT_EQ(cents.exit_code, 2);
  EXPECT_THAT(cents.err, HasSubstr("input 'amount': step create-payment-intent: input 'amount': \"12.50\": expected a whole number of cents"));
  CommandResult missing = with({});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("input 'amount' is required"));
  CommandResult typo = with({"--input", "amount=5", "--input", "amout=5"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err, HasSubstr("input 'amout': process-payment does not use it"));

  testing::WriteFile(dir_.Sub("broken.yaml"),
                     "workflowId: broken\nversion: '1'\nsteps:\n  - id: a\n    capability: stripe-create-customer\n"
                     "    inputs:\n      email: ${input.customerEmail}\n    onSuccess: b\n");
  CommandResult broken = testing::RunCommand({testing::CliBinary(), "workflow", "run", dir_.Sub("broken.yaml"),
                                              "--data-dir", dir_.Sub("data"), "--input", "customerEmail=a@example.com",
                                              "--stripe-api-base", stripe_.base_url()}, options);
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_THAT(broken.err, HasSubstr("broken.yaml:8: step a: onSuccess: unknown step 'b'"));
  CommandResult check = testing::RunCommand({testing::CliBinary(), "workflow", "check", dir_.Sub("broken.yaml"),
                                             testing::ShippedWorkflow("dunning.yaml")});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_THAT(check.err, HasSubstr("broken.yaml:8: step a: onSuccess: unknown step 'b'"));
  EXPECT_THAT(check.out, HasSubstr("dunning.yaml: ok: workflow dunning version 1.0.0, 4 steps, trigger invoice.payment_failed"));

  EXPECT_TRUE(stripe_.requests().empty());
  EXPECT_TRUE(smtp_.Messages().empty());
}

TEST_F(WorkflowCrashTest, ATriggeredDefinitionRunsForAnEventAlreadyInTheLog) {
  // trial-ending for a trial_will_end event imported into the log.
  stripe_.PutCustomer({{"id", "cus_t"}, {"object", "customer"}, {"email", "tess@example.com"}, {"name", "Tess"}});
  testing::WriteFile(dir_.Sub("events.jsonl"),
                     R"({"id":"evt_trial_1","object":"event","type":"customer.subscription.trial_will_end",)"
                     R"("created":1767225600,"data":{"object":{"id":"sub_t","object":"subscription",)"
                     R"("customer":"cus_t","trial_end":1767484800}}})"
                     "\n");
  CommandResult imported = testing::RunCommand(
      {testing::CliBinary(), "import", "--data-dir", dir_.Sub("data"), dir_.Sub("events.jsonl")});
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  CommandOptions options;
  options.env["STRIPE_SECRET_KEY"] = FakeStripeServer::kSecretKey;
  CommandResult run = testing::RunCommand(
      {testing::CliBinary(), "workflow", "run", testing::ShippedWorkflow("trial-ending.yaml"), "--data-dir",
       dir_.Sub("data"), "--event", "evt_trial_1", "--smtp-url", smtp_.url(), "--smtp-from", "billing@example.com",
       "--stripe-api-base", stripe_.base_url()},
      options);
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  ASSERT_TRUE(smtp_.WaitForMessages(1, 5));
  auto mail = smtp_.Messages().at(0);
  EXPECT_EQ(mail.to(), "tess@example.com");
  EXPECT_EQ(mail.Header("subject"), "Your trial ends soon");
  EXPECT_THAT(mail.body, HasSubstr("Hello Tess,"));
  EXPECT_THAT(mail.body, HasSubstr("subscription sub_t ends at 1767484800"));
  CommandResult unknown = testing::RunCommand(
      {testing::CliBinary(), "workflow", "run", testing::ShippedWorkflow("trial-ending.yaml"), "--data-dir",
       dir_.Sub("data"), "--event", "evt_nope", "--smtp-url", smtp_.url(), "--smtp-from", "billing@example.com",
       "--stripe-api-base", stripe_.base_url()},
      options);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("--event evt_nope: no such event in the log"));
}

}  // namespace
}  // namespace subledger
