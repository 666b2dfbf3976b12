// Runs the real `subledger` CLI binary and reads its export.
//
// ExportLog runs `subledger export --data-dir D` and parses its JSON Lines.
// Each line is one event body: byte for byte what was received, except that
// a body with line breaks (Stripe pretty-prints) is written minified, since
// JSON Lines needs one line per event (see ExportedForm).
// The CLI needs the database to itself: stop the daemon first.
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

// What `subledger export` prints for a received body: the body itself when it
// has no CR/LF, else the body without whitespace outside strings.
std::string ExportedForm(const std::string& body);

// Reads the stored records straight from the log (read-only EventLog), to
// check bodies byte for byte. Needs the daemon stopped.
ExportResult ReadLogDirectly(const std::string& data_dir);

// `subledger verify --data-dir D`.
CommandResult VerifyLog(const std::string& data_dir);

}  // namespace subledger::testing
