// http_status: the one mapping from outcomes to HTTP status codes and JSON
// error bodies.
#include "ingest/http_status.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace subledger {
namespace {

using C = Status::Code;

TEST(HttpStatusTest, EveryStatusCodeMapsAsDocumented) {
  const std::pair<C, int> expected[] = {
      {C::kOk, 200},           {C::kInvalidArgument, 400}, {C::kStale, 400},
      {C::kUnauthenticated, 401}, {C::kNotFound, 404},      {C::kAlreadyExists, 409},
      {C::kTooLarge, 413},     {C::kCorruption, 500},      {C::kInternal, 500},
      {C::kIOError, 503},      {C::kBusy, 503},            {C::kUnavailable, 503},
  };
  for (const auto& [code, http] : expected) {
    EXPECT_EQ(HttpStatusFor(code), http) << Status::CodeName(code);
  }
}

TEST(HttpStatusTest, EveryWebhookOutcomeMapsAsDocumented) {
  const std::pair<WebhookOutcome, int> expected[] = {
      {WebhookOutcome::kAccepted, 200},       {WebhookOutcome::kDuplicate, 200},
      {WebhookOutcome::kBadSignature, 400},   {WebhookOutcome::kStaleTimestamp, 400},
      {WebhookOutcome::kMalformed, 400},      {WebhookOutcome::kTooLarge, 413},
      {WebhookOutcome::kStorageError, 503},
  };
  for (const auto& [outcome, http] : expected) {
    EXPECT_EQ(HttpStatusFor(outcome), http) << WebhookOutcomeName(outcome);
    EXPECT_EQ(ReplyForWebhook(outcome, "why").status, http);
  }
  EXPECT_EQ(std::size(expected), std::size(kAllWebhookOutcomes));
}

TEST(HttpStatusTest, WebhookSuccessBodiesAreStripeStyleAcks) {
  EXPECT_EQ(ReplyForWebhook(WebhookOutcome::kAccepted, "").body, R"({"received":true})");
  EXPECT_EQ(ReplyForWebhook(WebhookOutcome::kDuplicate, "").body,
            R"({"received":true,"duplicate":true})");
}

TEST(HttpStatusTest, WebhookErrorBodiesAreJsonWithTypeAndMessage) {
  const std::pair<WebhookOutcome, const char*> types[] = {
      {WebhookOutcome::kBadSignature, "signature_verification_failed"},
      {WebhookOutcome::kStaleTimestamp, "signature_timestamp_out_of_tolerance"},
      {WebhookOutcome::kMalformed, "invalid_request"},
      {WebhookOutcome::kTooLarge, "payload_too_large"},
      {WebhookOutcome::kStorageError, "service_unavailable"},
  };
  for (const auto& [outcome, type] : types) {
    const HttpReply reply = ReplyForWebhook(outcome, "detail \"quoted\"\n");
    const auto json = nlohmann::json::parse(reply.body);
    EXPECT_EQ(json["error"]["type"], type);
    EXPECT_EQ(json["error"]["message"], "detail \"quoted\"\n");
    EXPECT_EQ(reply.content_type, "application/json");
  }
}

TEST(HttpStatusTest, ReplyForStatusCarriesTheMessage) {
  const HttpReply ok = ReplyForStatus(Status::Ok(), R"({"x":1})");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"x":1})");
  const HttpReply missing = ReplyForStatus(Status::NotFound("subscription sub_1"));
  EXPECT_EQ(missing.status, 404);
  const auto json = nlohmann::json::parse(missing.body);
  EXPECT_EQ(json["error"]["type"], "not_found");
  EXPECT_EQ(json["error"]["message"], "subscription sub_1");
  EXPECT_EQ(ReplyForResult(Result<std::string>(std::string("[1]"))).body, "[1]");
  EXPECT_EQ(ReplyForResult(Result<std::string>(Status::InvalidArgument("bad from"))).status, 400);
}

TEST(HttpStatusTest, ProtocolRepliesAreJson) {
  const HttpReply not_found = NotFoundReply("/nope");
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(nlohmann::json::parse(not_found.body)["error"]["type"], "not_found");
  const HttpReply method = MethodNotAllowedReply("GET", "/webhooks/stripe", "POST");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.allow, "POST");
  EXPECT_EQ(nlohmann::json::parse(method.body)["error"]["type"], "method_not_allowed");
  EXPECT_EQ(HeaderTooLargeReply().status, 431);
  EXPECT_EQ(BadHttpRequestReply("bad method").status, 400);
  EXPECT_EQ(ServiceUnavailableReply("closing").status, 503);
  for (const HttpReply& r : {HeaderTooLargeReply(), BadHttpRequestReply("x"),
                             ServiceUnavailableReply("y")}) {
    EXPECT_TRUE(nlohmann::json::parse(r.body)["error"].contains("message"));
  }
}

TEST(HttpStatusTest, ReasonPhrases) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(413), "Payload Too Large");
  EXPECT_EQ(ReasonPhrase(503), "Service Unavailable");
  EXPECT_EQ(ReasonPhrase(418), "Client Error");
}

}  // namespace
}  // namespace subledger
