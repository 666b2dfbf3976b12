// Civil calendar arithmetic: known dates, and CivilFromDays inverts
// DaysFromCivil for every day of 1600..2400 (leap centuries included).
#include "ledger/civil_date.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

TEST(CivilDate, KnownDays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2026, 1, 1) * 86400, 1767225600);
  const CivilDate leap = CivilFromDays(DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(leap.year, 2024);
  EXPECT_EQ(leap.month, 2u);
  EXPECT_EQ(leap.day, 29u);
}

TEST(CivilDate, RoundTripsEveryDayAndCountsThemInOrder) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t expected = DaysFromCivil(1600, 1, 1);
  for (int64_t y = 1600; y <= 2400; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned days = m == 2 && leap ? 29 : kDays[m - 1];
      for (unsigned d = 1; d <= days; ++d, ++expected) {
        ASSERT_EQ(DaysFromCivil(y, m, d), expected) << y << "-" << m << "-" << d;
        const CivilDate back = CivilFromDays(expected);
        ASSERT_EQ(back.year, y);
        ASSERT_EQ(back.month, m);
        ASSERT_EQ(back.day, d);
      }
    }
  }
}

}  // namespace
}  // namespace subledger
