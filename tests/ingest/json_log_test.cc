// JsonLog: one valid JSON object per line, whatever bytes the fields hold.
#include "ingest/json_log.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

// Sends the log to a file in a temporary directory until Close() (or the
// end of the scope), then back to stderr.
class LogToFile {
 public:
  LogToFile() : path_(tmp_.Sub("log.jsonl")), file_(std::fopen(path_.c_str(), "w")) {
    if (file_ != nullptr) JsonLog::SetFd(fileno(file_));
  }
  ~LogToFile() { Close(); }
  bool ok() const { return file_ != nullptr; }
  // Stops logging to the file; returns what was written.
  std::string Close() {
    if (file_ != nullptr) {
      JsonLog::SetFd(2);
      std::fclose(file_);
      file_ = nullptr;
    }
    return testing::ReadFile(path_);
  }

 private:
  testing::TempDir tmp_;
  std::string path_;
  FILE* file_;
};

TEST(JsonLogTest, WritesOneParseableObjectPerLine) {
  LogToFile log;
  ASSERT_TRUE(log.ok());
  JsonLog::Info("listening").Str("public", "127.0.0.1:8080").Int("port", 8080);
  JsonLog::Warn("odd \"msg\"").Str("k", "line\nbreak\xFF").Bool("b", true).Raw("raw", "{\"x\":1}");
  JsonLog::SetInfoEnabled(false);
  JsonLog::Info("dropped").Str("k", "v");
  JsonLog::Error("kept");
  JsonLog::SetInfoEnabled(true);

  std::istringstream lines(log.Close());
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

// Parses "YYYY-MM-DDTHH:MM:SS.mmmZ" into milliseconds since the epoch; -1 if malformed.
int64_t TimestampMillis(const std::string& ts) {
  struct tm tm = {};
  int ms = -1;
  char z = 0;
  if (std::sscanf(ts.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms, &z) != 8 || z != 'Z' || ts.size() != 24) {
    return -1;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

TEST(JsonLogTest, EveryLineCarriesTheMillisecondItWasWrittenIn) {
  LogToFile log;
  ASSERT_TRUE(log.ok());
  std::vector<std::pair<int64_t, int64_t>> windows;  // [before, after] each line, ms since the epoch
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  };
  for (int i = 0; i < 40; ++i) {
    const int64_t before = now_ms();
    JsonLog::Info("tick").Int("i", i);
    windows.emplace_back(before, now_ms());
    if (i % 4 == 3) std::this_thread::sleep_for(std::chrono::microseconds(700));
  }

  std::istringstream lines(log.Close());
  size_t i = 0;
  std::set<int64_t> distinct;
  for (std::string line; std::getline(lines, line); ++i) {
    ASSERT_LT(i, windows.size());
    const int64_t ts = TimestampMillis(nlohmann::json::parse(line)["ts"].get<std::string>());
    EXPECT_GE(ts, windows[i].first) << line;
    EXPECT_LE(ts, windows[i].second) << line;
    distinct.insert(ts);
  }
  EXPECT_EQ(i, windows.size());
  EXPECT_GT(distinct.size(), 1u) << "the timestamp moves on with the clock";
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
