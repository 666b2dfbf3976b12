#include "projections/calendar.h"

#include <cstdio>

namespace subledger {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = m;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

MonthIndex MonthOf(int64_t unix_seconds) {
  int64_t year;
  unsigned month;
  CivilFromDays(FloorDiv(unix_seconds, 86400), &year, &month);
  return static_cast<MonthIndex>(year * 12 + (month - 1));
}

std::string MonthLabel(MonthIndex m) {
  char buf[32];
  int64_t year = FloorDiv(m, 12);
  int month = static_cast<int>(m - year * 12) + 1;
  std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(year), month);
  return buf;
}

std::optional<MonthIndex> ParseMonthLabel(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    year = year * 10 + (s[i] - '0');
  }
  for (int i = 5; i < 7; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    month = month * 10 + (s[i] - '0');
  }
  if (month < 1 || month > 12) return std::nullopt;
  return static_cast<MonthIndex>(year * 12 + month - 1);
}

int64_t MonthStartUnix(MonthIndex m) {
  int64_t year = FloorDiv(m, 12);
  unsigned month = static_cast<unsigned>(m - year * 12) + 1;
  return DaysFromCivil(year, month, 1) * 86400;
}

}  // namespace subledger
