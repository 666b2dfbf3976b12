// Structured logging: one JSON object per line on stderr.
//
//   JsonLog::Info("listening").Str("public", "127.0.0.1:8080").Int("port", 8080);
//
// The line is built in a JsonLogLine and written with a single write(2) when
// the temporary is destroyed (end of the full expression), so lines from
// different threads never interleave. A thread that logs in bursts (the
// committer thread: a line per acknowledged webhook) calls FlushThisThread()
// after each burst: from its first call on, that thread's info lines are
// gathered and written together, at most 4096 bytes (PIPE_BUF: still atomic
// on a pipe) per write(2); a warn or error line writes what was gathered,
// then itself, at once. Every line starts with
//   {"ts":"2026-11-22T11:00:00.123Z","level":"info","msg":"..."
// followed by the fields in the order given.
//
// Strings are escaped by AppendJsonString (ledger/json_writer.h): bytes that
// are not valid UTF-8 are replaced by U+FFFD, so any input yields a valid JSON line. Callers must never pass
// secrets or whole payloads (house rule); this class cannot tell.
//
// Thread safety: all functions are safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace subledger {

class JsonLogLine {
 public:
  JsonLogLine(std::string_view level, std::string_view msg);
  ~JsonLogLine();  // writes the line
  JsonLogLine(const JsonLogLine&) = delete;
  JsonLogLine& operator=(const JsonLogLine&) = delete;

  JsonLogLine& Str(std::string_view key, std::string_view value);
  JsonLogLine& Int(std::string_view key, int64_t value);
  JsonLogLine& Bool(std::string_view key, bool value);
  // `json` must already be a valid JSON value; it is inserted verbatim.
  JsonLogLine& Raw(std::string_view key, std::string_view json);

 private:
  void Key(std::string_view key);
  std::string line_;
  bool info_ = false;
};

class JsonLog {
 public:
  static JsonLogLine Info(std::string_view msg) { return JsonLogLine("info", msg); }
  static JsonLogLine Warn(std::string_view msg) { return JsonLogLine("warn", msg); }
  static JsonLogLine Error(std::string_view msg) { return JsonLogLine("error", msg); }

  // Redirects output to `fd` (default 2, stderr). For tests.
  static void SetFd(int fd);
  // When false, Info lines are dropped (warn/error still written).
  static void SetInfoEnabled(bool enabled);
  static bool InfoEnabled();
  // Writes the info lines this thread has gathered, and from now on gathers
  // them (see above). Call it again after every burst.
  static void FlushThisThread();
};

}  // namespace subledger
