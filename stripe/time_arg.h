// Parses the CLI's TIME arguments (e.g. `backfill --since TIME`) into Unix
// seconds. Accepted forms:
//   1767225600                 Unix seconds
//   2026-01-01                 a date: 00:00:00 UTC that day
//   2026-01-01T12:30:00Z       a datetime (also with a space for 'T', with
//   2026-01-01T12:30:00+02:00  fractional seconds, or without a zone = UTC)
// Anything else is kInvalidArgument with the accepted forms in the message.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/civil_date.h"  // DaysFromCivil, used with ParseTimeArg
#include "ledger/status.h"

namespace subledger {

Result<int64_t> ParseTimeArg(std::string_view text);

// Parses a duration for flags such as --reconcile-interval: a whole number
// with an optional unit s, m, h or d ("300", "300s", "15m", "1h", "3d"),
// returned in seconds (0 allowed: the caller decides what 0 means).
Result<int64_t> ParseDurationSeconds(std::string_view text);


}  // namespace subledger
