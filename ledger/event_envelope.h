// ExtractEnvelope: the request path's one cheap pass over a webhook body.
//
// It validates the body as well-formed JSON (RFC 8259: UTF-8, no trailing
// garbage, numbers that fit an int64 or a finite double, nesting depth at most
// kMaxJsonDepth) and extracts the EventEnvelope. The body must be a JSON
// object with a string "id", a string "type" and an integer "created";
// otherwise kInvalidArgument with a message naming what is wrong.
// Does not allocate a DOM. Thread safety: pure function.
#pragma once

#include <string_view>

#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger {

Result<EventEnvelope> ExtractEnvelope(std::string_view body);

}  // namespace subledger
