// Calendar months in UTC (spec: "month" is a calendar month in UTC).
// A MonthIndex is year*12 + (month-1): consecutive months are consecutive ints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace subledger {

using MonthIndex = int32_t;

MonthIndex MonthOf(int64_t unix_seconds);
std::string MonthLabel(MonthIndex m);                          // "2026-03"
std::optional<MonthIndex> ParseMonthLabel(std::string_view s);  // "YYYY-MM"
int64_t MonthStartUnix(MonthIndex m);                           // first second of the month

}  // namespace subledger
