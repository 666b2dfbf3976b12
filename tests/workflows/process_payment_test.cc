// The integration doc's process-payment workflow, run by the Runner against
// the fake Stripe API and a real SMTP server on loopback (aiosmtpd), with the
// runs recorded in a real event log: the payment link goes to customerEmail
// with the payment intent's clientSecret; a declined payment intent takes
// onFailure and mails the admin Stripe's message.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include "stripe/stripe_client.h"
#include "tests/stripe/fake_stripe_server.h"
#include "tests/stripe/stripe_test_util.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/temp_dir.h"
#include "tests/workflows/workflow_test_util.h"
#include "workflows/runner.h"

namespace subledger {
namespace {

using ::testing::HasSubstr;
using testing::FakeStripeServer;
using testing::ScriptedFault;
using workflows::RunRecord;
using workflows::RunStatus;
using workflows::StepRecord;

class ProcessPaymentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(smtp_.error(), "");
    log_ = testing::OpenLog(dir_);
    ASSERT_NE(log_, nullptr);
    client_ = std::make_unique<StripeClient>(testing::OptionsFor(stripe_));
    mailer_ = std::make_unique<workflows::SmtpMailer>(testing::TestSmtp(smtp_.url()),
                                                      &SystemClock::Instance());
    caps_ = workflows::StandardCapabilities(client_.get(), workflows::TemplateCatalog(testing::ShippedTemplates()),
                                            mailer_.get());
    definition_ = testing::DefinitionOf(testing::ShippedWorkflow("process-payment.yaml"), *caps_);
  }

  RunRecord RunToEnd(const std::string& id, nlohmann::json input) {
    workflows::Runner runner(log_.get(), &SystemClock::Instance(), caps_.get(), {});
    RunRecord run = runner.NewRun(definition_, id, std::move(input), std::nullopt);
    EXPECT_TRUE(runner.Create(definition_, run).ok());
    for (int i = 0; i < 10 && !workflows::IsFinished(run.status); ++i) {
      Result<RunRecord> next = runner.Advance(run);
      EXPECT_TRUE(next.ok()) << next.status().ToString();
      if (!next.ok()) break;
      run = *next;
    }
    return run;
  }

  RunRecord Stored(const std::string& id) {
    auto loaded = workflows::RunStore(log_.get()).Load(id);
    EXPECT_TRUE(loaded.ok() && *loaded);
    return loaded.ok() && *loaded ? **loaded : RunRecord{};
  }

  const nlohmann::json kInput = {{"customerEmail", "ada@example.com"}, {"customerName", "Ada"}, {"amount", "2000"}};
  testing::TempDir dir_;
  FakeStripeServer stripe_;
  testing::SmtpSink smtp_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<StripeClient> client_;
  std::unique_ptr<workflows::SmtpMailer> mailer_;
  std::unique_ptr<workflows::CapabilityRegistry> caps_;
  workflows::Definition definition_;
};

TEST_F(ProcessPaymentTest, MailsThePaymentLinkWithTheClientSecretToTheCustomer) {
  RunRecord run = RunToEnd("wfr_pay1", kInput);
  ASSERT_EQ(run.status, RunStatus::kSucceeded) << run.result;

  // Stripe saw the customer, then a payment intent for that customer, each
  // with the step's own idempotency key.
  auto customers = stripe_.RequestsTo("/v1/customers");
  auto intents = stripe_.RequestsTo("/v1/payment_intents");
  ASSERT_EQ(customers.size(), 1u);
  ASSERT_EQ(intents.size(), 1u);
  EXPECT_EQ(customers[0].Form("email"), "ada@example.com");
  EXPECT_EQ(customers[0].Form("name"), "Ada");
  EXPECT_EQ(customers[0].Header("idempotency-key"), "subledger-wf-wfr_pay1-create-customer");
  const std::string customer_id = run.FindStep("create-customer")->output["customerId"];
  EXPECT_EQ(intents[0].Form("customer"), customer_id);
  EXPECT_EQ(intents[0].Form("amount"), "2000");
  EXPECT_EQ(intents[0].Form("currency"), "usd");
  EXPECT_EQ(intents[0].Header("idempotency-key"), "subledger-wf-wfr_pay1-create-payment-intent");
  EXPECT_TRUE(stripe_.violations().empty());

  const std::string secret = run.FindStep("create-payment-intent")->output["clientSecret"];
  ASSERT_FALSE(secret.empty());
  ASSERT_TRUE(smtp_.WaitForMessages(1, 5));
  auto mails = smtp_.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to(), "ada@example.com");
  EXPECT_EQ(mails[0].Header("subject"), "Complete your payment");
  EXPECT_EQ(mails[0].Header("message-id"), "<wfr_pay1.send-payment-link@example.com>");
  EXPECT_THAT(mails[0].body, HasSubstr(secret));
  EXPECT_THAT(mails[0].body, HasSubstr("2000 cents"));

  // What is recorded is what happened, step by step.
  RunRecord stored = Stored("wfr_pay1");
  EXPECT_EQ(stored.status, RunStatus::kSucceeded);
  ASSERT_EQ(stored.steps.size(), 3u);
  for (const StepRecord& s : stored.steps) {
    EXPECT_EQ(s.state, StepRecord::State::kSucceeded) << s.id;
    EXPECT_EQ(s.attempts, 1) << s.id;
  }
  EXPECT_EQ(stored.steps[2].output["messageId"], "<wfr_pay1.send-payment-link@example.com>");
}

