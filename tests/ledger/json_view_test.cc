// JsonDocument: a strict, zero-copy validator. Checked against nlohmann::json
// (the naive oracle) on the real fixtures and on malformed inputs.
#include "ledger/json_view.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace subledger {
namespace {

bool Valid(std::string_view text, int depth = 64) {
  JsonDocument doc;
  return doc.Parse(text, depth).ok();
}

TEST(JsonViewTest, AcceptsScalarsAndContainers) {
  for (const char* ok : {"0", "-0", "1.5e10", "\"a\"", "true", "false", "null", "[]", "{}", " [1, [2, {}]] ",
                         "{\"a\":{\"b\":[1,2,3]},\"c\":\"\\u00e9\\ud83d\\ude00\"}", "\"caf\xc3\xa9\""}) {
    EXPECT_TRUE(Valid(ok)) << ok;
  }
}

TEST(JsonViewTest, RejectsMalformedInput) {
  for (const char* bad : {"", " ", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-",
                          "1e", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "[1 2]", "{} {}", "\"\x01\"",
                          "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "{\"a\":1,}", "[,1]"}) {
    EXPECT_FALSE(Valid(bad)) << bad;
  }
}

TEST(JsonViewTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(Valid("\"\xff\""));
  EXPECT_FALSE(Valid("\"\xc0\xaf\""));          // overlong '/'
  EXPECT_FALSE(Valid("\"\xed\xa0\x80\""));      // encoded surrogate
  EXPECT_FALSE(Valid("\"\xf4\x90\x80\x80\""));  // above U+10FFFF
  EXPECT_FALSE(Valid("\"\xe2\x82\""));          // truncated
  EXPECT_TRUE(Valid("\"\xe2\x82\xac\""));       // euro sign
}

TEST(JsonViewTest, FindsEverySpecialByteAtEveryOffsetOfALongString) {
  // The string scan reads 16 bytes at a time (SSE2), then 8 (SWAR), then
  // one, and jumps to the first special one: each kind of special byte at
  // each offset of a long string must be seen where it is (checked against
  // nlohmann, the naive oracle).
  const std::string specials[] = {"\"", "\\n", "\x01", "\x1f", "\xc3\xa9", "\xe2\x82\xac",
                                  "\xf0\x9f\x98\x80", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\x7f", "\x80"};
  for (const std::string& special : specials) {
    for (size_t offset = 0; offset < 40; ++offset) {
      const std::string content = std::string(offset, 'a') + special + std::string(offset % 20, 'b');
      const std::string text = "[\"" + content + "\"]";
      const bool expected = nlohmann::json::accept(text);
      JsonDocument doc;
      ASSERT_EQ(doc.Parse(text).ok(), expected) << "offset " << offset << " special " << special.size();
      if (expected) {
        ASSERT_EQ(doc.root().size(), 1u);
        const JsonValue string = *doc.root().begin();
        EXPECT_EQ(string.raw(), content);
        EXPECT_EQ(string.str(), nlohmann::json::parse(text)[0].get<std::string>());
      }
    }
  }
}

TEST(JsonViewTest, RejectsNumbersThatDoNotFit) {
  EXPECT_TRUE(Valid("9223372036854775807"));
  EXPECT_FALSE(Valid("9223372036854775808"));
  EXPECT_TRUE(Valid("-9223372036854775808"));
  EXPECT_FALSE(Valid("-9223372036854775809"));
  EXPECT_FALSE(Valid("1e400"));
  EXPECT_FALSE(Valid("-1e400"));
  EXPECT_FALSE(Valid("100000000000000000000e300"));
  EXPECT_FALSE(Valid("0.000001e315"));
  EXPECT_TRUE(Valid("1e300"));
}

TEST(JsonViewTest, DecidesWhetherAnIntegerFitsAtEveryDigitCount) {
  // Up to 18 digits is taken without converting: every length, both signs,
  // the largest and smallest magnitudes, checked against strtoll (the oracle).
  for (const char* zero : {"0", "-0"}) EXPECT_EQ(JsonDocument().Parse(zero).ok(), true) << zero;
  for (size_t digits = 1; digits <= 22; ++digits) {
    for (const std::string& magnitude : {std::string(digits, '9'), "1" + std::string(digits - 1, '0')}) {
      for (const char* sign : {"", "-"}) {
        const std::string text = std::string(sign) + magnitude;
        errno = 0;
        std::strtoll(text.c_str(), nullptr, 10);
        const bool fits = errno != ERANGE;
        JsonDocument doc;
        ASSERT_EQ(doc.Parse(text).ok(), fits) << text;
        if (fits) {
          EXPECT_EQ(doc.root().as_int64(), std::strtoll(text.c_str(), nullptr, 10)) << text;
        }
      }
    }
  }
}

TEST(JsonViewTest, ReadsPrettyPrintedTextAsItsCompactForm) {
  // Indentation is skipped 8 spaces at a time after a newline: every run
  // length, at the end of the text too, and mixed with tabs and CRs.
  const nlohmann::json value = nlohmann::json::parse(R"({"a":[1,"x",{"b":null}],"c":true})");
  for (size_t indent = 0; indent <= 20; ++indent) {
    for (const std::string& extra : {std::string(), std::string("\t"), std::string("\r\n ")}) {
      const std::string pad = "\n" + std::string(indent, ' ') + extra;
      const std::string text = "{" + pad + "\"a\":" + pad + "[" + pad + "1," + pad + "\"x\"," + pad + "{" + pad +
                               "\"b\"" + pad + ":" + pad + "null" + pad + "}" + pad + "]," + pad + "\"c\":" + pad +
                               "true" + pad + "}" + pad;
      JsonDocument doc;
      ASSERT_TRUE(doc.Parse(text).ok()) << "indent " << indent;
      EXPECT_EQ(doc.root()["a"].size(), 3u);
      EXPECT_TRUE((*doc.root()["a"].begin()).is_number());
      EXPECT_TRUE((*++doc.root()["a"].begin()).equals("x"));
      EXPECT_TRUE(doc.root()["c"].as_bool().value_or(false));
      EXPECT_EQ(nlohmann::json::parse(text), value);
      EXPECT_FALSE(Valid(text + "x")) << "indent " << indent;
    }
  }
}

TEST(JsonViewTest, OneDocumentReadsTextsOfAnySizeInTurnAndAFailureLeavesItEmpty) {
  // The node room starts at a node per 8 bytes of text and doubles when full
  // (the nodes so far moved along); a document keeps it from text to text.
  JsonDocument doc;
  ASSERT_TRUE(doc.Parse("[1]").ok());
  EXPECT_EQ(doc.root().size(), 1u);
  std::string big = "[";
  for (int i = 0; i < 5000; ++i) big += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  big += "]";
  ASSERT_TRUE(doc.Parse(big).ok());
  EXPECT_EQ(doc.root().size(), 5000u);
  EXPECT_EQ(doc.nodes().size(), 5001u);
  EXPECT_TRUE((*doc.root().begin()).equals("0"));
  EXPECT_FALSE(doc.Parse("[1,").ok());
  EXPECT_FALSE(doc.root().exists());
  EXPECT_TRUE(doc.nodes().empty());
  ASSERT_TRUE(doc.Parse("{\"a\":true}").ok());
  EXPECT_EQ(doc.root()["a"].as_bool(), true);
  EXPECT_EQ(doc.nodes().size(), 3u);
}

TEST(JsonViewTest, TheDensestTextsGrowTheRoomOfAFreshDocument) {
  // A node per byte ("[[[[", failing at the end) and a node per two bytes
  // ("[1,1,...]"), each in a fresh document whose room they outgrow several
  // times: every node lands (ASan builds check the room's bounds).
  {
    JsonDocument doc;
    EXPECT_FALSE(doc.Parse(std::string(64, '[')).ok());
    EXPECT_FALSE(doc.root().exists());
  }
  {
    JsonDocument doc;
    ASSERT_TRUE(doc.Parse(std::string(64, '[') + std::string(64, ']')).ok());
    EXPECT_EQ(doc.nodes().size(), 64u);
  }
  {
    JsonDocument doc;
    std::string ones = "[1";
    for (int i = 0; i < 3000; ++i) ones += ",1";
    ones += "]";
    ASSERT_TRUE(doc.Parse(ones).ok());
    EXPECT_EQ(doc.root().size(), 3001u);
    EXPECT_EQ(doc.nodes().size(), 3002u);
    for (JsonValue one : doc.root()) ASSERT_EQ(one.as_int64(), 1);
  }
}

TEST(JsonViewTest, NumbersTooSmallForADoubleReadAsZeroLikeSimdjsonAndNlohmann) {
  // The request path's check (simdjson) and nlohmann accept them: the
  // reader of stored bodies must not refuse what the door let in.
  EXPECT_TRUE(Valid("1e-400"));
  EXPECT_TRUE(Valid("-2.5e-400"));
  EXPECT_TRUE(Valid("0." + std::string(400, '0') + "1"));
  EXPECT_TRUE(Valid("1000e-99999999999999999999"));
  EXPECT_TRUE(Valid("0e99999999999999999999"));
  EXPECT_TRUE(Valid("4.9e-324"));
  EXPECT_FALSE(Valid("1e99999999999999999999"));
}

TEST(JsonViewTest, EnforcesDepthLimit) {
  std::string deep(64, '[');
  deep += std::string(64, ']');
  EXPECT_TRUE(Valid(deep));
  std::string deeper(65, '[');
  deeper += std::string(65, ']');
  EXPECT_FALSE(Valid(deeper));
  std::string huge(100000, '[');
  EXPECT_FALSE(Valid(huge));
}

TEST(JsonViewTest, LooksUpMembersAndIterates) {
  JsonDocument doc;
  ASSERT_TRUE(doc.Parse(R"({"a":1,"b":{"c":[10,20,{"d":"x\"y"}]},"a":2,"e":null})").ok());
  JsonValue root = doc.root();
  EXPECT_EQ(root.size(), 4u);
  EXPECT_EQ(*root["a"].as_int64(), 1);  // first duplicate wins
  JsonValue c = root["b"]["c"];
  ASSERT_TRUE(c.is_array());
  EXPECT_EQ(c.size(), 3u);
  std::vector<std::string> seen;
  for (JsonValue v : c) seen.push_back(v.is_number() ? std::string(v.raw()) : v["d"].str());
  EXPECT_EQ(seen, (std::vector<std::string>{"10", "20", "x\"y"}));
  EXPECT_TRUE(root["e"].is_null());
  EXPECT_FALSE(root["zz"].exists());
  EXPECT_FALSE(root["a"]["x"].exists());
  std::vector<std::string> keys;
  for (auto it = root.begin(); it != root.end(); ++it) keys.push_back(it.key().str());
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "a", "e"}));
}

