// The daemon's contract around a single event's life and the process's:
// duplicates, keep-alive, graceful shutdown and restart, secret rotation,
// refusing to run without a secret, and what it logs.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"

namespace subledger::testing {
namespace {

class DaemonLifecycleTest : public DaemonTest {};

TEST_F(DaemonLifecycleTest, RedeliveryOfAKnownIdAnswersDuplicateAndWritesNothing) {
  StartDaemon();
  HttpClient client = Client();
  const std::string body = SyntheticEvent("evt_dup_1", NowUnixSeconds());
  HttpResponse first = PostSigned(client, body);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(nlohmann::json::parse(first.body), nlohmann::json({{"received", true}})) << first.body;
  // Stripe re-signs every attempt: new timestamp, same id. Also a different body.
  HttpResponse again = PostSigned(client, body, kSecret, NowUnixSeconds() - 5);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(nlohmann::json::parse(again.body), nlohmann::json({{"received", true}, {"duplicate", true}}))
      << again.body;
  HttpResponse changed = PostSigned(client, SyntheticEvent("evt_dup_1", NowUnixSeconds(), "invoice.paid"));
  EXPECT_TRUE(IsDuplicateAck(changed)) << changed.body;
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_TRUE(exported[0].body == body) << "the first delivery's body is kept";
}

TEST_F(DaemonLifecycleTest, OneKeepAliveConnectionCarriesManyRequests) {
  StartDaemon();
  HttpClient client = Client();
  for (int i = 0; i < 200; ++i) {
    HttpResponse r = PostSigned(client, SyntheticEvent("evt_ka_" + std::to_string(i), NowUnixSeconds()));
    ASSERT_TRUE(IsFreshAck(r)) << i << ": " << r.status << " " << r.error << r.body;
  }
  EXPECT_EQ(client.Get("/healthz").status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(Export().size(), 200u);
}

TEST_F(DaemonLifecycleTest, SigtermExitsZeroAndARestartSeesEveryEvent) {
  StartDaemon();
  std::vector<std::string> bodies;
  HttpClient client = Client();
  for (int i = 0; i < 50; ++i) {
    bodies.push_back(SyntheticEvent("evt_restart_" + std::to_string(i), NowUnixSeconds()));
    ASSERT_TRUE(IsFreshAck(PostSigned(client, bodies.back())));
  }
  EXPECT_EQ(daemon().Terminate(30), 0);

  StartDaemon();
  ExpectDaemonAnswers();
  HttpClient again = Client();
  for (const auto& body : bodies) {
    HttpResponse r = PostSigned(again, body);
    EXPECT_TRUE(IsDuplicateAck(r)) << r.status << " " << r.body;
  }
  ASSERT_TRUE(IsFreshAck(PostSigned(again, SyntheticEvent("evt_restart_new", NowUnixSeconds()))));
  EXPECT_EQ(daemon().Terminate(30), 0);

  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), 51u);
  for (size_t i = 0; i < bodies.size(); ++i) EXPECT_TRUE(exported[i].body == bodies[i]) << i;
  EXPECT_EQ(exported.back().id, "evt_restart_new");
  ExpectVerifyPasses();
}

TEST_F(DaemonLifecycleTest, EitherOfTwoRotatedSecretsIsAccepted) {
  const std::string old_secret = "whsec_rotation_old_AAAAAAAAAAAAAAAAAAAA";
  const std::string new_secret = "whsec_rotation_new_BBBBBBBBBBBBBBBBBBBB";
  StartDaemon({}, {old_secret, new_secret});
  HttpClient client = Client();
  const int64_t now = NowUnixSeconds();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_rot_old", now), old_secret)));
  EXPECT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_rot_new", now), new_secret)));
  HttpResponse other = PostSigned(client, SyntheticEvent("evt_rot_other", now), "whsec_rotation_other_CCCC");
  EXPECT_EQ(other.status, 400);
  // During a roll Stripe sends one v1 per secret; any match passes.
  const std::string body = SyntheticEvent("evt_rot_both", now);
  std::string by_other = SignStripe("whsec_rotation_other_CCCC", body, now);
  std::string by_new = SignStripe(new_secret, body, now);
  HttpResponse both = PostWithSignature(client, body, by_other + "," + by_new.substr(by_new.find("v1=")));
  EXPECT_TRUE(IsFreshAck(both)) << both.status << " " << both.body;
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), 3u);
  EXPECT_EQ(exported[0].id, "evt_rot_old");
  EXPECT_EQ(exported[1].id, "evt_rot_new");
  EXPECT_EQ(exported[2].id, "evt_rot_both");
}

