// The spec's version-2 worked scenario (shared/spec/examples): a shuffled,
// redelivered stream of six books whose reports were computed by an
// independent implementation. The projections must reproduce every book
// byte for byte, in any order, any batching, with any redeliveries.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "ledger/event_envelope.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"
#include "tests/support/reference_books.h"

namespace subledger {
namespace {

using testing::ReferenceBooks;
using testing::ScenarioBodies;

// The facts of the distinct events, first body of an id wins (as the log).
std::vector<EventFact> DistinctFacts(const std::vector<std::string>& bodies) {
  std::vector<EventFact> facts;
  std::set<std::string> seen;
  for (const std::string& body : bodies) {
    auto env = ExtractEnvelope(body);
    EXPECT_TRUE(env.ok()) << env.status().ToString();
    if (!env.ok() || !seen.insert(env->id).second) continue;
    facts.push_back(ExtractFact(facts.size() + 1, *env, body));
  }
  return facts;
}

// Every book's report after folding `facts` in `batches` batches.
std::map<std::string, std::string> Reports(ProjectionState& state, const std::vector<EventFact>& facts,
                                           size_t batches) {
  const size_t per = std::max<size_t>(1, facts.size() / batches);
  for (size_t i = 0; i < facts.size(); i += per) {
    std::vector<EventFact> batch(facts.begin() + i, facts.begin() + std::min(facts.size(), i + per));
    EXPECT_TRUE(state.ApplyBatch(std::move(batch), i + per).ok());
    state.TakeWrites();
  }
  std::map<std::string, std::string> out;
  const auto snapshot = state.Snapshot(nullptr);
  for (const auto& [book, totals] : snapshot->books) {
    out[BookLabel(book)] = RenderReportJson(BuildReport(*totals));
  }
  return out;
}

std::map<std::string, std::string> Reports(const std::vector<EventFact>& facts, size_t batches) {
  ProjectionState state;
  return Reports(state, facts, batches);
}

TEST(ScenarioTest, ReproducesEveryBookByteForByte) {
  const auto expected = ReferenceBooks();
  ASSERT_EQ(expected.size(), 6u);
  const auto got = Reports(DistinctFacts(ScenarioBodies()), 1);
  for (const auto& [label, report] : expected) {
    ASSERT_TRUE(got.count(label)) << label;
    EXPECT_EQ(got.at(label), report) << label;
  }
  EXPECT_EQ(got.size(), expected.size());
}

TEST(ScenarioTest, TheDefaultBookIsThePlatformsLiveBook) {
  ProjectionState state;
  Reports(state, DistinctFacts(ScenarioBodies()), 1);
  const auto snapshot = state.Snapshot(nullptr);
  EXPECT_EQ(RenderReportJson(BuildReport(*snapshot->Find(snapshot->DefaultBook()))),
            testing::Slurp(testing::kExamples + "scenario-v2.expected.json"));
}

TEST(ScenarioTest, AnyOrderBatchingAndRedeliveriesGiveTheSameBytes) {
  const auto expected = ReferenceBooks();
  for (uint64_t seed = 0; seed < 12; ++seed) {
    const auto facts = DistinctFacts(testing::Redelivered(ScenarioBodies(), seed));
    const size_t batches = 1 + seed * seed * 5;  // 1 .. ~600 batches: down to one event each
    EXPECT_EQ(Reports(facts, batches), expected) << "seed " << seed << ", " << batches << " batches";
  }
}

// The append-only fast path (resuming a cached customer walk) must give the
// same bytes as deriving from scratch: feed the scenario in canonical order
// one event per batch (customers resume) and in reverse order (every late
// event forces a full derivation).
TEST(ScenarioTest, FastPathAndFullDerivationAgree) {
  const auto expected = ReferenceBooks();
  std::vector<EventFact> facts = DistinctFacts(ScenarioBodies());
  std::sort(facts.begin(), facts.end(), CanonicalLess);
  for (bool reverse : {false, true}) {
    std::vector<EventFact> order = facts;
    if (reverse) std::reverse(order.begin(), order.end());
    ProjectionState state;
    EXPECT_EQ(Reports(state, order, order.size()), expected) << (reverse ? "reverse" : "forward");
    uint64_t resumed = 0, full = 0;
    const auto snapshot = state.Snapshot(nullptr);
    for (const auto& [book, totals] : snapshot->books) {
      resumed += state.FindBook(book)->resumed_derivations();
      full += state.FindBook(book)->full_derivations();
    }
    if (reverse) {
      EXPECT_EQ(resumed, 0u);
    } else {
      EXPECT_GT(resumed, full);
    }
  }
}

TEST(PythonFloatTest, MatchesPythonRepr) {
  EXPECT_EQ(PythonFloat(0.0), "0.0");
  EXPECT_EQ(PythonFloat(1.0), "1.0");
  EXPECT_EQ(PythonFloat(-0.75), "-0.75");
  EXPECT_EQ(PythonFloat(0.30948037029529024), "0.30948037029529024");
  EXPECT_EQ(PythonFloat(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(PythonFloat(0.0001), "0.0001");
  EXPECT_EQ(PythonFloat(0.00001), "1e-05");
  EXPECT_EQ(PythonFloat(1.5e-7), "1.5e-07");
  EXPECT_EQ(PythonFloat(123456.0), "123456.0");
  EXPECT_EQ(PythonFloat(1e16), "1e+16");
  EXPECT_EQ(PythonFloat(12.5), "12.5");
  EXPECT_EQ(PythonFloat(-1.2200886262924668), "-1.2200886262924668");
}

}  // namespace
}  // namespace subledger
