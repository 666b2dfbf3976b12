// JsonLog: one valid JSON object per line, whatever bytes the fields hold.
#include "ingest/json_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

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

TEST(JsonLogTest, WritesOneParseableObjectPerLine) {
  testing::TempDir tmp;
  const std::string path = tmp.Sub("log.jsonl");
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  JsonLog::SetFd(fileno(f));
  JsonLog::Info("listening").Str("public", "127.0.0.1:8080").Int("port", 8080);
  JsonLog::Warn("odd \"msg\"").Str("k", "line\nbreak\xFF").Bool("b", true).Raw("raw", "{\"x\":1}");
  JsonLog::SetInfoEnabled(false);
  JsonLog::Info("dropped").Str("k", "v");
  JsonLog::Error("kept");
  JsonLog::SetInfoEnabled(true);
  JsonLog::SetFd(2);
  std::fclose(f);

  std::istringstream lines(testing::ReadFile(path));
  std::vector<nlohmann::json> parsed;
  for (std::string line; std::getline(lines, line);) parsed.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed[0]["msg"], "listening");
  EXPECT_EQ(parsed[0]["level"], "info");
  EXPECT_EQ(parsed[0]["public"], "127.0.0.1:8080");
  EXPECT_EQ(parsed[0]["port"], 8080);
  EXPECT_TRUE(parsed[0]["ts"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(parsed[1]["msg"], "odd \"msg\"");
  EXPECT_EQ(parsed[1]["k"], "line\nbreak\xEF\xBF\xBD");
  EXPECT_EQ(parsed[1]["raw"]["x"], 1);
  EXPECT_EQ(parsed[2]["level"], "error");
}

}  // namespace
}  // namespace subledger
