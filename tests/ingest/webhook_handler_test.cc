// WebhookHandler against a real EventLog in a temp dir: each bad-input class
// gets its outcome and leaves the log unchanged; valid events are acknowledged
// only once durable; duplicates write nothing; the observer sees every request.
#include "ingest/webhook_handler.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "ingest/json_log.h"
#include "tests/support/fault_injection_env.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

constexpr const char* kSecret = "whsec_handler_test_secret";
constexpr int64_t kNow = 1'700'000'000;

std::string Event(const std::string& id, const std::string& type = "invoice.paid") {
  return R"({"id":")" + id + R"(","object":"event","type":")" + type +
         R"(","created":1699999000,"livemode":false,"api_version":"2023-10-16",)"
         R"("data":{"object":{"id":"in_1","object":"invoice","amount_paid":1200}}})";
}

struct RecordingObserver : WebhookObserver {
  void OnWebhook(WebhookOutcome outcome, std::string_view type, int64_t latency) override {
    std::lock_guard lock(mu);
    seen.push_back({outcome, std::string(type), latency});
  }
  struct Seen {
    WebhookOutcome outcome;
    std::string type;
    int64_t latency;
  };
  std::mutex mu;
  std::vector<Seen> seen;
};

class WebhookHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JsonLog::SetInfoEnabled(false);  // keep test output readable
    EventLogOptions options;
    options.data_dir = tmp_.Sub("data");
    options.clock = &clock_;
    auto log = EventLog::Open(options);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
    verifier_ = std::make_unique<SignatureVerifier>(std::vector<std::string>{kSecret}, 300, clock_);
    handler_ = std::make_unique<WebhookHandler>(*log_, verifier_.get(), clock_, 4096);
    handler_->SetObserver(&observer_);
  }
  void TearDown() override { JsonLog::SetInfoEnabled(true); }

  // Runs Handle (which records the outcome) and waits for `done`.
  WebhookResult Deliver(const std::string& body, const std::string& signature) {
    std::promise<WebhookResult> promise;
    auto future = promise.get_future();
    handler_->Handle(signature, body, clock_.MonotonicNanos(),
                     [&promise](WebhookResult r) { promise.set_value(std::move(r)); });
    return future.get();
  }
  WebhookResult DeliverSigned(const std::string& body, int64_t t = kNow) {
    return Deliver(body, testing::SignStripe(kSecret, body, t));
  }

  // The log's observable state: count plus the last record's id.
  std::string Snapshot() const {
    std::string s = std::to_string(log_->LastSequence());
    log_->Scan(1, [&s](const EventRecord& r) {
      s += "|" + r.envelope.id;
      return true;
    });
    return s;
  }

  testing::TempDir tmp_;
  FakeClock clock_{kNow * 1'000'000};
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<SignatureVerifier> verifier_;
  std::unique_ptr<WebhookHandler> handler_;
  RecordingObserver observer_;
};

TEST_F(WebhookHandlerTest, AcceptsAValidEventAndStoresItByteForByte) {
  const std::string body = Event("evt_ok");
  const WebhookResult r = DeliverSigned(body);
  EXPECT_EQ(r.outcome, WebhookOutcome::kAccepted);
  EXPECT_EQ(r.event_id, "evt_ok");
  EXPECT_EQ(r.event_type, "invoice.paid");
  EXPECT_EQ(r.seq, 1u);
  // The callback came after durability: the record is readable now.
  auto record = log_->Get(1);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->body, body);
  EXPECT_EQ(record->envelope.id, "evt_ok");
  EXPECT_EQ(record->source, EventSource::kWebhook);
  ASSERT_EQ(observer_.seen.size(), 1u);
  EXPECT_EQ(observer_.seen[0].outcome, WebhookOutcome::kAccepted);
  EXPECT_EQ(observer_.seen[0].type, "invoice.paid");
}

