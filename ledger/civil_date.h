// Proleptic Gregorian calendar arithmetic in days since 1970-01-01 (Howard
// Hinnant's days_from_civil / civil_from_days), for month boundaries in the
// projections, time arguments of the CLI and the event generator.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

namespace subledger {

struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// Days since 1970-01-01 of year-month-day (month 1..12, day 1..31).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// The date `days` days after 1970-01-01 (negative: before).
CivilDate CivilFromDays(int64_t days);

}  // namespace subledger
