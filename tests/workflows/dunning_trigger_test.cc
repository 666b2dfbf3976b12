// The shipped dunning workflow driven by its trigger, on a fake clock: a
// shuffled, duplicated stream of invoice.payment_failed / invoice.paid /
// invoice.payment_succeeded events goes into a real event log over a week;
// the engine (with a restart in the middle) mails day 0, 3 and 5 reminders
// through a real SMTP server and marks the subscription to cancel on day 7.
// Every e-mail that must go out goes out once, none after the invoice is
// paid, and an invoice paid before its failure arrived gets nothing.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "tests/stripe/fake_stripe_server.h"
#include "tests/stripe/stripe_test_util.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/temp_dir.h"
#include "tests/workflows/workflow_test_util.h"
#include "workflows/engine.h"

namespace subledger {
namespace {

using Json = nlohmann::ordered_json;
using testing::FakeStripeServer;
using workflows::RunStatus;

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z

// Invoices by what happens to them: paid before their failure arrived (P),
// paid on day 1 (A), paid on day 4 (B), never paid (C).
const std::vector<std::string> kGroups = {"P1", "P2", "A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"};

Json InvoiceEvent(const std::string& id, const std::string& type, const std::string& invoice, int64_t created) {
  Json object = {{"id", "in_" + invoice}, {"object", "invoice"}, {"customer", "cus_" + invoice},
                 {"customer_email", invoice + "@example.com"}, {"amount_due", 2000}, {"currency", "usd"},
                 {"number", "INV-" + invoice}, {"hosted_invoice_url", "https://invoice.example/" + invoice}};
  // Half the invoices in Stripe's current shape, half in the legacy one.
  if (invoice.back() % 2 == 0) {
    object["subscription"] = "sub_" + invoice;
  } else {
    object["parent"] = {{"subscription_details", {{"subscription", "sub_" + invoice}}}};
  }
  return {{"id", id}, {"object", "event"}, {"api_version", "2025-03-31.basil"}, {"created", created},
          {"data", {{"object", object}}}, {"livemode", false}, {"type", type}};
}

class DunningTriggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(smtp_.error(), "");
    for (const std::string& inv : kGroups) {
      stripe_.PutSubscription({{"id", "sub_" + inv}, {"object", "subscription"}, {"status", "past_due"},
                               {"cancel_at_period_end", false}});
    }
    client_ = std::make_unique<StripeClient>(testing::OptionsFor(stripe_));
    mailer_ = std::make_unique<workflows::SmtpMailer>(testing::TestSmtp(smtp_.url()), &clock_);
    caps_ = workflows::StandardCapabilities(client_.get(), workflows::TemplateCatalog(testing::ShippedTemplates()),
                                            mailer_.get());
    Open();
  }

  void Open() {
    log_ = testing::OpenLog(dir_, &clock_);
    std::vector<workflows::Definition> defs = {testing::DefinitionOf(testing::ShippedWorkflow("dunning.yaml"), *caps_)};
    workflows::EngineOptions options;
    options.runner.retry_delays = {std::chrono::seconds(60)};
    engine_ = std::make_unique<workflows::WorkflowEngine>(log_.get(), &clock_, caps_.get(), std::move(defs), options);
    ASSERT_TRUE(engine_->Open().ok());
  }

  void Restart() {
    engine_.reset();
    log_.reset();
    Open();
  }

  // Appends the events in a shuffled order, each one twice or three times.
  void Deliver(std::vector<Json> events) {
    std::vector<Json> stream;
    for (size_t i = 0; i < events.size(); ++i) {
      for (size_t copies = 0; copies < 2 + i % 2; ++copies) stream.push_back(events[i]);
    }
    std::shuffle(stream.begin(), stream.end(), rng_);
    for (const Json& e : stream) testing::AppendAs(log_.get(), e, EventSource::kWebhook);
  }

  void At(int64_t day) {
    clock_.SetUnixSeconds(kStart + day * kDay);
    Result<workflows::PassResult> pass = engine_->RunPass();
    ASSERT_TRUE(pass.ok()) << pass.status().ToString();
  }

  // invoice -> the dunning e-mails it got, by subject's first word.
  std::map<std::string, std::vector<std::string>> MailsByInvoice() {
    std::map<std::string, std::vector<std::string>> out;
    std::map<std::string, int> ids;
    for (const auto& mail : smtp_.Messages()) {
      EXPECT_EQ(++ids[mail.Header("message-id")], 1) << "sent twice: " << mail.Header("message-id");
      const std::string to = mail.to();
      const std::string subject = mail.Header("subject");
      out[to.substr(0, to.find('@'))].push_back(subject.substr(0, subject.find(' ')));
    }
    return out;
  }

