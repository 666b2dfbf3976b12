// subledgerd --workflows DIR, end to end: the real daemon, signed webhooks
// over loopback, the fake Stripe API and a real SMTP server. A triggered
// workflow starts once per event (duplicates ignored), its `after:` timer
// survives a SIGKILL of the daemon and fires after the restart, an `until`
// event stops a run, the read API and /metrics show the runs, and a bad
// definition stops the daemon at start-up with FILE:LINE.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <filesystem>
#include <thread>

#include "tests/stripe/fake_stripe_server.h"
#include "tests/support/daemon_process.h"
#include "tests/support/http_client.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/temp_dir.h"
#include "tests/workflows/workflow_test_util.h"

namespace subledger {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::ordered_json;
using testing::DaemonOptions;
using testing::DaemonProcess;
using testing::FakeStripeServer;
using testing::HttpClient;

constexpr const char* kSecret = "whsec_workflows_daemon_test_secret";

// The shipped dunning sequence, with a 3 second timer instead of 3 days.
constexpr const char* kQuickDunning = R"(workflowId: quick-dunning
version: '1'
trigger:
  event: invoice.payment_failed
  until: [invoice.paid]
  perObject: true
steps:
  - id: first-notice
    capability: send-email
    inputs:
      to: ${event.object.customer_email}
      template: dunning-day-0
      data: {amount: '${event.object.amount_due}', currency: usd, invoice: '${event.object.id}', link: x}
    onSuccess: second-notice
  - id: second-notice
    capability: send-email
    after: 3s
    inputs:
      to: ${event.object.customer_email}
      template: dunning-day-3
      data: {invoice: '${event.object.id}', link: x}
)";

Json Event(const std::string& id, const std::string& type, Json object) {
  return {{"id", id}, {"object", "event"}, {"api_version", "2025-03-31.basil"},
          {"created", testing::NowUnixSeconds()}, {"data", {{"object", object}}}, {"livemode", false}, {"type", type}};
}

Json Invoice(const std::string& id) {
  return {{"id", id}, {"object", "invoice"}, {"customer_email", id + "@example.com"}, {"amount_due", 990}};
}

class DaemonWorkflowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(smtp_.error(), "");
    std::filesystem::create_directories(dir_.Sub("wf"));
    std::filesystem::copy(testing::ShippedTemplates(), dir_.Sub("wf/templates"));
    testing::WriteFile(dir_.Sub("wf/quick-dunning.yaml"), kQuickDunning);
    std::filesystem::copy_file(testing::ShippedWorkflow("trial-ending.yaml"), dir_.Sub("wf/trial-ending.yaml"));
    stripe_.PutCustomer({{"id", "cus_trial"}, {"object", "customer"}, {"email", "trial@example.com"}, {"name", "Tess"}});
  }

  DaemonOptions Options() {
    DaemonOptions o;
    o.data_dir = dir_.Sub("data");
    o.secrets = {kSecret};
    o.env = {{"STRIPE_SECRET_KEY", FakeStripeServer::kSecretKey}};
    o.extra_args = {"--workflows", dir_.Sub("wf"), "--smtp-url", smtp_.url(), "--smtp-from", "billing@example.com",
                    "--stripe-api-base", stripe_.base_url(), "--reconcile-interval", "0"};
    return o;
  }

  void Post(DaemonProcess& daemon, const Json& event) {
    HttpClient client("127.0.0.1", daemon.public_port());
    const std::string body = event.dump();
    auto r = client.Request("POST", "/webhooks/stripe", body,
                            {{"Content-Type", "application/json"},
                             {"Stripe-Signature", testing::SignStripe(kSecret, body, testing::NowUnixSeconds())}});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  // Polls the read API until a run of `workflow` has `status`.
  bool WaitForRun(DaemonProcess& daemon, const std::string& workflow, const std::string& status) {
    HttpClient admin("127.0.0.1", daemon.admin_port());
    for (int i = 0; i < 150; ++i) {
      auto r = admin.Get("/v1/workflows/runs?workflow=" + workflow + "&status=" + status);
      if (r.status == 200 && Json::parse(r.body)["total"] > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  int MailsTo(const std::string& to, const std::string& subject_prefix) {
    int n = 0;
    for (const auto& m : smtp_.Messages()) n += m.to() == to && m.Header("subject").rfind(subject_prefix, 0) == 0;
    return n;
  }

  testing::TempDir dir_;
  FakeStripeServer stripe_;
  testing::SmtpSink smtp_;
};

TEST_F(DaemonWorkflowsTest, TriggeredRunsSurviveACrashAndShowInTheReadApiAndMetrics) {
  DaemonProcess daemon(Options());
  ASSERT_EQ(daemon.Start(), "");
  Post(daemon, Event("evt_fail_1", "invoice.payment_failed", Invoice("in_1")));
  Post(daemon, Event("evt_fail_1", "invoice.payment_failed", Invoice("in_1")));  // a redelivery
  Post(daemon, Event("evt_trial", "customer.subscription.trial_will_end",
                     {{"id", "sub_trial"}, {"object", "subscription"}, {"customer", "cus_trial"}, {"trial_end", 1767225600}}));
  ASSERT_TRUE(smtp_.WaitForMessages(2, 15)) << daemon.Stderr();
  EXPECT_EQ(MailsTo("in_1@example.com", "Your payment"), 1);
  EXPECT_EQ(MailsTo("trial@example.com", "Your trial ends soon"), 1);

  // Crash while in_1's second notice waits on its timer (once the first
  // notice's outcome is durable: a kill between the SMTP server's accept and
  // that write would rightly send it again -- e-mail is at least once).
  ASSERT_TRUE(WaitForRun(daemon, "quick-dunning", "waiting")) << daemon.Stderr();
  ASSERT_TRUE(WaitForRun(daemon, "trial-ending", "succeeded")) << daemon.Stderr();
  daemon.Kill();
  ASSERT_EQ(daemon.Start(), "");
  ASSERT_TRUE(smtp_.WaitForMessages(3, 15)) << daemon.Stderr();
  EXPECT_EQ(MailsTo("in_1@example.com", "Second notice"), 1);

  // in_2 is paid right after it failed: no second notice, whatever the timing.
  Post(daemon, Event("evt_fail_2", "invoice.payment_failed", Invoice("in_2")));
  Post(daemon, Event("evt_paid_2", "invoice.paid", Invoice("in_2")));
  std::this_thread::sleep_for(std::chrono::seconds(4));
  EXPECT_EQ(MailsTo("in_2@example.com", "Second notice"), 0);
  EXPECT_EQ(MailsTo("in_1@example.com", "Your payment"), 1) << "nothing is sent twice after the restart";

  HttpClient admin("127.0.0.1", daemon.admin_port());
  auto list = admin.Get("/v1/workflows/runs?workflow=quick-dunning");
  ASSERT_EQ(list.status, 200) << list.body;
  Json runs = Json::parse(list.body);
  ASSERT_EQ(runs["total"], 2);
  std::map<std::string, std::string> by_invoice;
  for (const Json& run : runs["runs"]) by_invoice[run["trigger"]["object_id"]] = run["status"];
  EXPECT_EQ(by_invoice["in_1"], "succeeded");
  EXPECT_EQ(by_invoice["in_2"], "stopped");
  const std::string id = runs["runs"][runs["runs"][0]["trigger"]["object_id"] == "in_1" ? 0 : 1]["id"];
  auto one = admin.Get("/v1/workflows/runs/" + id);
  ASSERT_EQ(one.status, 200);
  Json run = Json::parse(one.body);
  ASSERT_EQ(run["steps"].size(), 2u);
  EXPECT_EQ(run["steps"][1]["id"], "second-notice");
  EXPECT_EQ(run["steps"][1]["state"], "succeeded");
  EXPECT_EQ(admin.Get("/v1/workflows/runs/wfr_nope").status, 404);
  EXPECT_EQ(admin.Get("/v1/workflows/runs?status=lost").status, 400);
  auto succeeded = admin.Get("/v1/workflows/runs?status=succeeded");
  EXPECT_EQ(Json::parse(succeeded.body)["total"], 2) << "in_1's run and the trial-ending run";

  auto metrics = admin.Get("/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("subledger_workflow_runs_total{result=\"succeeded\",workflow=\"quick-dunning\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("subledger_workflow_runs_total{result=\"stopped\",workflow=\"quick-dunning\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("subledger_workflow_emails_total{result=\"sent\"} "));
  EXPECT_THAT(metrics.body, HasSubstr("subledger_workflow_timers_pending 0"));
  EXPECT_THAT(daemon.Stderr(), HasSubstr("\"msg\":\"workflow_run_finished\""));
  EXPECT_EQ(daemon.Terminate(), 0);
}

TEST_F(DaemonWorkflowsTest, ABadDefinitionStopsTheStartWithItsLine) {
  testing::WriteFile(dir_.Sub("wf/broken.yaml"),
                     "workflowId: broken\nversion: '1'\nsteps:\n  - id: a\n    capability: send-email\n"
                     "    inputs: {to: a@example.com, template: payment-error, data: {error: x}}\n    onFailure: b\n");
  DaemonProcess daemon(Options());
  ASSERT_EQ(daemon.Spawn(), "");
  EXPECT_EQ(daemon.WaitForExit(30), 2);
  EXPECT_THAT(daemon.Stderr(), HasSubstr("broken.yaml:7: step a: onFailure: unknown step 'b'"));
}

}  // namespace
}  // namespace subledger
