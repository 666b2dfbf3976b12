#include "projections/calendar.h"

#include <cstdio>

#include "ledger/time_text.h"

namespace subledger {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

MonthIndex MonthOf(int64_t unix_seconds) {
  const std::chrono::year_month_day date = CivilDateOf(unix_seconds);
  return static_cast<MonthIndex>(static_cast<int>(date.year()) * 12 + static_cast<int>(static_cast<unsigned>(date.month())) - 1);
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
  const int64_t year = FloorDiv(m, 12);
  const unsigned month = static_cast<unsigned>(m - year * 12) + 1;
  return UnixSecondsOf(std::chrono::year{static_cast<int>(year)} / std::chrono::month{month} / 1);
}

}  // namespace subledger
