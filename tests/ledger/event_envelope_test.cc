// ExtractEnvelope: the request path's one pass. What a body must contain, and
// every way it can be wrong.
#include "ledger/event_envelope.h"

#include <string>
#include <vector>

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

// The whole body must be valid JSON, not only the envelope's part of it;
// each case is a valid envelope with one member added.
TEST(EventEnvelopeTest, TheWholeBodyIsValidatedAsJson) {
  struct Case {
    const char* name;
    std::string member;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"invalid UTF-8 byte", "\"x\":\"\xff\"", false},
      {"overlong UTF-8", "\"x\":\"\xc0\xaf\"", false},
      {"UTF-8 surrogate bytes", "\"x\":\"\xed\xa0\x80\"", false},
      {"4-byte UTF-8", "\"x\":\"\xf0\x9f\x98\x80 caf\xc3\xa9\"", true},
      {"lone surrogate escape", R"("x":"\ud800")", false},
      {"surrogate pair escape", R"("x":"\ud83d\ude00")", true},
      {"bad escape", R"("x":"\q")", false},
      {"raw control character", "\"x\":\"a\x01\"", false},
      {"64 nested containers, the root included", "\"x\":" + std::string(63, '[') + std::string(63, ']'), true},
      {"65 nested containers", "\"x\":" + std::string(64, '[') + std::string(64, ']'), false},
      {"integer past int64", R"("x":9223372036854775808)", false},
      {"int64 min", R"("x":-9223372036854775808)", true},
      {"float overflow", R"("x":1e400)", false},
      {"float underflow reads as zero", R"("x":1e-400)", true},
      {"NaN", R"("x":NaN)", false},
      {"leading zero", R"("x":01)", false},
      {"bad literal", R"("x":tru)", false},
      {"empty key", R"("":1)", true},
  };
  for (const Case& c : cases) {
    const std::string body = R"({"id":"evt_1","type":"a.b","created":1700000000,)" + c.member + "}";
    auto env = ExtractEnvelope(body);
    EXPECT_EQ(env.ok(), c.valid) << c.name << ": " << env.status().ToString();
    if (!c.valid) {
      EXPECT_EQ(env.status().message().rfind("invalid JSON", 0), 0u) << c.name;
    }
  }
  EXPECT_TRUE(ExtractEnvelope(R"({"id":"evt_1","type":"a","created":1} )" "\n").ok()) << "trailing whitespace";
  for (const char* bad : {R"({"id":"evt_1","type":"a","created":1} x)", R"({"id":"evt_1","type":"a","created":1}})",
                          R"({"id":"evt_1","type":"a","created":1} {})", R"({"id":"evt_1","type":"a","created":1)"}) {
    EXPECT_EQ(ExtractEnvelope(bad).status().message().rfind("invalid JSON", 0), 0u) << bad;
  }
}

// 64 nested containers at most, counted the same way wherever the value sits:
// at the top level and under the fields the envelope reads in data.object,
// whether the innermost container is empty or holds a value.
TEST(EventEnvelopeTest, TheDepthLimitHoldsUnderEveryFieldTheEnvelopeReads) {
  auto body = [](const std::string& at, int brackets, const std::string& inside) {
    const std::string deep = std::string(brackets, '[') + inside + std::string(brackets, ']');
    if (at == "top") return R"({"id":"e","type":"t","created":1,"x":)" + deep + "}";
    return R"({"id":"e","type":"t","created":1,"data":{"object":{")" + at + "\":" + deep + "}}}";
  };
  for (const std::string inside : {"", "1", "{\"k\":{}}"}) {
    const int extra = inside.empty() ? 0 : (inside == "1" ? 0 : 2);  // {"k":{}} is two more containers
    EXPECT_TRUE(ExtractEnvelope(body("top", 63 - extra, inside)).ok()) << inside;  // the root + 63
    EXPECT_EQ(ExtractEnvelope(body("top", 64 - extra, inside)).status().message(), "invalid JSON: nesting too deep")
        << inside;
    for (const char* field : {"id", "object", "other"}) {
      // root, data, data.object + 61
      EXPECT_TRUE(ExtractEnvelope(body(field, 61 - extra, inside)).ok()) << field << " " << inside;
      EXPECT_EQ(ExtractEnvelope(body(field, 62 - extra, inside)).status().message(),
                "invalid JSON: nesting too deep")
          << field << " " << inside;
    }
  }
  // Far deeper than the limit: refused by the parse itself, with the same message.
  EXPECT_EQ(ExtractEnvelope(body("top", 5000, "1")).status().message(), "invalid JSON: nesting too deep");
}

// Which duplicate is named does not depend on where the members stand.
TEST(EventEnvelopeTest, DuplicatesInsideDataAreNamedInAFixedOrder) {
  const std::string head = R"({"id":"e","type":"t","created":1,"data":)";
  EXPECT_EQ(ExtractEnvelope(head + R"({"object":{"id":1,"id":2},"object":{}}})").status().message(),
            R"(event envelope: duplicate key "object" in "data")");
  EXPECT_EQ(ExtractEnvelope(head + R"({"object":{"object":1,"object":2,"id":1,"id":2}}})").status().message(),
            R"(event envelope: duplicate key "id" in data.object)");
}

// A body that is not an object is refused; the message says whether it is
// JSON at all, as JsonDocument would read it.
TEST(EventEnvelopeTest, ARootThatIsNotAnObjectIsJudgedAsJsonFirst) {
  for (const char* json : {"true   ", "  [1, {\"a\": null}]  ", "\"evt\"", "-0", "null", "1e-400",
                           "[[[]]]"}) {
    EXPECT_EQ(ExtractEnvelope(json).status().message(), "event envelope: body is not a JSON object") << json;
  }
  const std::string long_number = "1" + std::string(1100, '0');
  for (const std::string& bad : {std::string("nullx"), std::string("1 2"), std::string("1,2"), std::string(""),
                                 std::string("   "), std::string("[1,]"), std::string("tru"), long_number}) {
    EXPECT_EQ(ExtractEnvelope(bad).status().message().rfind("invalid JSON", 0), 0u) << bad;
  }
  EXPECT_EQ(ExtractEnvelope("1" + std::string(1100, ' ')).status().message(),
            "event envelope: body is not a JSON object");
}

}  // namespace
}  // namespace subledger
