// ParseTimeArg and the civil-date helpers (ledger/time_text.h), checked
// against a naive oracle: every day of 1600..2400 (leap centuries included).
#include "ledger/time_text.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace subledger {
namespace {

// Oracle: count days one by one from 1970.
int64_t NaiveDays(int year, int month, int day) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t days = 0;
  for (int y = 1970; y < year; ++y) days += ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 366 : 365;
  for (int m = 1; m < month; ++m) {
    days += kDays[m - 1] + (m == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
  }
  return days + day - 1;
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  return UnixSecondsOf(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}) / 86400;
}

TEST(TimeArg, DaysFromCivilMatchesTheOracle) {
  for (int y = 1970; y < 2110; y += 7) {
    for (int m = 1; m <= 12; ++m) EXPECT_EQ(DaysFromCivil(y, m, 28), NaiveDays(y, m, 28)) << y << "-" << m;
  }
}

TEST(CivilDate, KnownDays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2026, 1, 1) * 86400, 1767225600);
  const std::chrono::year_month_day leap = CivilDateOf(DaysFromCivil(2024, 2, 29) * 86400 + 86399);
  EXPECT_EQ(leap, std::chrono::year{2024} / 2 / 29);
  EXPECT_EQ(CivilDateOf(-1), std::chrono::year{1969} / 12 / 31);
}

TEST(CivilDate, RoundTripsEveryDayAndParsesEachOne) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t expected = DaysFromCivil(1600, 1, 1);
  for (int y = 1600; y <= 2400; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned days = m == 2 && leap ? 29 : kDays[m - 1];
      for (unsigned d = 1; d <= days; ++d, ++expected) {
        ASSERT_EQ(DaysFromCivil(y, m, d), expected) << y << "-" << m << "-" << d;
        ASSERT_EQ(CivilDateOf(expected * 86400), std::chrono::year{y} / m / d);
      }
      char past_end[40];
      std::snprintf(past_end, sizeof past_end, "%04d-%02u-%02u", y, m, days + 1);
      ASSERT_FALSE(ParseTimeArg(past_end).ok()) << past_end;
    }
  }
}

TEST(TimeArg, AcceptedForms) {
  EXPECT_EQ(*ParseTimeArg("1767225600"), 1767225600);
  EXPECT_EQ(*ParseTimeArg("2026-01-01"), 1767225600);
  EXPECT_EQ(*ParseTimeArg("2026-01-01T00:00:00Z"), 1767225600);
  EXPECT_EQ(*ParseTimeArg("2026-01-01T12:30:15Z"), 1767225600 + 12 * 3600 + 30 * 60 + 15);
  EXPECT_EQ(*ParseTimeArg("2026-01-01 12:30"), 1767225600 + 12 * 3600 + 30 * 60);
  EXPECT_EQ(*ParseTimeArg("2026-01-01T12:30:15.250Z"), 1767225600 + 12 * 3600 + 30 * 60 + 15);
  EXPECT_EQ(*ParseTimeArg("2026-01-01T02:00:00+02:00"), 1767225600);
  EXPECT_EQ(*ParseTimeArg("2025-12-31T22:00:00-02:00"), 1767225600);
  EXPECT_EQ(*ParseTimeArg("2024-02-29"), NaiveDays(2024, 2, 29) * 86400);
}

TEST(TimeArg, RejectedForms) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2025-02-29", "2026-1-1",
                          "2026-01-01T25:00", "2026-01-01T12", "2026-01-01Z", "2026-01-01T12:00:00+0200",
                          "2026-01-01T12:00:00 UTC", "-5", "12abc"}) {
    Result<int64_t> r = ParseTimeArg(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("expected Unix seconds"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace subledger

namespace subledger {
namespace {

TEST(DurationArg, UnitsAndErrors) {
  EXPECT_EQ(*ParseDurationSeconds("300"), 300);
  EXPECT_EQ(*ParseDurationSeconds("300s"), 300);
  EXPECT_EQ(*ParseDurationSeconds("15m"), 900);
  EXPECT_EQ(*ParseDurationSeconds("2h"), 7200);
  EXPECT_EQ(*ParseDurationSeconds("3d"), 259200);
  EXPECT_EQ(*ParseDurationSeconds("0"), 0);
  for (const char* bad : {"", "m", "5x", "-5m", "1.5h", "5 m", "10000000000"}) {
    EXPECT_FALSE(ParseDurationSeconds(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace subledger
