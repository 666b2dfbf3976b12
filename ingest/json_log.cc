#include "ingest/json_log.h"

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

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  uint32_t min;
  uint32_t cp;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) { len = 2; min = 0x80; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; min = 0x800; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; min = 0x10000; cp = b0 & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

void AppendTimestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                              tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  out.append(buf, static_cast<size_t>(n));
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      switch (c) {
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
      }
      ++i;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else {
      const size_t len = Utf8SequenceLength(s, i);
      if (len == 0) {
        out.append("\\ufffd");
        ++i;
      } else {
        out.append(s.data() + i, len);
        i += len;
      }
    }
  }
  out.push_back('"');
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonString(out, s);
  return out;
}

JsonLogLine::JsonLogLine(std::string_view level, std::string_view msg) {
  if (level == "info" && !g_info_enabled.load(std::memory_order_relaxed)) return;
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
  const int fd = g_fd.load(std::memory_order_relaxed);
  const char* p = line_.data();
  size_t left = line_.size();
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

}  // namespace subledger
