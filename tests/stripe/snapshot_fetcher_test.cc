// Snapshot refetch: the subscription (or price) as fetched enters the log as
// a subledger.subscription.snapshot (subledger.price.snapshot) event with a
// deterministic id, expanded so that it carries discount objects and tiers,
// and, for a connected account, that account.
#include "stripe/snapshot_fetcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/refetch_fixtures.h"
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
  EXPECT_EQ(requests[0].QueryAll("expand[]"),
            (std::vector<std::string>{"discounts", "items.data.price.tiers"}));
  EXPECT_EQ(requests[0].Header("stripe-account"), "");

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
  EXPECT_FALSE(body.contains("account")) << "the platform's own events carry no account";
  EXPECT_EQ(body["livemode"], false);
}

TEST_F(SnapshotFetcherTest, ExpandsDiscountsAndTiersThatWebhooksLeaveOut) {
  nlohmann::ordered_json sub = testing::Subscription(
      "sub_seats", "cus_7", testing::Item("si_7", testing::SeatPrice("price_seats", true), 10), "di_q");
  server_.PutSubscription(sub);
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<SnapshotOutcome> outcome = RefetchSubscription(&client, log_.get(), clock_, "sub_seats");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(log_->Get(outcome->seq)->body);
  // The discount is an object with its coupon, the item's price has its tiers.
  EXPECT_EQ(body["data"]["object"], sub);
  EXPECT_EQ(body["data"]["object"]["discounts"][0]["coupon"]["percent_off"], 25);
  EXPECT_EQ(body["data"]["object"]["items"]["data"][0]["price"]["tiers"].size(), 2u);
}

TEST_F(SnapshotFetcherTest, RefetchPriceAppendsAPriceSnapshotWithItsTiers) {
  server_.PutPrice(testing::SeatPrice("price_seats", true));
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<SnapshotOutcome> outcome = RefetchPrice(&client, log_.get(), clock_, "price_seats");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_TRUE(outcome->appended);
  EXPECT_EQ(outcome->event_id, "evt_snap_price_seats_1790000000");
  EXPECT_EQ(outcome->status, "tiered");
  auto requests = server_.RequestsTo("/v1/prices/price_seats");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].QueryAll("expand[]"), std::vector<std::string>{"tiers"});
  Result<EventRecord> record = log_->Get(outcome->seq);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->source, EventSource::kSnapshot);
  EXPECT_EQ(record->envelope.type, "subledger.price.snapshot");
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(record->body);
  EXPECT_EQ(body["data"]["object"], testing::SeatPrice("price_seats", true));

  Result<SnapshotOutcome> missing = RefetchPrice(&client, log_.get(), clock_, "price_nope");
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(missing.status().message(), ::testing::HasSubstr("No such price: 'price_nope'"));
}

TEST_F(SnapshotFetcherTest, AConnectedAccountsSnapshotCarriesTheAccountAndAnIdOfItsOwn) {
  nlohmann::ordered_json connected = Subscription();
  connected["customer"] = "cus_connected";
  server_.PutSubscription(connected, "acct_1Conn");
  StripeClient client(OptionsFor(server_), &sleeper_);
  client.set_account("acct_1Conn");
  Result<SnapshotOutcome> outcome = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->event_id, "evt_snap_sub_1QsnapABC_1790000000_acct_1Conn");
  auto requests = server_.RequestsTo("/v1/subscriptions/");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("stripe-account"), "acct_1Conn");
  Result<EventRecord> record = log_->Get(outcome->seq);
  ASSERT_TRUE(record.ok());
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(record->body);
  EXPECT_EQ(body["account"], "acct_1Conn");
  EXPECT_EQ(body["data"]["object"]["customer"], "cus_connected");

  // The platform's subscription of the same id, in the same second: its own event.
  client.set_account("");
  Result<SnapshotOutcome> platform = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  ASSERT_TRUE(platform.ok()) << platform.status().ToString();
  EXPECT_TRUE(platform->appended);
  EXPECT_EQ(platform->event_id, "evt_snap_sub_1QsnapABC_1790000000");
  EXPECT_EQ(log_->LastSequence(), 2u);

  // An account the key has no access to is Stripe's 403, nothing appended.
  client.set_account("acct_1Unknown");
  Result<SnapshotOutcome> denied = RefetchSubscription(&client, log_.get(), clock_, "sub_1QsnapABC");
  EXPECT_EQ(denied.status().code(), Status::Code::kUnauthenticated);
  EXPECT_THAT(denied.status().message(), ::testing::HasSubstr("does not have access to account 'acct_1Unknown'"));
  EXPECT_EQ(log_->LastSequence(), 2u);
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

TEST(SnapshotEventId, RuleIsPrefixObjectCreatedAndTheConnectedAccount) {
  EXPECT_EQ(SnapshotEventId("sub_X", 12), "evt_snap_sub_X_12");
  EXPECT_EQ(SnapshotEventId("price_Y", 12, "acct_Z"), "evt_snap_price_Y_12_acct_Z");
}

TEST(SnapshotExpansions, CouponsAreExpandedFromTheVersionThatMadeThemIds) {
  const FormParams basil = {{"expand[]", "discounts"}, {"expand[]", "items.data.price.tiers"}};
  EXPECT_EQ(SubscriptionExpansions("2025-03-31.basil"), basil);
  EXPECT_EQ(SubscriptionExpansions("2024-06-20"), basil);
  FormParams clover = basil;
  clover.emplace_back("expand[]", "discounts.source.coupon");
  EXPECT_EQ(SubscriptionExpansions("2025-09-30.clover"), clover);
  EXPECT_EQ(SubscriptionExpansions("2026-01-28.clover"), clover);
}

TEST(SnapshotIds, PriceAndAccountIdsAreCheckedBeforeAnyRequest) {
  for (const char* id : {"price_1Abc", "gold-monthly", "plan.v2", "price_x_y"}) {
    EXPECT_TRUE(ValidatePriceId(id).ok()) << id;
  }
  for (const char* id : {"", "..", "price/../x", "price x", "price?expand"}) {
    EXPECT_FALSE(ValidatePriceId(id).ok()) << id;
  }
  EXPECT_FALSE(ValidatePriceId(std::string(256, 'p')).ok());
  EXPECT_TRUE(ValidateAccountId("acct_1Abc_2").ok());
  for (const char* id : {"", "acct_", "cus_1", "acct_1\r\nX-Evil: 1", "acct_a b"}) {
    EXPECT_FALSE(ValidateAccountId(id).ok()) << id;
  }
}

}  // namespace
}  // namespace subledger
