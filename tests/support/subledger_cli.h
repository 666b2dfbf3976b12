// Runs the real `subledger` CLI binary and reads its export.
//
// ExportLog runs `subledger export --data-dir D` and parses its JSON Lines.
// Each line carries one event; its body is the raw request body, which the
// tests compare byte for byte with what they posted.
// Thread safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "tests/support/run_command.h"

namespace subledger::testing {

// `subledger <args...>`.
CommandResult RunSubledger(const std::vector<std::string>& args, double timeout_seconds = 120);

struct ExportedEvent {
  std::string id;    // the event id
  std::string body;  // the raw body as received
};

struct ExportResult {
  CommandResult command;
  std::vector<ExportedEvent> events;  // in sequence order
  std::string error;                  // "" when the command succeeded and every line parsed
  bool ok() const { return error.empty(); }
};

ExportResult ExportLog(const std::string& data_dir);

// `subledger verify --data-dir D`.
CommandResult VerifyLog(const std::string& data_dir);

}  // namespace subledger::testing
