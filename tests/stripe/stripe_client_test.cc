// StripeClient against the local fake Stripe API: what it sends, when it
// retries, how failures read, and that the secret key never leaks.
#include "stripe/stripe_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stripe/stripe_error.h"
#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::OptionsFor;
using testing::ScriptedFault;
using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::ordered_json Event(const std::string& id, int64_t created) {
  return {{"id", id}, {"object", "event"}, {"created", created}, {"type", "invoice.paid"},
          {"data", {{"object", {{"id", "in_1"}, {"object", "invoice"}}}}}};
}

class StripeClientTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.AddEvents({Event("evt_1", 100), Event("evt_2", 200)}); }
  FakeStripeServer server_;
  FakeSleeper sleeper_;
};

TEST_F(StripeClientTest, SendsAuthVersionAndIdempotencyHeaders) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(client.Get("/v1/events", {{"limit", "1"}}).ok());
  ASSERT_TRUE(client.Post("/v1/customers", {{"email", "a@example.com"}}, "key-1").ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.Header("authorization"), std::string("Bearer ") + FakeStripeServer::kSecretKey);
    EXPECT_EQ(r.Header("stripe-version"), kPinnedStripeVersion);
  }
  EXPECT_EQ(requests[0].Header("idempotency-key"), "");
  EXPECT_EQ(requests[1].Header("idempotency-key"), "key-1");
  EXPECT_EQ(requests[1].Header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(requests[1].Form("email"), "a@example.com");
  EXPECT_THAT(server_.violations(), ::testing::IsEmpty());
}

TEST_F(StripeClientTest, GeneratesAFreshIdempotencyKeyPerCall) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(client.Post("/v1/customers", {{"email", "a@example.com"}}).ok());
  ASSERT_TRUE(client.Post("/v1/customers", {{"email", "a@example.com"}}).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_THAT(requests[0].Header("idempotency-key"), ::testing::StartsWith("subledger-"));
  EXPECT_EQ(requests[0].Header("idempotency-key").size(), 10u + 32u);
  EXPECT_NE(requests[0].Header("idempotency-key"), requests[1].Header("idempotency-key"));
  EXPECT_EQ(server_.objects_created(), 2);
}

TEST_F(StripeClientTest, ReusesOneConnectionForManyRequests) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client.Get("/v1/events", {{"limit", "1"}}).ok());
  EXPECT_EQ(server_.connections_accepted(), 1);
}

TEST_F(StripeClientTest, RateLimitedRequestIsRetriedWithBackoff) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(429), 2);
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events", {{"limit", "1"}});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 3u);
  auto sleeps = sleeper_.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_GE(sleeps[0].count(), 250);
  EXPECT_LE(sleeps[0].count(), 500);
  EXPECT_GE(sleeps[1].count(), 500);
  EXPECT_LE(sleeps[1].count(), 1000);
  EXPECT_EQ(client.stats().retries, 2u);
}

TEST_F(StripeClientTest, ServerErrorsAreRetriedThenSucceed) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(500), 1);
  server_.InjectFault("/v1/events", ScriptedFault::Status(503), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(client.Get("/v1/events").ok());
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 3u);
}

TEST_F(StripeClientTest, StripeShouldRetryFalseStopsAtOnce) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(500, {{"Stripe-Should-Retry", "false"}}), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 1u);
  EXPECT_TRUE(sleeper_.sleeps().empty());
}

TEST_F(StripeClientTest, StripeShouldRetryTrueRetriesAConflict) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(409, {{"Stripe-Should-Retry", "true"}}), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(client.Get("/v1/events").ok());
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 2u);
}

TEST_F(StripeClientTest, BadRequestIsNotRetried) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events", {{"limit", "500"}});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 1u);
  EXPECT_TRUE(sleeper_.sleeps().empty());
}

