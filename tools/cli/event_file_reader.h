// EventFileReader: splits an import file into event bodies, keeping each
// body's original bytes, and says where each came from (file:line).
//
// Formats, chosen by the first non-whitespace character (after an optional
// UTF-8 byte-order mark):
//  * '['  a JSON array of events: each element's exact byte span is a body;
//  * '{'  JSON Lines: one event per line; surrounding spaces, tabs and a
//         trailing '\r' are trimmed, blank lines skipped. A file that is
//         one (pretty-printed) JSON object as a whole, like the files in
//         Stripe's docs and fixtures, is one event;
//  * nothing: an empty file has no events; anything else is an error.
// Items are validated at the log's door, ExtractPlausibleEnvelope (a valid
// envelope with a plausible `created` on `clock`, ledger/plausible_event.h),
// and a top-level "object" member, when present, must be "event"; an
// invalid item is reported with its line number and not returned as an event. When an array's structure
// itself is broken (a missing comma, an unterminated element) the rest of
// the file cannot be split reliably: one problem is reported and reading stops.
//
// Thread safety: a value; one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "ledger/clock.h"
#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger::cli {

struct EventFileItem {
  size_t line = 0;  // 1-based line where the item starts
  std::string_view body;       // the item's bytes (valid while the text lives)
  Result<EventEnvelope> envelope = Status::Internal("unset");  // or why the item is rejected
};

// Calls `fn` for each item of `text` in file order. Returns a non-OK Status
// only for a file-level problem (unknown format, broken array structure);
// such a problem's line is in *problem_line. `clock` must outlive the call.
Status ReadEventFile(std::string_view text, const Clock& clock,
                     const std::function<void(EventFileItem&)>& fn, size_t* problem_line);

}  // namespace subledger::cli
