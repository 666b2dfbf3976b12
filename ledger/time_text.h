// Times and spans written by people (flags, workflow definitions), and the
// civil-date helpers the projections and the event generator share. Dates
// are C++20 <chrono> calendar types (proleptic Gregorian, UTC).
//
// ParseTimeArg: the CLI's TIME arguments (`backfill --since TIME`) as Unix seconds:
//   1767225600                 Unix seconds
//   2026-01-01                 a date: 00:00:00 UTC that day
//   2026-01-01T12:30:00Z       a datetime (also with a space for 'T', with
//   2026-01-01T12:30:00+02:00  fractional seconds, or without a zone = UTC)
// Anything else (2026-02-30 included) is kInvalidArgument naming the accepted forms.
//
// ParseDurationSeconds: a whole number with an optional unit s, m, h or d
// ("300", "300s", "15m", "1h", "3d") in seconds (0 allowed: the caller decides
// what 0 means); at most 9 digits.
//
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "ledger/status.h"

namespace subledger {

Result<int64_t> ParseTimeArg(std::string_view text);
Result<int64_t> ParseDurationSeconds(std::string_view text);

// The civil date of a Unix time (floored to its UTC day; before 1970 too).
std::chrono::year_month_day CivilDateOf(int64_t unix_seconds);
// The first second (UTC) of `date`; the date may be past its month's end
// (2026-02-31 is 2026-03-03), as sys_days counts it.
int64_t UnixSecondsOf(std::chrono::year_month_day date);

}  // namespace subledger
