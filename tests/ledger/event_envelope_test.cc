// ExtractEnvelope: the request path's one pass. What a body must contain, and
// every way it can be wrong.
#include "ledger/event_envelope.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

TEST(EventEnvelopeTest, ExtractsTheFieldsTheLogNeeds) {
  auto env = ExtractEnvelope(R"({"id":"evt_1","object":"event","api_version":"2025-03-31.basil","created":1700000000,
    "data":{"object":{"id":"sub_9","object":"subscription","items":{"data":[]}}},"livemode":true,
    "type":"customer.subscription.updated"})");
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(env->id, "evt_1");
  EXPECT_EQ(env->type, "customer.subscription.updated");
  EXPECT_EQ(env->created, 1700000000);
  EXPECT_EQ(env->object_id, "sub_9");
  EXPECT_EQ(env->object_type, "subscription");
  EXPECT_TRUE(env->livemode);
  EXPECT_EQ(env->api_version, "2025-03-31.basil");
}

TEST(EventEnvelopeTest, OptionalFieldsDefault) {
  auto env = ExtractEnvelope(R"({"id":"evt_1","type":"x.y","created":1,"api_version":null})");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->object_id, "");
  EXPECT_EQ(env->object_type, "");
  EXPECT_FALSE(env->livemode);
  EXPECT_EQ(env->api_version, "");
}

TEST(EventEnvelopeTest, RejectsBodiesWithoutAValidEnvelope) {
  for (const char* bad : {
           R"([])", R"("evt")", R"({})", R"({"type":"a","created":1})", R"({"id":"e","created":1})",
           R"({"id":"e","type":"a"})", R"({"id":1,"type":"a","created":1})", R"({"id":"e","type":null,"created":1})",
           R"({"id":"e","type":"a","created":"1"})", R"({"id":"e","type":"a","created":1.5})",
           R"({"id":"e","type":"a","created":1e9})", R"({"id":"","type":"a","created":1})",
           R"({"id":"e","type":"a","created":-5})", R"({"id":"e","id":"f","type":"a","created":1})",
           R"({"id":"e","type":"a","created":1,"data":{"object":{"amount":99999999999999999999}}})",
           R"({"id":"e","type":"a","created":1} trailing)"}) {
    auto env = ExtractEnvelope(bad);
    EXPECT_FALSE(env.ok()) << bad;
    EXPECT_EQ(env.status().code(), Status::Code::kInvalidArgument) << bad;
  }
}

TEST(EventEnvelopeTest, DataObjectThatIsNotAnObjectIsTolerated) {
  auto env = ExtractEnvelope(R"({"id":"e","type":"a","created":1,"data":{"object":"sub_1"}})");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->object_id, "");
}

}  // namespace
}  // namespace subledger
