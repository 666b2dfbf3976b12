// JsonLog: one valid JSON object per line, whatever bytes the fields hold.
#include "ingest/json_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

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
