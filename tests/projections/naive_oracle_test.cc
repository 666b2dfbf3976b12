// The naive oracle is itself checked before it is trusted: it must reproduce
// the spec's worked scenario byte for byte (computed by a third, independent
// implementation), read exact decimals exactly, and satisfy the spec's
// identities on generated streams.
#include "tests/projections/naive_oracle.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tools/eventgen/event_generator.h"

namespace subledger::testing::oracle {
namespace {

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(NaiveOracleTest, ReproducesTheSpecScenarioExactly) {
  const auto bodies = Lines(SUBLEDGER_SHARED_DIR "/spec/examples/scenario-small.jsonl");
  ASSERT_GT(bodies.size(), 400u);
  const std::string expected = Slurp(SUBLEDGER_SHARED_DIR "/spec/examples/scenario-small.expected.json");
  EXPECT_EQ(NaiveReport(bodies).json, expected);
}

TEST(NaiveOracleTest, ReadsDecimalsExactly) {
  EXPECT_EQ(*Decimal(Json("1250.5")), BigRational(2501, 2));
  EXPECT_EQ(*Decimal(Json("0.375")), BigRational(3, 8));
  EXPECT_EQ(*Decimal(Json("1e2")), BigRational(100));
  EXPECT_EQ(*Decimal(Json("-2.5E-1")), BigRational(-1, 4));
  EXPECT_EQ(*Decimal(Json(1500)), BigRational(1500));
  EXPECT_FALSE(Decimal(Json("12a")).has_value());
  EXPECT_FALSE(Decimal(Json(nullptr)).has_value());
  // A float in a body keeps its text: 33.33 is 3333/100, not the nearest double.
  auto j = ParseExact(R"({"percent_off":33.33,"n":7})");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(*Decimal(At(*j, "percent_off")), BigRational(3333, 100));
  EXPECT_EQ(At(*j, "n").get<int64_t>(), 7);
}

TEST(NaiveOracleTest, RoundsHalfUp) {
  EXPECT_EQ(RoundHalfUp(BigRational(13000, 3)), 4333);  // 10 USD/week
  EXPECT_EQ(RoundHalfUp(BigRational(1, 2)), 1);
  EXPECT_EQ(RoundHalfUp(BigRational(49999, 100000)), 0);
  EXPECT_EQ(RoundHalfUp(BigRational(200000, 12)), 16667);
}

TEST(NaiveOracleTest, SpecIdentitiesHoldOnGeneratedStreams) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    eventgen::GeneratorOptions o;
    o.seed = seed;
    o.events = 600;
    eventgen::EventGenerator gen(o);
    std::vector<std::string> bodies;
    for (auto& e : gen.All()) bodies.push_back(std::move(e.body));
    const Result r = NaiveReport(bodies);
    ASSERT_FALSE(r.report.months.empty());
    EXPECT_EQ(r.report.events, 600u);
    const MonthRow* previous = nullptr;
    for (const MonthRow& m : r.report.months) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " " + m.currency + " " + std::to_string(m.month));
      EXPECT_EQ(m.net_new, m.mrr_end - m.mrr_start);
      EXPECT_EQ(m.churn, m.churn_voluntary + m.churn_involuntary);
      EXPECT_LE(m.customers_churned, m.customers_start);
      EXPECT_LE(m.subscriptions_churned, m.subscriptions_start);
      if (previous && previous->currency == m.currency) {
        EXPECT_EQ(previous->mrr_end, m.mrr_start);
        EXPECT_EQ(previous->customers_end, m.customers_start);
      }
      previous = &m;
    }
  }
}

}  // namespace
}  // namespace subledger::testing::oracle
