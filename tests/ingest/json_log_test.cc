// JsonLog: one valid JSON object per line, whatever bytes the fields hold.
#include "ingest/json_log.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

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

// What a non-blocking read end holds right now ("" when nothing was written).
std::string Drain(int fd) {
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

TEST(JsonLogTest, AThreadThatFlushesGathersItsInfoLinesAndWritesThemTogetherInOrder) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
  JsonLog::SetFd(fds[1]);
  std::string before_flush, after_flush, after_warn, overflow, rest;
  // Gathering is per thread and stays on: a thread of its own, like the committer.
  std::thread([&] {
    JsonLog::Info("not_gathered_yet");  // before the first FlushThisThread: written at once
    before_flush = Drain(fds[0]);
    JsonLog::FlushThisThread();
    JsonLog::Info("first").Int("n", 1);
    JsonLog::Info("second").Int("n", 2);
    after_flush = Drain(fds[0]);  // still gathered
    JsonLog::Warn("a_warning");   // writes what was gathered, then itself
    after_warn = Drain(fds[0]);
    for (int i = 0; i < 100; ++i) JsonLog::Info("filler").Str("pad", std::string(100, 'x'));
    overflow = Drain(fds[0]);  // whole 4 KB chunks went out as the gathered lines grew
    JsonLog::FlushThisThread();
    rest = Drain(fds[0]);
  }).join();
  JsonLog::SetFd(2);
  ::close(fds[0]);
  ::close(fds[1]);

  EXPECT_NE(before_flush.find("not_gathered_yet"), std::string::npos);
  EXPECT_EQ(after_flush, "");
  ASSERT_LT(after_warn.find("\"first\""), after_warn.find("\"second\""));
  ASSERT_LT(after_warn.find("\"second\""), after_warn.find("a_warning"));
  EXPECT_NE(after_warn.find("a_warning"), std::string::npos);
  EXPECT_FALSE(overflow.empty());
  EXPECT_EQ(overflow.back(), '\n');  // only whole lines
  EXPECT_FALSE(rest.empty());
  std::istringstream lines(overflow + rest);
  int fillers = 0;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(nlohmann::json::parse(line)["msg"], "filler");
    ++fillers;
  }
  EXPECT_EQ(fillers, 100);
}

}  // namespace
}  // namespace subledger