TEST_F(WebhookHandlerTest, DuplicateWritesNothing) {
  const std::string body = Event("evt_dup");
  ASSERT_EQ(DeliverSigned(body).outcome, WebhookOutcome::kAccepted);
  const std::string before = Snapshot();
  const WebhookResult again = DeliverSigned(body);
  EXPECT_EQ(again.outcome, WebhookOutcome::kDuplicate);
  EXPECT_EQ(again.seq, 1u);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(WebhookHandlerTest, EachBadInputClassIsRejectedAndChangesNothing) {
  ASSERT_EQ(DeliverSigned(Event("evt_existing")).outcome, WebhookOutcome::kAccepted);
  const std::string before = Snapshot();

  struct Case {
    const char* name;
    std::string body;
    std::string signature;
    WebhookOutcome expected;
  };
  const std::string good = Event("evt_new");
  const std::vector<Case> cases = {
      {"no signature", good, "", WebhookOutcome::kBadSignature},
      {"wrong secret", good, testing::SignStripe("whsec_other", good, kNow),
       WebhookOutcome::kBadSignature},
      {"tampered body", good + " ", testing::SignStripe(kSecret, good, kNow),
       WebhookOutcome::kBadSignature},
      {"garbage header", good, "garbage", WebhookOutcome::kBadSignature},
      {"stale", good, testing::SignStripe(kSecret, good, kNow - 301),
       WebhookOutcome::kStaleTimestamp},
      {"future", good, testing::SignStripe(kSecret, good, kNow + 301),
       WebhookOutcome::kStaleTimestamp},
      {"not json", "{\"id\":\"evt_x\",", "", WebhookOutcome::kMalformed},
      {"array", "[1,2]", "", WebhookOutcome::kMalformed},
      {"missing id", R"({"type":"a.b","created":1})", "", WebhookOutcome::kMalformed},
      {"missing type", R"({"id":"evt_y","created":1})", "", WebhookOutcome::kMalformed},
      {"missing created", R"({"id":"evt_y","type":"a.b"})", "", WebhookOutcome::kMalformed},
      {"string created", R"({"id":"evt_y","type":"a.b","created":"1"})", "",
       WebhookOutcome::kMalformed},
      {"numeric id", R"({"id":5,"type":"a.b","created":1})", "", WebhookOutcome::kMalformed},
      {"trailing garbage", R"({"id":"evt_y","type":"a.b","created":1}x)", "",
       WebhookOutcome::kMalformed},
      {"too large", std::string(4097, ' '), "", WebhookOutcome::kTooLarge},
      // Read as evt_A here and as evt_B by every standard parser.
      {"escaped duplicate id", R"({"id":"evt_A","\u0069d":"evt_B","type":"a.b","created":1699999000})", "",
       WebhookOutcome::kMalformed},
      // Revenue model v2 §1: implausible `created`.
      {"created before 2010", R"({"id":"evt_2009","type":"a.b","created":1234567890})", "",
       WebhookOutcome::kMalformed},
      {"created in milliseconds", R"({"id":"evt_ms","type":"a.b","created":1699999000000})", "",
       WebhookOutcome::kMalformed},
      {"created over a day ahead",
       R"({"id":"evt_ahead","type":"a.b","created":)" + std::to_string(kNow + 86401) + "}", "",
       WebhookOutcome::kMalformed},
      {"created as a decimal", R"({"id":"evt_dec","type":"a.b","created":1699999000.0})", "",
       WebhookOutcome::kMalformed},
  };
  for (const Case& c : cases) {
    // Malformed bodies are correctly signed, so they get past the signature.
    const std::string signature =
        c.expected == WebhookOutcome::kMalformed ? testing::SignStripe(kSecret, c.body, kNow)
                                                 : c.signature;
    const WebhookResult r = Deliver(c.body, signature);
    EXPECT_EQ(r.outcome, c.expected) << c.name << ": " << r.message;
    EXPECT_FALSE(r.message.empty()) << c.name;
    EXPECT_EQ(r.seq, 0u) << c.name;
    EXPECT_EQ(Snapshot(), before) << c.name;
  }
  std::lock_guard lock(observer_.mu);
  ASSERT_EQ(observer_.seen.size(), cases.size() + 1);
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(observer_.seen[i + 1].outcome, cases[i].expected) << cases[i].name;
    EXPECT_EQ(observer_.seen[i + 1].type, "") << cases[i].name;
  }
}

