// subledger: the operator's CLI. `subledger help` lists the subcommands.
//
// Every command runs with umask 077 (ledger/data_dir.h): the data directory
// and RocksDB's files are its owner's alone. A command never aborts: an
// exception that escapes one is reported as an internal error, exit 1.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "ledger/data_dir.h"
#include "tools/cli/command.h"
#include "tools/cli/huge_page_heap.h"

namespace subledger::cli {
std::map<std::string, CommandInfo>& CommandRegistry() {
  static std::map<std::string, CommandInfo> registry;
  return registry;
}
}  // namespace subledger::cli

namespace {
void PrintUsage(FILE* out) {
  std::fprintf(out, "usage: subledger <command> [options]\n\ncommands:\n");
  for (const auto& [name, info] : subledger::cli::CommandRegistry()) {
    std::fprintf(out, "  %-10s %s\n", name.c_str(), info.summary.c_str());
  }
  std::fprintf(out, "\nRun 'subledger <command> --help' for a command's options.\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    PrintUsage(stdout);
    return 0;
  }
  auto& registry = subledger::cli::CommandRegistry();
  auto it = registry.find(name);
  if (it == registry.end()) {
    std::fprintf(stderr, "subledger: unknown command '%s'\n\n", name.c_str());
    PrintUsage(stderr);
    return 2;
  }
  if (it->second.large_heap) subledger::cli::ReexecWithHugePageHeap(argv);
  std::vector<std::string> args(argv + 2, argv + argc);
  subledger::RestrictFileCreationMask();
  try {
    return it->second.run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "subledger %s: internal error: %s\n", name.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "subledger %s: internal error (unknown exception)\n", name.c_str());
  }
  return 1;
}