  std::mt19937 rng_{20261205};
  testing::TempDir dir_;
  FakeClock clock_{kStart * 1'000'000};
  FakeStripeServer stripe_;
  testing::SmtpSink smtp_;
  std::unique_ptr<StripeClient> client_;
  std::unique_ptr<workflows::SmtpMailer> mailer_;
  std::unique_ptr<workflows::CapabilityRegistry> caps_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<workflows::WorkflowEngine> engine_;
};

TEST_F(DunningTriggerTest, RemindersGoOutOnceEachAndStopWhenTheInvoiceIsPaid) {
  // Day 0: every invoice fails; P1 and P2 were paid too (their paid events
  // are in the same shuffled stream, before or after the failure).
  std::vector<Json> day0;
  for (const std::string& inv : kGroups) {
    day0.push_back(InvoiceEvent("evt_fail_" + inv, "invoice.payment_failed", inv, kStart));
  }
  day0.push_back(InvoiceEvent("evt_paid_P1", "invoice.paid", "P1", kStart + 60));
  day0.push_back(InvoiceEvent("evt_paid_P2", "invoice.payment_succeeded", "P2", kStart + 60));
  Deliver(day0);
  At(0);
  ASSERT_TRUE(smtp_.WaitForMessages(8, 5));

  // Day 1: A is paid; Stripe's retry of C1 fails again (a new event id for the
  // same invoice: no second sequence).
  clock_.SetUnixSeconds(kStart + kDay);
  Deliver({InvoiceEvent("evt_paid_A1", "invoice.paid", "A1", kStart + kDay),
           InvoiceEvent("evt_paid_A2", "invoice.payment_succeeded", "A2", kStart + kDay),
           InvoiceEvent("evt_paid_A3", "invoice.paid", "A3", kStart + kDay),
           InvoiceEvent("evt_fail_again_C1", "invoice.payment_failed", "C1", kStart + kDay)});
  At(1);
  At(2);

  // Day 3, after a restart: the durable timers fire for B and C only.
  Restart();
  At(3);
  ASSERT_TRUE(smtp_.WaitForMessages(13, 5));
  clock_.SetUnixSeconds(kStart + 4 * kDay);
  Deliver({InvoiceEvent("evt_paid_B1", "invoice.payment_succeeded", "B1", kStart + 4 * kDay),
           InvoiceEvent("evt_paid_B2", "invoice.paid", "B2", kStart + 4 * kDay)});
  At(4);
  At(5);
  ASSERT_TRUE(smtp_.WaitForMessages(16, 5));
  At(6);
  At(7);
  At(30);

  std::map<std::string, std::vector<std::string>> expected = {
      {"A1", {"Your"}}, {"A2", {"Your"}}, {"A3", {"Your"}},
      {"B1", {"Your", "Second"}}, {"B2", {"Your", "Second"}},
      {"C1", {"Your", "Second", "Final"}}, {"C2", {"Your", "Second", "Final"}}, {"C3", {"Your", "Second", "Final"}}};
  EXPECT_EQ(MailsByInvoice(), expected);

  // Day 7: only the never-paid invoices' subscriptions are set to cancel.
  for (const std::string& inv : kGroups) {
    const bool cancel = inv[0] == 'C';
    EXPECT_EQ(stripe_.Subscription("sub_" + inv)["cancel_at_period_end"], cancel) << inv;
  }
  EXPECT_EQ(stripe_.DistinctIdempotencyKeys("/v1/subscriptions/"), 3);
  EXPECT_TRUE(stripe_.violations().empty());

  // One run per invoice, each finished the way its invoice went.
  std::map<std::string, std::string> status;
  ASSERT_TRUE(engine_->runner().store().ForEachRun([&](const workflows::RunRecord& run) {
    status[run.trigger->object_id] = workflows::RunStatusName(run.status);
    return true;
  }).ok());
  for (const std::string& inv : kGroups) {
    EXPECT_EQ(status["in_" + inv], inv[0] == 'C' ? "succeeded" : "stopped") << inv;
  }
  EXPECT_EQ(status.size(), kGroups.size());
  EXPECT_EQ(*engine_->TimersPending(), 0u);
}

TEST_F(DunningTriggerTest, EventsFromBeforeTheWorkflowWasFirstLoadedStartNothing) {
  // A log that already has a failure when the engine first opens on it.
  engine_.reset();
  log_.reset();
  std::filesystem::remove_all(dir_.Sub("data"));
  log_ = testing::OpenLog(dir_, &clock_);
  testing::AppendAs(log_.get(), InvoiceEvent("evt_old", "invoice.payment_failed", "C1", kStart), EventSource::kImport);
  log_.reset();
  Open();
  At(0);
  uint64_t runs = 0;
  ASSERT_TRUE(engine_->runner().store().ForEachRun([&](const workflows::RunRecord&) { return ++runs, true; }).ok());
  EXPECT_EQ(runs, 0u);
  EXPECT_TRUE(smtp_.Messages().empty());
}

}  // namespace
}  // namespace subledger