TEST_F(ProcessPaymentTest, ADeclinedPaymentTakesOnFailureAndMailsTheAdminTheError) {
  stripe_.InjectFault("/v1/payment_intents", ScriptedFault::CardDeclined());
  RunRecord run = RunToEnd("wfr_declined", kInput);
  ASSERT_EQ(run.status, RunStatus::kFailed) << run.result;
  ASSERT_EQ(run.steps.size(), 3u);
  EXPECT_EQ(run.steps[0].state, StepRecord::State::kSucceeded);
  EXPECT_EQ(run.steps[1].id, "create-payment-intent");
  EXPECT_EQ(run.steps[1].state, StepRecord::State::kFailed);
  EXPECT_THAT(run.steps[1].error, HasSubstr("Your card was declined."));
  EXPECT_THAT(run.steps[1].error, HasSubstr("card_declined"));
  EXPECT_EQ(run.steps[2].id, "notify-error");
  EXPECT_EQ(run.steps[2].state, StepRecord::State::kSucceeded);
  EXPECT_THAT(run.result, HasSubstr("failed: step create-payment-intent"));

  ASSERT_TRUE(smtp_.WaitForMessages(1, 5));
  auto mails = smtp_.Messages();
  ASSERT_EQ(mails.size(), 1u) << "the customer gets no payment link";
  EXPECT_EQ(mails[0].to(), "admin@example.com");
  EXPECT_EQ(mails[0].Header("subject"), "A payment workflow failed");
  EXPECT_THAT(mails[0].body, HasSubstr("Your card was declined."));
}

TEST_F(ProcessPaymentTest, AnUnreachableMailServerLeavesTheStepToResumeAndSendsOnce) {
  smtp_.Stop();
  workflows::Runner runner(log_.get(), &SystemClock::Instance(), caps_.get(), {});
  RunRecord run = runner.NewRun(definition_, "wfr_nomail", kInput, std::nullopt);
  ASSERT_TRUE(runner.Create(definition_, run).ok());
  for (int i = 0; i < 3; ++i) run = *runner.Advance(run);
  EXPECT_TRUE(runner.suspended());
  EXPECT_EQ(run.status, RunStatus::kRunning);
  EXPECT_EQ(run.current, "send-payment-link");
  const StepRecord* mail = run.FindStep("send-payment-link");
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->state, StepRecord::State::kStarted);
  EXPECT_THAT(mail->error, HasSubstr("SMTP smtp://127.0.0.1:"));
  EXPECT_EQ(stripe_.objects_created(), 2);
}

TEST_F(ProcessPaymentTest, ACallFailingWhileShuttingDownRecordsNoOutcome) {
  stripe_.InjectFault("/v1/customers", ScriptedFault::CardDeclined());
  workflows::RunnerOptions options;
  options.interrupted = [] { return true; };
  workflows::Runner runner(log_.get(), &SystemClock::Instance(), caps_.get(), options);
  RunRecord run = runner.NewRun(definition_, "wfr_shutdown", kInput, std::nullopt);
  ASSERT_TRUE(runner.Create(definition_, run).ok());
  Result<RunRecord> after = runner.Advance(run);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(runner.suspended());
  RunRecord stored = Stored("wfr_shutdown");
  EXPECT_EQ(stored.status, RunStatus::kRunning);
  ASSERT_EQ(stored.steps.size(), 1u);
  EXPECT_EQ(stored.steps[0].state, StepRecord::State::kStarted) << "the intent stays; the next start resumes it";
  EXPECT_EQ(stored.steps[0].error, "");
}

TEST_F(ProcessPaymentTest, AStripeStepResumedADayLaterFailsInsteadOfRiskingASecondObject) {
  FakeClock clock(1767225600LL * 1'000'000);
  bool shutting_down = true;
  workflows::RunnerOptions options;
  options.interrupted = [&] { return shutting_down; };
  stripe_.InjectFault("/v1/customers", ScriptedFault::CardDeclined(), /*count=*/-1);
  testing::TempDir other;
  auto log = testing::OpenLog(other, &clock);
  workflows::Runner runner(log.get(), &clock, caps_.get(), options);
  RunRecord run = runner.NewRun(definition_, "wfr_late", kInput, std::nullopt);
  ASSERT_TRUE(runner.Create(definition_, run).ok());
  run = *runner.Advance(run);  // the intent is recorded; the call is interrupted
  const size_t calls = stripe_.RequestsTo("/v1/customers").size();
  ASSERT_GT(calls, 0u);
  shutting_down = false;
  stripe_.ClearFaults();
  clock.AdvanceMicros(int64_t{24} * 3600 * 1'000'000);
  run = *runner.Advance(run);
  EXPECT_EQ(stripe_.RequestsTo("/v1/customers").size(), calls) << "no call after Stripe's idempotency window";
  const StepRecord* step = run.FindStep("create-customer");
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->state, StepRecord::State::kFailed);
  EXPECT_THAT(step->error, HasSubstr("check in Stripe whether key subledger-wf-wfr_late-create-customer created an object"));
  EXPECT_EQ(run.current, "notify-error") << "the failure takes onFailure like any other";
}

}  // namespace
}  // namespace subledger