TEST_F(DaemonLifecycleTest, RefusesToStartWithoutASecret) {
  DaemonProcess d({.data_dir = data_dir(), .secrets = {}, .extra_args = {}, .env = {}, .start_timeout_seconds = 30});
  ASSERT_EQ(d.Spawn(), "");
  int code = d.WaitForExit(30);
  EXPECT_NE(code, 0) << "subledgerd must exit non-zero without STRIPE_WEBHOOK_SECRET";
  EXPECT_NE(code, -1) << "subledgerd kept running without a secret";
  EXPECT_FALSE(std::filesystem::exists(d.port_file())) << "it must not listen without a secret";
  EXPECT_NE(d.Stderr().find("STRIPE_WEBHOOK_SECRET"), std::string::npos)
      << "the error should name the missing setting: " << d.Stderr();
}

TEST_F(DaemonLifecycleTest, InsecureSkipSignatureAcceptsUnsignedEventsAndSaysSoAtEveryStart) {
  for (int start = 0; start < 2; ++start) {
    StartDaemon({"--insecure-skip-signature"}, {});
    HttpClient client = Client();
    HttpResponse r = PostWithSignature(client, SyntheticEvent("evt_insecure_" + std::to_string(start), 1700000000), "");
    EXPECT_TRUE(IsFreshAck(r)) << r.status << " " << r.body;
    // Envelope validation still applies.
    EXPECT_EQ(PostWithSignature(client, "{\"id\":\"evt_x\"}", "").status, 400);
    EXPECT_EQ(daemon().Terminate(30), 0);
  }
  // One warning per start, naming the flag.
  std::string log = daemon().Stderr();
  size_t mentions = 0;
  for (size_t p = log.find("insecure"); p != std::string::npos; p = log.find("insecure", p + 1)) ++mentions;
  EXPECT_GE(mentions, 2u) << log;
  EXPECT_EQ(Export().size(), 2u);
}

TEST_F(DaemonLifecycleTest, LogsAreJsonLinesWithoutSecretsOrPayloads) {
  StartDaemon();
  HttpClient client = Client();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_log_" + std::to_string(i), NowUnixSeconds()))));
  }
  EXPECT_EQ(PostSigned(client, SyntheticEvent("evt_log_bad", NowUnixSeconds()), "whsec_wrong").status, 400);
  EXPECT_EQ(PostWithSignature(client, "{not json", SignStripe(kSecret, "{not json", NowUnixSeconds())).status, 400);
  EXPECT_EQ(daemon().Terminate(30), 0);

  const std::string log = daemon().Stderr();
  std::istringstream in(log);
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++lines;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(j.is_object()) << "not a JSON object log line: " << line;
  }
  EXPECT_GT(lines, 0u);
  EXPECT_EQ(log.find(kSecret), std::string::npos) << "the webhook secret leaked into the log";
  EXPECT_EQ(log.find(std::string(kSecret).substr(6)), std::string::npos) << "the secret leaked into the log";
  // Payload contents never appear (this customer id is only inside bodies).
  EXPECT_EQ(log.find("cus_Q1w2e3r4t5y6u7"), std::string::npos) << "a payload leaked into the log";
  EXPECT_EQ(log.find("idempotency_key"), std::string::npos) << "a payload leaked into the log";
  // Accepted events are logged by id.
  EXPECT_NE(log.find("evt_log_3"), std::string::npos) << "accepted events should be logged with their id";
}

TEST_F(DaemonLifecycleTest, ReadyzIsServedOnTheAdminListenerOnly) {
  StartDaemon();
  HttpClient admin = AdminClient();
  EXPECT_EQ(admin.Get("/readyz").status, 200);
  HttpClient pub = Client();
  EXPECT_EQ(pub.Get("/readyz").status, 404);
  EXPECT_EQ(pub.Get("/healthz").status, 200);
  // The admin listener does not take webhooks.
  const std::string body = SyntheticEvent("evt_admin_1", NowUnixSeconds());
  HttpResponse r = PostSigned(admin, body);
  EXPECT_TRUE(r.status == 404 || r.status == 405) << r.status;
  EXPECT_TRUE(Export().empty());
}

}  // namespace
}  // namespace subledger::testing
