// The integration doc's three capabilities against the fake Stripe API.
#include "stripe/payment_capabilities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::OptionsFor;
using testing::ScriptedFault;

std::vector<std::string> Keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

class CapabilitiesTest : public ::testing::Test {
 protected:
  FakeStripeServer server_;
  FakeSleeper sleeper_;
};

TEST_F(CapabilitiesTest, CreateCustomerSendsTheFormAndPrintsTheDocsNames) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  CreateCustomerInput input{"ada@example.com", "Ada Lovelace", {{"plan", "pro"}, {"ref", "a&b"}}};
  Result<CreateCustomerOutput> out = CreateCustomer(&client, input, "my-key-1");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  nlohmann::ordered_json json = ToJson(*out);
  EXPECT_EQ(Keys(json), (std::vector<std::string>{"customerId", "email"}));
  EXPECT_EQ(json["customerId"], "cus_fake1");
  EXPECT_EQ(json["email"], "ada@example.com");
  auto r = server_.RequestsTo("/v1/customers").at(0);
  EXPECT_EQ(r.Form("email"), "ada@example.com");
  EXPECT_EQ(r.Form("name"), "Ada Lovelace");
  EXPECT_EQ(r.Form("metadata[plan]"), "pro");
  EXPECT_EQ(r.Form("metadata[ref]"), "a&b");
  EXPECT_EQ(r.Header("idempotency-key"), "my-key-1");
  EXPECT_TRUE(server_.violations().empty());
}

TEST_F(CapabilitiesTest, CreatePaymentIntent) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  CreatePaymentIntentInput input;
  input.amount = 1999;
  input.customer_id = "cus_123";
  Result<CreatePaymentIntentOutput> out = CreatePaymentIntent(&client, input);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  nlohmann::ordered_json json = ToJson(*out);
  EXPECT_EQ(Keys(json), (std::vector<std::string>{"paymentIntentId", "clientSecret", "status"}));
  EXPECT_EQ(json["paymentIntentId"], "pi_fake1");
  EXPECT_EQ(json["clientSecret"], "pi_fake1_secret_fake1");
  EXPECT_EQ(json["status"], "requires_payment_method");
  auto r = server_.RequestsTo("/v1/payment_intents").at(0);
  EXPECT_EQ(r.Form("amount"), "1999");
  EXPECT_EQ(r.Form("currency"), "usd");
  EXPECT_EQ(r.Form("customer"), "cus_123");
}

TEST_F(CapabilitiesTest, CreateSubscriptionReadsThePeriodEndFromTheItem) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  CreateSubscriptionInput input{"cus_123", "price_abc", 14};
  Result<CreateSubscriptionOutput> out = CreateSubscription(&client, input);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  nlohmann::ordered_json json = ToJson(*out);
  EXPECT_EQ(Keys(json), (std::vector<std::string>{"subscriptionId", "status", "currentPeriodEnd"}));
  EXPECT_EQ(json["subscriptionId"], "sub_fake1");
  EXPECT_EQ(json["status"], "trialing");
  EXPECT_EQ(json["currentPeriodEnd"], 1767225600 + 14 * 86400);
  auto r = server_.RequestsTo("/v1/subscriptions").at(0);
  EXPECT_EQ(r.Form("customer"), "cus_123");
  EXPECT_EQ(r.Form("items[0][price]"), "price_abc");
  EXPECT_EQ(r.Form("trial_period_days"), "14");
}

TEST(CapabilitiesLegacyShape, CreateSubscriptionReadsATopLevelPeriodEnd) {
  FakeStripeServer::Options options;
  options.legacy_subscription_period = true;
  FakeStripeServer server(options);
  FakeSleeper sleeper;
  StripeClient client(OptionsFor(server), &sleeper);
  Result<CreateSubscriptionOutput> out = CreateSubscription(&client, {"cus_1", "price_1", std::nullopt});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, "active");
  EXPECT_EQ(out->current_period_end, 1767225600 + 30 * 86400);
  EXPECT_EQ(server.requests().at(0).Form("trial_period_days"), "");
}

TEST_F(CapabilitiesTest, RetriedCreateMakesOneObject) {
  server_.InjectFault("/v1/payment_intents", ScriptedFault::ProcessThenDrop(), 1);
  server_.InjectFault("/v1/payment_intents", ScriptedFault::Status(503), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  CreatePaymentIntentInput input;
  input.amount = 500;
  Result<CreatePaymentIntentOutput> out = CreatePaymentIntent(&client, input);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(server_.objects_created(), 1);
  auto requests = server_.RequestsTo("/v1/payment_intents");
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].Header("idempotency-key"), requests[2].Header("idempotency-key"));
}

TEST_F(CapabilitiesTest, InvalidInputMakesNoRequest) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  CreatePaymentIntentInput zero;
  zero.amount = 0;
  EXPECT_EQ(CreatePaymentIntent(&client, zero).status().code(), Status::Code::kInvalidArgument);
  CreatePaymentIntentInput bad_currency;
  bad_currency.amount = 100;
  bad_currency.currency = "dollars";
  EXPECT_EQ(CreatePaymentIntent(&client, bad_currency).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CreateCustomer(&client, {"not-an-email", "", {}}).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CreateSubscription(&client, {"cus 1", "price_1", std::nullopt}).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(CreateSubscription(&client, {"cus_1", "price_1", 0}).status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(CapabilitiesTest, StripeRejectionSurfacesAsStripesMessage) {
  ScriptedFault declined = ScriptedFault::Status(402);
  declined.error_type = "card_error";
  declined.error_message = "Your card was declined.";
  server_.InjectFault("/v1/payment_intents", declined, 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  CreatePaymentIntentInput input;
  input.amount = 100;
  Result<CreatePaymentIntentOutput> out = CreatePaymentIntent(&client, input);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), ::testing::HasSubstr("card_error"));
  EXPECT_THAT(out.status().message(), ::testing::HasSubstr("Your card was declined."));
  EXPECT_EQ(server_.requests().size(), 1u);  // 402 is not retried
}

TEST(CapabilityArguments, Amount) {
  EXPECT_EQ(*ParseAmountCents("1999"), 1999);
  EXPECT_EQ(*ParseAmountCents("99999999"), 99999999);
  for (const char* bad : {"", "0", "-5", "19.99", "1e3", "100000000", "012", " 5", "5 ", "abc"}) {
    EXPECT_FALSE(ParseAmountCents(bad).ok()) << bad;
  }
}

TEST(CapabilityArguments, Currency) {
  EXPECT_EQ(*ParseCurrency("usd"), "usd");
  EXPECT_EQ(*ParseCurrency("EUR"), "eur");
  for (const char* bad : {"", "us", "usdd", "u$d", "12a"}) EXPECT_FALSE(ParseCurrency(bad).ok()) << bad;
}

TEST(CapabilityArguments, MetadataAndTrialDays) {
  auto pair = ParseMetadataPair("order=42=x");
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->first, "order");
  EXPECT_EQ(pair->second, "42=x");
  EXPECT_FALSE(ParseMetadataPair("novalue").ok());
  EXPECT_FALSE(ParseMetadataPair("=x").ok());
  EXPECT_FALSE(ParseMetadataPair("a[b]=x").ok());
  EXPECT_EQ(*ParseTrialDays("14"), 14);
  EXPECT_FALSE(ParseTrialDays("0").ok());
  EXPECT_FALSE(ParseTrialDays("731").ok());
  EXPECT_FALSE(ParseTrialDays("1.5").ok());
}

}  // namespace
}  // namespace subledger
