// ExpectOracleAgrees: the projections' own pipeline in memory (Fold) must
// give the naive oracle's report for every book of the stream, byte for byte.
//
// Thread safety: a test helper, one thread.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "projections/revenue_report.h"
#include "tests/projections/naive_oracle.h"
#include "tests/projections/stripe_builders.h"

namespace subledger::testing::build {

inline void ExpectOracleAgrees(const Fold& f) {
  std::string want;
  for (const auto& [book, report] : oracle::NaiveReports(f.bodies())) {
    want += BookLabel(book) + "\n" + RenderReportJson(report);
  }
  EXPECT_EQ(f.AllBooks(), want);
}

}  // namespace subledger::testing::build
