// Snapshot refetch: the subscription as fetched enters the log as a
// subledger.subscription.snapshot event with a deterministic id.
#include "stripe/snapshot_fetcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::OpenLog;
using testing::OptionsFor;
using testing::TempDir;

nlohmann::ordered_json Subscription() {
  return nlohmann::ordered_json::parse(R"({
    "id": "sub_1QsnapABC", "object": "subscription", "status": "active", "customer": "cus_9",
    "currency": "usd", "livemode": false,
    "discounts": [{"id": "di_1", "object": "discount",
                   "coupon": {"id": "SAVE10", "percent_off": 10, "duration": "forever"}}],
    "items": {"object": "list", "data": [{"id": "si_1", "quantity": 2,
              "price": {"id": "price_1", "unit_amount": 1500, "currency": "usd",
                        "recurring": {"interval": "month", "interval_count": 1}}}]}})");
}

class SnapshotFetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.PutSubscription(Subscription());
    clock_.SetUnixSeconds(1790000000);
    log_ = OpenLog(dir_, &clock_);
    ASSERT_NE(log_, nullptr);
  }
  FakeStripeServer server_;
  FakeSleeper sleeper_;
  FakeClock clock_;
  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(SnapshotFetcherTest, AppendsTheSubscriptionAsASnapshotEvent) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<SnapshotOutcome> outcome = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->appended);
  EXPECT_EQ(outcome->event_id, "evt_snap_sub_1QsnapABC_1790000000");
  EXPECT_EQ(outcome->status, "active");

  auto requests = server_.RequestsTo("/v1/subscriptions/sub_1QsnapABC");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].QueryAll("expand[]"), std::vector<std::string>{"discounts"});

  Result<EventRecord> record = log_->Get(outcome->seq);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->source, EventSource::kSnapshot);
  EXPECT_EQ(record->envelope.type, "subledger.subscription.snapshot");
  EXPECT_EQ(record->envelope.created, 1790000000);
  EXPECT_EQ(record->envelope.object_id, "sub_1QsnapABC");
  EXPECT_EQ(record->envelope.object_type, "subscription");
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(record->body);
  EXPECT_EQ(body["data"]["object"], Subscription());
  EXPECT_EQ(body["object"], "event");
  EXPECT_EQ(body["api_version"], kPinnedStripeVersion);
}

TEST_F(SnapshotFetcherTest, RefetchTwiceAtTheSameClockGivesOneEvent) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<SnapshotOutcome> first = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  Result<SnapshotOutcome> second = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->appended);
  EXPECT_FALSE(second->appended);
  EXPECT_EQ(first->event_id, second->event_id);
  EXPECT_EQ(first->seq, second->seq);
  EXPECT_EQ(log_->LastSequence(), 1u);
}

TEST_F(SnapshotFetcherTest, ALaterRefetchIsANewEvent) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC").ok());
  clock_.AdvanceMicros(1000000);
  Result<SnapshotOutcome> later = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->appended);
  EXPECT_EQ(later->event_id, "evt_snap_sub_1QsnapABC_1790000001");
  EXPECT_EQ(log_->LastSequence(), 2u);
}

TEST_F(SnapshotFetcherTest, UnknownSubscriptionIsStripesErrorAndAppendsNothing) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<SnapshotOutcome> outcome = RefetchSubscription(&client, log_.get(), clock_, "sub_nope");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(outcome.status().message(), ::testing::HasSubstr("No such subscription: 'sub_nope'"));
  EXPECT_EQ(log_->LastSequence(), 0u);
}

TEST_F(SnapshotFetcherTest, MalformedIdIsRejectedBeforeAnyRequest) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  for (const char* id : {"", "sub_", "cus_123", "sub_../../v1/customers", "sub_a b"}) {
    Result<SnapshotOutcome> outcome = RefetchSubscription(&client, log_.get(), clock_, id);
    EXPECT_EQ(outcome.status().code(), Status::Code::kInvalidArgument) << id;
  }
  EXPECT_TRUE(server_.requests().empty());
}

TEST(SnapshotEventId, RuleIsPrefixSubscriptionAndCreated) {
  EXPECT_EQ(SnapshotEventId("sub_X", 12), "evt_snap_sub_X_12");
}

}  // namespace
}  // namespace subledger
