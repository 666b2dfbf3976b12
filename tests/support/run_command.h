// RunCommand: runs a program to completion and captures what it printed.
//
// The program is started with posix_spawn (safe in multi-threaded tests),
// stdin is fed from `options.stdin_data` (then closed), stdout and stderr are
// captured separately. A run that exceeds `options.timeout_seconds` is killed
// with SIGKILL and reported with timed_out = true.
//
// Thread safety: reentrant; each call is independent.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace subledger::testing {

struct CommandOptions {
  std::map<std::string, std::string> env;  // added to / overriding the inherited environment
  std::vector<std::string> unset_env;      // removed from the inherited environment
  std::string stdin_data;
  std::string working_dir;                 // "" = inherit
  double timeout_seconds = 120;
};

struct CommandResult {
  int exit_code = -1;    // exit status, or -1 when killed by a signal
  int term_signal = 0;   // the signal that ended it, or 0
  bool timed_out = false;
  std::string out;       // stdout
  std::string err;       // stderr
  // "exit 0" / "signal 9" / "timed out", plus stderr: for assertion messages.
  std::string Describe() const;
};

CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options = {});

// Builds an envp for posix_spawn: the inherited environment with `set` applied
// and `unset` removed. Shared with DaemonProcess.
std::vector<std::string> BuildEnvironment(const std::map<std::string, std::string>& set,
                                          const std::vector<std::string>& unset);

}  // namespace subledger::testing
