// The ingest benchmark's body generator (tools/bench): the Stripe mix meets
// issue 11's targets (type shares, sizes) for several seeds, is deterministic
// per seed, every body is a valid Stripe event the log's door accepts, ids are
// unique, and the small pre-issue-11 bodies are still available.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "ledger/event_envelope.h"
#include "tools/bench/body_stats.h"
#include "tools/bench/webhook_event_generator.h"

namespace subledger::bench {
namespace {

constexpr int64_t kNow = 1780000000;

GeneratorOptions Options(uint64_t seed, BodyKind bodies = BodyKind::kStripe) {
  GeneratorOptions o;
  o.secret = "whsec_test";
  o.run_tag = "testrun0";
  o.seed = seed;
  o.bodies = bodies;
  return o;
}

TEST(WebhookEventGenerator, StripeMixMeetsTheTargetsForSeveralSeeds) {
  for (uint64_t seed : {1, 12345}) {
    WebhookEventGenerator gen(Options(seed));
    std::string body;
    for (int i = 0; i < 50000; ++i) gen.NextBody(kNow, &body);
    const std::vector<std::string> failures = CheckStripeTargets(gen.stats());
    EXPECT_TRUE(failures.empty()) << "seed " << seed << ": " << ::testing::PrintToString(failures);
  }
}

TEST(WebhookEventGenerator, SameSeedSameBodiesOtherSeedOtherBodies) {
  WebhookEventGenerator a(Options(3)), b(Options(3)), c(Options(4));
  std::string x, y, z;
  int differ = 0;
  for (int i = 0; i < 500; ++i) {
    a.NextBody(kNow, &x);
    b.NextBody(kNow, &y);
    c.NextBody(kNow, &z);
    ASSERT_EQ(x, y) << "event " << i;
    differ += x != z;
  }
  EXPECT_GT(differ, 400);
}

TEST(WebhookEventGenerator, BodiesAreStripeEventsWithUniqueIdsCreatedNow) {
  WebhookEventGenerator gen(Options(1));
  std::set<std::string> ids;
  std::set<std::string> customers;
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    const uint64_t serial = gen.NextBody(kNow, &body);
    auto env = ExtractEnvelope(body);
    ASSERT_TRUE(env.ok()) << env.status().ToString() << "\n" << body;
    EXPECT_EQ(env->id, gen.EventId(serial));
    EXPECT_EQ(env->created, kNow);
    EXPECT_TRUE(env->livemode);
    EXPECT_EQ(env->api_version, "2025-06-30.basil");
    EXPECT_FALSE(env->object_id.empty());
    EXPECT_NE(body.find("\n  \"object\": \"event\",\n"), std::string::npos) << "not indented like Stripe's";
    ids.insert(env->id);
    const size_t cus = body.find("\"cus_");
    if (cus != std::string::npos) customers.insert(body.substr(cus, 19));
  }
  EXPECT_EQ(ids.size(), 3000u);
  EXPECT_GT(customers.size(), 2500u);  // drawn from 20,000
}

TEST(WebhookEventGenerator, SmallBodiesAreTheOldThree) {
  WebhookEventGenerator gen(Options(1, BodyKind::kSmall));
  std::string body;
  std::set<size_t> sizes;
  for (int i = 0; i < 300; ++i) {
    gen.NextBody(kNow, &body);
    ASSERT_TRUE(ExtractEnvelope(body).ok()) << body;
    sizes.insert(body.size());
  }
  EXPECT_EQ(sizes, (std::set<size_t>{2300, 3200, 3900}));
}

TEST(WebhookEventGenerator, RequestsAreSignedLikeStripe) {
  WebhookEventGenerator gen(Options(1));
  std::string request;
  gen.NextRequest("127.0.0.1:8080", "/webhooks/stripe", kNow, &request);
  EXPECT_EQ(request.rfind("POST /webhooks/stripe HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(request.find("\r\nStripe-Signature: t=1780000000,v1="), std::string::npos);
  const size_t body = request.find("\r\n\r\n") + 4;
  EXPECT_NE(request.find("Content-Length: " + std::to_string(request.size() - body) + "\r\n"), std::string::npos);
}

}  // namespace
}  // namespace subledger::bench