TEST_F(StripeClientTest, RetryAfterIsHonoured) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(429, {{"Retry-After", "7"}}), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  ASSERT_TRUE(client.Get("/v1/events").ok());
  ASSERT_EQ(sleeper_.sleeps().size(), 1u);
  EXPECT_EQ(sleeper_.sleeps()[0].count(), 7000);
}

TEST_F(StripeClientTest, GivesUpAfterMaxAttemptsWithStripesMessage) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(500), -1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), Status::Code::kUnavailable);
  EXPECT_THAT(list.status().message(), HasSubstr("failed after 4 attempts"));
  EXPECT_THAT(list.status().message(), HasSubstr("Stripe api_error (HTTP 500"));
  EXPECT_THAT(list.status().message(), HasSubstr("An unknown error occurred"));
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 4u);
}

TEST_F(StripeClientTest, ConnectionDroppedMidResponseIsRetried) {
  server_.InjectFault("/v1/events", ScriptedFault::DropMidResponse(), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events", {{"limit", "2"}});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ((*list)["data"].size(), 2u);
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 2u);
  EXPECT_EQ(client.stats().transport_errors, 1u);
  EXPECT_EQ(server_.connections_accepted(), 2);
}

TEST_F(StripeClientTest, SameIdempotencyKeyOnEveryRetrySoOneObjectIsCreated) {
  // The first attempt creates the customer, then the connection drops before
  // the response; 429 and 500 follow. The retries must replay the same key.
  server_.InjectFault("/v1/customers", ScriptedFault::ProcessThenDrop(), 1);
  server_.InjectFault("/v1/customers", ScriptedFault::Status(429), 1);
  server_.InjectFault("/v1/customers", ScriptedFault::Status(500), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> customer = client.Post("/v1/customers", {{"email", "a@example.com"}});
  ASSERT_TRUE(customer.ok()) << customer.status().ToString();
  auto requests = server_.RequestsTo("/v1/customers");
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& r : requests) EXPECT_EQ(r.Header("idempotency-key"), requests[0].Header("idempotency-key"));
  EXPECT_EQ(server_.objects_created(), 1);
  EXPECT_EQ((*customer)["id"], "cus_fake1");
}

TEST_F(StripeClientTest, StripeErrorMessageAndTypeReachTheCaller) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  Result<nlohmann::ordered_json> sub = client.Get("/v1/subscriptions/sub_missing");
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(sub.status().message(), HasSubstr("No such subscription: 'sub_missing'"));
  EXPECT_THAT(sub.status().message(), HasSubstr("invalid_request_error"));
  EXPECT_THAT(sub.status().message(), HasSubstr("resource_missing"));
  EXPECT_THAT(sub.status().message(), HasSubstr("request req_fake_"));
}

TEST_F(StripeClientTest, WrongKeyIsUnauthenticatedAndNoKeyLeaks) {
  StripeClientOptions options = OptionsFor(server_);
  options.secret_key = "sk_test_wrongwrongwrongwrong1234";
  StripeClient client(options, &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), Status::Code::kUnauthenticated);
  EXPECT_THAT(list.status().message(), HasSubstr("Invalid API Key provided"));
  EXPECT_THAT(list.status().ToString(), Not(HasSubstr("sk_test_wrongwrongwrongwrong1234")));
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(StripeClientTest, UnreachableServerReadsAsWordsNotACurlCode) {
  uint16_t port;
  {
    FakeStripeServer gone;
    port = gone.port();
  }
  StripeClientOptions options = OptionsFor(server_);
  options.api_base = "http://127.0.0.1:" + std::to_string(port);
  options.retry.max_attempts = 2;
  StripeClient client(options, &sleeper_);
  Result<nlohmann::ordered_json> list = client.Get("/v1/events");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), Status::Code::kUnavailable);
  EXPECT_THAT(list.status().message(),
              HasSubstr("could not reach Stripe at 127.0.0.1:" + std::to_string(port) + ": Couldn't connect to server"));
  EXPECT_THAT(list.status().message(), Not(HasSubstr(FakeStripeServer::kSecretKey)));
  EXPECT_THAT(list.status().message(), Not(::testing::ContainsRegex("curl|code [0-9]")));
  EXPECT_EQ(sleeper_.sleeps().size(), 1u);  // network errors are retried
}

