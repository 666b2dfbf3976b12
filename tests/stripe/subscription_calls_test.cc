// The two calls behind the workflow capabilities stripe-cancel-subscription
// and stripe-get-customer, against the fake Stripe API.
#include "stripe/subscription_calls.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using ::testing::HasSubstr;
using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::OptionsFor;
using testing::ScriptedFault;

class SubscriptionCallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.PutSubscription({{"id", "sub_1"}, {"object", "subscription"}, {"status", "past_due"},
                             {"cancel_at_period_end", false},
                             {"items", {{"data", {{{"id", "si_1"}, {"current_period_end", 1769904000}}}}}}});
  }
  FakeStripeServer server_;
  FakeSleeper sleeper_;
};

TEST_F(SubscriptionCallsTest, CancelAtPeriodEndSetsTheFlagOnceUnderItsKey) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  server_.InjectFault("/v1/subscriptions/", ScriptedFault::ProcessThenDrop());
  Result<CancelSubscriptionOutput> out = CancelSubscriptionAtPeriodEnd(&client, "sub_1", "wf-key-1");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ToJson(*out).dump(),
            R"({"subscriptionId":"sub_1","status":"past_due","cancelAtPeriodEnd":true,"currentPeriodEnd":1769904000})");
  auto requests = server_.RequestsTo("/v1/subscriptions/sub_1");
  ASSERT_EQ(requests.size(), 2u) << "the dropped response was retried";
  EXPECT_EQ(requests[0].Form("cancel_at_period_end"), "true");
  EXPECT_EQ(server_.DistinctIdempotencyKeys("/v1/subscriptions/"), 1);
  EXPECT_EQ(server_.Subscription("sub_1")["cancel_at_period_end"], true);
}

TEST_F(SubscriptionCallsTest, BadIdsAreRefusedBeforeAnyRequestAndUnknownOnesAreStripesWords) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  EXPECT_EQ(CancelSubscriptionAtPeriodEnd(&client, "sub_1/../x").status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(server_.requests().empty());
  Result<CancelSubscriptionOutput> missing = CancelSubscriptionAtPeriodEnd(&client, "sub_nope");
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("No such subscription: 'sub_nope'"));
}

TEST_F(SubscriptionCallsTest, RetrieveCustomerReadsEmailAndName) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  server_.PutCustomer({{"id", "cus_1"}, {"object", "customer"}, {"email", "t@example.com"}, {"name", nullptr}});
  Result<RetrieveCustomerOutput> out = RetrieveCustomer(&client, "cus_1");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ToJson(*out).dump(), R"({"customerId":"cus_1","email":"t@example.com","name":""})");
  EXPECT_EQ(RetrieveCustomer(&client, "cus_2").status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace subledger