TEST(JsonViewTest, UnescapesLikeNlohmann) {
  std::string text = R"(["a\nb\t\\\/\"", "\u00e9\u20ac\ud83d\ude00", "plain"])";
  JsonDocument doc;
  ASSERT_TRUE(doc.Parse(text).ok());
  auto oracle = nlohmann::json::parse(text);
  int i = 0;
  for (JsonValue v : doc.root()) {
    EXPECT_EQ(v.str(), oracle[i].get<std::string>());
    EXPECT_TRUE(v.equals(oracle[i].get<std::string>()));
    ++i;
  }
}

// Every fixture file: we accept exactly what nlohmann accepts, and agree on
// every string and integer leaf.
void CompareTrees(const JsonValue& ours, const nlohmann::json& theirs, const std::string& path) {
  if (theirs.is_object()) {
    ASSERT_TRUE(ours.is_object()) << path;
    ASSERT_EQ(ours.size(), theirs.size()) << path;
    for (auto& [k, v] : theirs.items()) CompareTrees(ours[k], v, path + "." + k);
  } else if (theirs.is_array()) {
    ASSERT_TRUE(ours.is_array()) << path;
    ASSERT_EQ(ours.size(), theirs.size()) << path;
    size_t i = 0;
    for (JsonValue v : ours) CompareTrees(v, theirs[i++], path + "[]");
  } else if (theirs.is_string()) {
    EXPECT_EQ(ours.str(), theirs.get<std::string>()) << path;
  } else if (theirs.is_number_integer()) {
    ASSERT_TRUE(ours.as_int64().has_value()) << path;
    EXPECT_EQ(*ours.as_int64(), theirs.get<int64_t>()) << path;
  } else if (theirs.is_boolean()) {
    EXPECT_EQ(*ours.as_bool(), theirs.get<bool>()) << path;
  } else if (theirs.is_null()) {
    EXPECT_TRUE(ours.is_null()) << path;
  }
}

TEST(JsonViewTest, AgreesWithNlohmannOnEveryFixture) {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SUBLEDGER_SHARED_DIR "/fixtures/stripe")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    JsonDocument doc;
    ASSERT_TRUE(doc.Parse(text).ok()) << entry.path();
    CompareTrees(doc.root(), nlohmann::json::parse(text), entry.path().string());
    ++files;
  }
  EXPECT_GT(files, 150);
}

}  // namespace
}  // namespace subledger
