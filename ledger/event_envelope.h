// ExtractEnvelope: the request path's one pass over a webhook body (the
// log's door: webhooks, imports and backfills all pass it, plausible_event.h).
//
// It validates the body as well-formed JSON (RFC 8259: UTF-8, no trailing
// garbage, numbers that fit an int64 or a finite double -- a number too small
// for a double reads as zero --, nesting depth at most 64, as
// JsonDocument::kDefaultMaxDepth: what it accepts, JsonDocument reads) and
// extracts the EventEnvelope. The body must be a JSON object with a string
// "id", a string "type" and an integer "created"; "account", when present, is
// a string or null. Otherwise kInvalidArgument: "invalid JSON: <simdjson's
// message>" for a body that is not JSON, else "event envelope: <what is
// wrong>" (checked in that order).
//
// Keys are compared after unescaping (`"\u0069d"` is "id"), and a key the
// envelope could be read two ways is refused: a duplicate top-level key, a
// duplicate "object" in "data", a duplicate "id" or "object" in data.object.
// (Every standard JSON parser keeps the last duplicate; JsonDocument lookups
// the first. Duplicates deeper inside data.object are valid JSON and are
// left to the readers of those fields.)
//
// simdjson's DOM parser (docs/json.md): the body is copied into a per-thread
// padded buffer, parsed (validated) into the parser's tape, and the tape is
// walked once (nesting and int64 rules); no allocation per call once the
// thread's buffers are warm (the parser ~0.2 MiB, grown for a larger body and
// dropped after one over 64 KiB; the copy at most 1 MiB between calls).
// Thread safety: safe from any thread (per-thread state only).
#pragma once

#include <string>
#include <string_view>

#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger {

Result<EventEnvelope> ExtractEnvelope(std::string_view body);

// The top-level "account" of a body, by the rule of EventEnvelope::account
// ("" when absent, null, not a string, or the body does not parse). For
// record format v1, whose header has no account (record_codec.h).
std::string AccountOfBody(std::string_view body);

}  // namespace subledger