TEST_F(WebhookHandlerTest, TooLargeIsCheckedBeforeTheSignature) {
  const std::string big = Event("evt_big") + std::string(5000, ' ');
  EXPECT_EQ(Deliver(big, "").outcome, WebhookOutcome::kTooLarge);
  EXPECT_EQ(log_->LastSequence(), 0u);
  const WebhookResult declared = handler_->RejectTooLarge(10'000'000, clock_.MonotonicNanos());
  EXPECT_EQ(declared.outcome, WebhookOutcome::kTooLarge);
  EXPECT_EQ(declared.message, "body of 10000000 bytes is over the 4096-byte limit");
  // A chunked body has no declared length: the limit is named, nothing else.
  EXPECT_EQ(handler_->RejectTooLarge(std::nullopt, 0).message, "body is over the 4096-byte limit");
}

TEST_F(WebhookHandlerTest, WithoutVerifierSignaturesAreNotChecked) {
  WebhookHandler insecure(*log_, nullptr, clock_);
  std::promise<WebhookResult> promise;
  insecure.Handle("", Event("evt_unsigned"), 0,
                  [&promise](WebhookResult r) { promise.set_value(std::move(r)); });
  EXPECT_EQ(promise.get_future().get().outcome, WebhookOutcome::kAccepted);
  EXPECT_EQ(log_->LastSequence(), 1u);
}

TEST_F(WebhookHandlerTest, ClosedLogIsAStorageError) {
  log_->Close();
  const WebhookResult r = DeliverSigned(Event("evt_after_close"));
  EXPECT_EQ(r.outcome, WebhookOutcome::kStorageError);
  EXPECT_EQ(r.message, kStorageErrorMessage);
  EXPECT_NE(r.detail.find("closed"), std::string::npos) << r.detail;
}

TEST_F(WebhookHandlerTest, AFailedWriteAnswersAGenericReasonAndLogsTheDetail) {
  // A log whose WAL syncs fail (RocksDB's real errors name the data dir's
  // files): the client is told only that the log is unavailable.
  testing::FaultInjectionEnv env;
  EventLogOptions options;
  options.data_dir = tmp_.Sub("faulty");
  options.clock = &clock_;
  options.env = &env;
  auto log = EventLog::Open(options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  WebhookHandler handler(**log, verifier_.get(), clock_);
  env.FailWalSyncs(true);
  const std::string body = Event("evt_fsync_fails");
  std::promise<WebhookResult> promise;
  handler.Handle(testing::SignStripe(kSecret, body, kNow), body, 0,
                 [&promise](WebhookResult r) { promise.set_value(std::move(r)); });
  const WebhookResult r = promise.get_future().get();
  EXPECT_EQ(r.outcome, WebhookOutcome::kStorageError);
  EXPECT_EQ(r.message, kStorageErrorMessage);
  EXPECT_NE(r.detail.find("WAL sync failed"), std::string::npos) << r.detail;
  EXPECT_EQ(r.message.find("WAL"), std::string::npos);
  (*log)->Close();
}

TEST_F(WebhookHandlerTest, ConcurrentDeliveriesOfOneIdProduceOneRecord) {
  const std::string body = Event("evt_race");
  const std::string signature = testing::SignStripe(kSecret, body, kNow);
  std::vector<std::thread> threads;
  std::mutex mu;
  int accepted = 0, duplicates = 0;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      std::promise<WebhookResult> promise;
      handler_->Handle(signature, body, 0,
                       [&promise](WebhookResult r) { promise.set_value(std::move(r)); });
      const WebhookResult r = promise.get_future().get();
      std::lock_guard lock(mu);
      accepted += r.outcome == WebhookOutcome::kAccepted;
      duplicates += r.outcome == WebhookOutcome::kDuplicate;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(duplicates, 15);
  EXPECT_EQ(log_->LastSequence(), 1u);
}

}  // namespace
}  // namespace subledger
