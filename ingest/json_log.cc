#include "ingest/json_log.h"

#include "ledger/json_writer.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace subledger {
namespace {

std::atomic<int> g_fd{2};
std::atomic<bool> g_info_enabled{true};

// PIPE_BUF: a write(2) of at most this much to a pipe is never interleaved.
constexpr size_t kMaxGatheredBytes = 4096;
thread_local bool t_gathering = false;
thread_local std::string t_gathered;

void WriteAll(std::string_view text) {
  const int fd = g_fd.load(std::memory_order_relaxed);
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere to report a failing log stream
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void WriteGathered() {
  if (t_gathered.empty()) return;
  WriteAll(t_gathered);
  t_gathered.clear();
}

// "YYYY-MM-DDTHH:MM:SS.mmmZ" for `ms` (milliseconds since the epoch) into
// out; returns its length.
size_t FormatTimestamp(int64_t ms, char (&out)[40]) {
  const time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  const int n = std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                              static_cast<int>(ms % 1000));
  return n > 0 ? static_cast<size_t>(n) : 0;
}

// The committer logs a batch's webhooks within the same millisecond: each
// thread formats a millisecond's timestamp once (in plain storage: no
// allocation, nothing to destroy at thread exit).
void AppendTimestamp(std::string& out) {
  thread_local int64_t formatted_ms = -1;
  thread_local char formatted[40];
  thread_local size_t formatted_length = 0;
  const auto now = std::chrono::system_clock::now();
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  if (ms != formatted_ms) {
    formatted_length = FormatTimestamp(ms, formatted);
    formatted_ms = ms;
  }
  out.append(formatted, formatted_length);
}

}  // namespace

JsonLogLine::JsonLogLine(std::string_view level, std::string_view msg) : info_(level == "info") {
  if (info_ && !g_info_enabled.load(std::memory_order_relaxed)) return;
  line_.reserve(256);
  line_.append("{\"ts\":\"");
  AppendTimestamp(line_);
  line_.append("\",\"level\":");
  AppendJsonString(line_, level);
  line_.append(",\"msg\":");
  AppendJsonString(line_, msg);
}

JsonLogLine::~JsonLogLine() {
  if (line_.empty()) return;
  line_.append("}\n");
  if (!t_gathering) {
    WriteAll(line_);
    return;
  }
  if (!info_ || t_gathered.size() + line_.size() > kMaxGatheredBytes) WriteGathered();
  if (info_ && line_.size() <= kMaxGatheredBytes) {
    t_gathered.append(line_);
  } else {
    WriteAll(line_);
  }
}

void JsonLogLine::Key(std::string_view key) {
  line_.push_back(',');
  AppendJsonString(line_, key);
  line_.push_back(':');
}

JsonLogLine& JsonLogLine::Str(std::string_view key, std::string_view value) {
  if (line_.empty()) return *this;
  Key(key);
  AppendJsonString(line_, value);
  return *this;
}

JsonLogLine& JsonLogLine::Int(std::string_view key, int64_t value) {
  if (line_.empty()) return *this;
  Key(key);
  line_.append(std::to_string(value));
  return *this;
}

JsonLogLine& JsonLogLine::Bool(std::string_view key, bool value) {
  if (line_.empty()) return *this;
  Key(key);
  line_.append(value ? "true" : "false");
  return *this;
}

JsonLogLine& JsonLogLine::Raw(std::string_view key, std::string_view json) {
  if (line_.empty()) return *this;
  Key(key);
  line_.append(json);
  return *this;
}

void JsonLog::SetFd(int fd) { g_fd.store(fd); }
void JsonLog::SetInfoEnabled(bool enabled) { g_info_enabled.store(enabled); }
bool JsonLog::InfoEnabled() { return g_info_enabled.load(std::memory_order_relaxed); }

void JsonLog::FlushThisThread() {
  t_gathering = true;
  WriteGathered();
}

}  // namespace subledger
