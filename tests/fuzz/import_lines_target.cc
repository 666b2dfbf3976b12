// Fuzz target: the importer's file splitting and per-item validation
// (tools/cli/event_file_reader.cc, the code `subledger import` runs on each
// file before anything is appended).
#include <algorithm>
#include <cstddef>
#include <string_view>

#include "ledger/json_view.h"
#include "ledger/plausible_event.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tools/cli/event_file_reader.h"

namespace subledger::fuzz {

void FuzzImportLines(std::string_view data) {
  const size_t lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
  const char* const begin = data.data();
  const char* const end = data.data() + data.size();
  const char* previous_end = begin;
  size_t previous_line = 0;
  size_t items = 0;

  // A fixed clock: the plausibility of `created` must not depend on the day.
  static const FakeClock clock(int64_t{1796450000} * 1000000);
  size_t problem_line = 0;
  const Status file = cli::ReadEventFile(
      data, clock,
      [&](cli::EventFileItem& item) {
        ++items;
        // Inside the text, in order, not overlapping.
        FuzzCheck(item.body.empty() || (item.body.data() >= previous_end &&
                                        item.body.data() + item.body.size() <= end),
                  "an item's bytes are not a fresh part of the file");
        if (!item.body.empty()) previous_end = item.body.data() + item.body.size();
        FuzzCheck(item.line >= 1 && item.line <= lines, "item line number out of range");
        FuzzCheck(item.line >= previous_line, "item line numbers go backwards");
        previous_line = item.line;
        // The reader's verdict is the log door's on exactly those bytes,
        // except that it also rejects a top-level "object" other than "event".
        Result<EventEnvelope> oracle = ExtractPlausibleEnvelope(item.body, clock);
        if (item.envelope.ok()) FuzzCheck(oracle.ok(), "the reader accepted what the door rejects");
        if (oracle.ok() && !item.envelope.ok()) {
          JsonDocument doc;
          FuzzCheck(doc.Parse(item.body).ok(), "the door accepted unparsable JSON");
          const JsonValue object = doc.root()["object"];
          FuzzCheck(object.exists() && !object.equals("event"),
                    "the reader rejected a valid event whose \"object\" is absent or \"event\"");
        }
        if (oracle.ok() && item.envelope.ok()) {
          FuzzCheck(oracle->id == item.envelope->id && oracle->type == item.envelope->type &&
                        oracle->created == item.envelope->created,
                    "item envelope differs from the door's");
        } else {
          FuzzCheck(!item.envelope.status().message().empty(), "a rejected item without a reason");
        }
      },
      &problem_line);
  if (!file.ok()) {
    FuzzCheck(!file.message().empty(), "a file-level problem without a message");
    FuzzCheck(problem_line >= 1 && problem_line <= lines, "problem line out of range");
  }
  // Empty or whitespace-only input has no events and no problem.
  if (std::all_of(data.begin(), data.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
    FuzzCheck(items == 0 && file.ok(), "blank input produced items or a problem");
  }
}

}  // namespace subledger::fuzz
