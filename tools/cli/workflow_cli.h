// Pieces of `subledger workflow ...` shared by its subcommands
// (cmd_workflow.cc: check, list, show; workflow_run.cc: run).
#pragma once

#include <string>
#include <vector>

namespace subledger::cli {

// `subledger workflow run FILE ...`; returns the exit code.
int RunWorkflow(const std::vector<std::string>& args);
// The usage text of every workflow subcommand.
const char* WorkflowUsage();

}  // namespace subledger::cli
