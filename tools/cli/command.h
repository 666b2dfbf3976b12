// The `subledger` CLI's subcommand registry. Each subcommand lives in its own
// file (cmd_<name>.cc) and registers itself with SUBLEDGER_COMMAND.
//
// A command receives its arguments (without the program and command names)
// and returns the process exit code: 0 success, 1 failure, 2 usage error.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace subledger::cli {

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct CommandInfo {
  std::string summary;  // one line for `subledger help`
  CommandFn run;
  bool large_heap = false;  // runs with a huge-page heap (huge_page_heap.h)
};

std::map<std::string, CommandInfo>& CommandRegistry();

struct CommandRegistrar {
  CommandRegistrar(const std::string& name, const std::string& summary, CommandFn fn, bool large_heap = false) {
    CommandRegistry()[name] = CommandInfo{summary, std::move(fn), large_heap};
  }
};

}  // namespace subledger::cli

#define SUBLEDGER_CONCAT_INNER(a, b) a##b
#define SUBLEDGER_CONCAT(a, b) SUBLEDGER_CONCAT_INNER(a, b)
// SUBLEDGER_COMMAND(name, summary, fn) or (name, summary, fn, /*large_heap=*/true).
#define SUBLEDGER_COMMAND(name, summary, ...) \
  static ::subledger::cli::CommandRegistrar SUBLEDGER_CONCAT(subledger_cmd_, __LINE__)(name, summary, __VA_ARGS__)
