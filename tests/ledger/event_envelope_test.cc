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

TEST(EventEnvelopeTest, EscapedKeysAreTheSameKeys) {
  // Every standard JSON parser reads "\u0069d" as "id".
  auto env = ExtractEnvelope(R"({"\u0069d":"evt_esc","typ\u0065":"a.b","cr\u0065ated":1700000000,)"
                             R"("\u006civemode":true,"\u0061ccount":"acct_1","data":{"\u006fbject":)"
                             R"({"\u0069d":"sub_1","obj\u0065ct":"subscription"}}})");
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(env->id, "evt_esc");
  EXPECT_EQ(env->type, "a.b");
  EXPECT_EQ(env->created, 1700000000);
  EXPECT_TRUE(env->livemode);
  EXPECT_EQ(env->account, "acct_1");
  EXPECT_EQ(env->object_id, "sub_1");
  EXPECT_EQ(env->object_type, "subscription");
}

TEST(EventEnvelopeTest, DuplicateKeysAnEnvelopeReaderCouldReadTwoWaysAreRejected) {
  // Stored under evt_A, read as evt_B by every other parser: refused.
  for (const char* bad : {
           R"({"id":"evt_A","\u0069d":"evt_B","type":"a","created":1700000000})",
           R"({"id":"evt_A","type":"a","\u0074ype":"b","created":1700000000})",
           R"({"id":"evt_A","type":"a","created":1700000000,"cr\u0065ated":1800000000})",
           R"({"id":"evt_A","type":"a","created":1700000000,"account":"acct_1","account":"acct_2"})",
           R"({"id":"evt_A","type":"a","created":1700000000,"livemode":false,"livemod\u0065":true})",
           R"({"id":"evt_A","type":"a","created":1700000000,"data":{},"d\u0061ta":{}})",
           R"({"id":"evt_A","type":"a","created":1700000000,"request":null,"request":null})",
           R"({"id":"evt_A","type":"a","created":1700000000,"data":{"object":{},"\u006fbject":{}}})",
           R"({"id":"evt_A","type":"a","created":1700000000,"data":{"object":{"id":"s1","\u0069d":"s2"}}})",
           R"({"id":"evt_A","type":"a","created":1700000000,"data":{"object":{"object":"x","object":"y"}}})"}) {
    auto env = ExtractEnvelope(bad);
    ASSERT_FALSE(env.ok()) << bad;
    EXPECT_EQ(env.status().code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_NE(env.status().message().find("duplicate key"), std::string::npos) << env.status().message();
  }
  // Deeper inside data.object a duplicate is valid JSON, left to its readers.
  EXPECT_TRUE(ExtractEnvelope(R"({"id":"evt_A","type":"a","created":1700000000,)"
                              R"("data":{"object":{"id":"s1","status":"active","st\u0061tus":"canceled"}}})")
                  .ok());
}

TEST(EventEnvelopeTest, TheAccountIsTheBook) {
  auto connect = ExtractEnvelope(R"({"id":"e","type":"a","created":1700000000,"account":"acct_1Nv0"})");
  ASSERT_TRUE(connect.ok());
  EXPECT_EQ(connect->account, "acct_1Nv0");
  for (const char* platform : {R"({"id":"e","type":"a","created":1700000000})",
                               R"({"id":"e","type":"a","created":1700000000,"account":null})",
                               R"({"id":"e","type":"a","created":1700000000,"account":""})"}) {
    auto env = ExtractEnvelope(platform);
    ASSERT_TRUE(env.ok()) << platform;
    EXPECT_EQ(env->account, "") << platform;
  }
  for (const char* bad : {R"({"id":"e","type":"a","created":1700000000,"account":5})",
                          R"({"id":"e","type":"a","created":1700000000,"account":{"id":"acct_1"}})"}) {
    EXPECT_FALSE(ExtractEnvelope(bad).ok()) << bad;
  }
  EXPECT_FALSE(ExtractEnvelope(R"({"id":"e","type":"a","created":1700000000,"account":")" +
                               std::string(256, 'a') + "\"}")
                   .ok());
  EXPECT_EQ(AccountOfBody(R"({"account":"acct_2","id":"e"})"), "acct_2");
  EXPECT_EQ(AccountOfBody(R"({"account":7})"), "");
  EXPECT_EQ(AccountOfBody("[]"), "");
}

TEST(EventEnvelopeTest, DataObjectThatIsNotAnObjectIsTolerated) {
  auto env = ExtractEnvelope(R"({"id":"e","type":"a","created":1,"data":{"object":"sub_1"}})");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->object_id, "");
}

}  // namespace
}  // namespace subledger
