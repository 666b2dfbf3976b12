// The one JSON string escaper (ledger/json_writer.h): RFC 8259 escapes, valid
// UTF-8 kept, invalid bytes replaced, any byte string parseable.
#include "ledger/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace subledger {
namespace {

std::string JsonQuote(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(JsonQuote("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(JsonQuote(std::string_view("\x01\x1f\x7f", 3)), R"("\u0001\u001f\u007f")");
  EXPECT_EQ(JsonQuote(std::string_view("nul\0x", 5)), R"("nul\u0000x")");
}

TEST(JsonStringTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonQuote("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  EXPECT_EQ(JsonQuote("\xFF"), R"("\ufffd")");
  EXPECT_EQ(JsonQuote("\xC3"), R"("\ufffd")");              // truncated sequence
  EXPECT_EQ(JsonQuote("\xC0\xAF"), R"("\ufffd\ufffd")");    // overlong
  EXPECT_EQ(JsonQuote("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // surrogate
}

TEST(JsonStringTest, EveryByteStringYieldsParseableJson) {
  // Oracle: nlohmann must parse the result; ASCII round-trips exactly.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 17) {
      const std::string s = {static_cast<char>(a), static_cast<char>(b), 'x'};
      const std::string quoted = JsonQuote(s);
      const auto parsed = nlohmann::json::parse(quoted, nullptr, false);
      ASSERT_FALSE(parsed.is_discarded()) << a << "," << b << ": " << quoted;
      if (a < 0x80 && b < 0x80) {
        EXPECT_EQ(parsed.get<std::string>(), s);
      }
    }
  }
}

TEST(JsonWriterTest, CompactAndIndentedLayouts) {
  for (const int indent : {-1, 2}) {
    JsonWriter w(indent);
    w.BeginObject();
    w.Key("a"); w.Int(1);
    w.Key("b"); w.BeginArray(); w.Amount(static_cast<__int128>(1) << 100); w.Double(0.5); w.EndArray();
    w.Key("c"); w.BeginObject(); w.EndObject();
    w.EndObject();
    const std::string expected = indent < 0
        ? R"({"a":1,"b":[1267650600228229401496703205376,0.5],"c":{}})"
        : "{\n  \"a\": 1,\n  \"b\": [\n    1267650600228229401496703205376,\n    0.5\n  ],\n  \"c\": {}\n}";
    EXPECT_EQ(w.Take(), expected);
  }
}

}  // namespace
}  // namespace subledger