TEST_F(StripeClientTest, RetryObserverNeverSeesTheKey) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(429), 1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  std::vector<RetryNotice> notices;
  client.SetRetryObserver([&](const RetryNotice& n) { notices.push_back(n); });
  ASSERT_TRUE(client.Get("/v1/events").ok());
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].attempt, 1);
  EXPECT_THAT(notices[0].reason, HasSubstr("HTTP 429"));
  EXPECT_THAT(notices[0].reason, Not(HasSubstr(FakeStripeServer::kSecretKey)));
}

TEST_F(StripeClientTest, AbortCheckStopsBeforeTheNextAttempt) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(500), -1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  int checks = 0;
  client.SetAbortCheck([&] { return !sleeper_.sleeps().empty() && ++checks > 0; });
  Result<nlohmann::ordered_json> list = client.Get("/v1/events");
  ASSERT_FALSE(list.ok());
  EXPECT_THAT(list.status().message(), HasSubstr("aborted"));
  EXPECT_EQ(server_.RequestsTo("/v1/events").size(), 1u);
}

TEST(StripeError, RedactsTheKeyAndAnythingShapedLikeAKey) {
  EXPECT_EQ(RedactSecret("key sk_custom_value here", "sk_custom_value"), "key sk_…redacted here");
  EXPECT_EQ(RedactSecret("bad sk_live_abcdefgh12345678", ""), "bad sk_…redacted");
  EXPECT_EQ(RedactSecret("masked sk_test_****1234 stays", ""), "masked sk_test_****1234 stays");
  Status s = StripeErrorToStatus(ParseStripeError(400, R"({"error":{"type":"invalid_request_error",)"
                                                       R"("message":"echo sk_test_abcdefghijkl"}})", ""),
                                 "sk_test_abcdefghijkl");
  EXPECT_THAT(s.message(), Not(HasSubstr("abcdefghijkl")));
}

TEST(StripeError, NonJsonErrorBodyStillReads) {
  StripeErrorInfo info = ParseStripeError(502, "<html>Bad gateway</html>", "");
  EXPECT_EQ(info.type, "api_error");
  EXPECT_EQ(info.message, "HTTP 502 with a non-JSON body");
  EXPECT_EQ(StripeErrorToStatus(info, "").code(), Status::Code::kUnavailable);
}

TEST(StripeError, CardErrorKeepsDeclineCode) {
  Status s = StripeErrorToStatus(
      ParseStripeError(402, R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}})", "req_9"),
      "");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "Stripe card_error (HTTP 402, code card_declined, decline_code insufficient_funds, request req_9): "
            "Your card has insufficient funds.");
}

TEST(StripeError, HostOfDropsSchemePathAndUserinfo) {
  EXPECT_EQ(HostOf("https://api.stripe.com"), "api.stripe.com");
  EXPECT_EQ(HostOf("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
  EXPECT_EQ(HostOf("https://user:pw@host"), "host");
}

TEST(FormEncode, EncodesBracketsAndReservedCharacters) {
  EXPECT_EQ(FormEncode({{"metadata[a b]", "x&y=z"}, {"types[]", "invoice.paid"}}),
            "metadata%5Ba%20b%5D=x%26y%3Dz&types%5B%5D=invoice.paid");
}

TEST(IdempotencyKey, Validation) {
  EXPECT_TRUE(ValidateIdempotencyKey("order-42").ok());
  EXPECT_FALSE(ValidateIdempotencyKey("").ok());
  EXPECT_FALSE(ValidateIdempotencyKey("has space").ok());
  EXPECT_FALSE(ValidateIdempotencyKey(std::string(256, 'a')).ok());
}

}  // namespace
}  // namespace subledger
