// Rendering of rates in `report --json` (spec §7: rates are numbers, laid out
// like Python's repr so the document is byte-comparable). PythonFloat must
// depend only on its argument: here the stack is filled with digits before
// each call, so a read past the end of its scratch buffer shows up.
#include <gtest/gtest.h>

#include <cstring>

#include "projections/revenue_report.h"

namespace subledger {
namespace {

// Leaves digits in the stack area the next call will reuse.
[[gnu::noinline]] void DirtyStack(char digit) {
  volatile char junk[8192];
  for (size_t i = 0; i < sizeof junk; ++i) junk[i] = digit;
}

TEST(ReportRenderingTest, PythonFloatIgnoresWhateverLiesBeyondItsDigits) {
  const std::pair<double, const char*> cases[] = {
      {1.0, "1.0"},   {0.4, "0.4"},   {0.75, "0.75"}, {2.0 / 3.0, "0.6666666666666666"},
      {0.5, "0.5"},   {1e-05, "1e-05"}, {0.2, "0.2"}, {-1.2200886262924668, "-1.2200886262924668"},
  };
  for (char digit : {'7', '1', '9', '0'}) {
    for (const auto& [v, text] : cases) {
      DirtyStack(digit);
      EXPECT_EQ(PythonFloat(v), text) << "stack filled with " << digit;
    }
  }
}

}  // namespace
}  // namespace subledger
