// The spec's worked scenario (shared/spec/examples): a shuffled, duplicated
// stream whose report was computed by an independent implementation. Any
// order, any batching, must give exactly the expected bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "ledger/event_envelope.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"

namespace subledger {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<EventFact> ScenarioFacts() {
  std::ifstream in(SUBLEDGER_SHARED_DIR "/spec/examples/scenario-small.jsonl");
  std::vector<EventFact> facts;
  std::string line;
  SequenceNumber seq = 0;
  while (std::getline(in, line)) {
    auto env = ExtractEnvelope(line);
    EXPECT_TRUE(env.ok()) << env.status().ToString();
    if (!env.ok()) continue;
    facts.push_back(ExtractFact(++seq, *env, line));
  }
  return facts;
}

std::string Project(std::vector<EventFact> facts, std::mt19937_64& rng, int batches) {
  std::shuffle(facts.begin(), facts.end(), rng);
  // The log keeps the first delivery of each id.
  std::set<std::string> seen;
  std::vector<EventFact> distinct;
  for (auto& f : facts) {
    if (seen.insert(f.event_id).second) distinct.push_back(f);
  }
  ProjectionState state;
  size_t per = std::max<size_t>(1, distinct.size() / batches);
  for (size_t i = 0; i < distinct.size(); i += per) {
    std::vector<EventFact> batch(distinct.begin() + i, distinct.begin() + std::min(distinct.size(), i + per));
    EXPECT_TRUE(state.ApplyBatch(std::move(batch), i + per).ok());
  }
  return RenderReportJson(BuildReport(state.totals()));
}

TEST(ScenarioTest, ReproducesTheExpectedReportExactly) {
  std::mt19937_64 rng(1);
  std::string expected = ReadFile(SUBLEDGER_SHARED_DIR "/spec/examples/scenario-small.expected.json");
  std::string got = Project(ScenarioFacts(), rng, 1);
  EXPECT_EQ(got, expected);
}

TEST(ScenarioTest, AnyOrderAndBatchingGivesTheSameBytes) {
  std::string expected = ReadFile(SUBLEDGER_SHARED_DIR "/spec/examples/scenario-small.expected.json");
  auto facts = ScenarioFacts();
  for (int seed = 0; seed < 20; ++seed) {
    std::mt19937_64 rng(seed);
    int batches = 1 + seed * 7;
    EXPECT_EQ(Project(facts, rng, batches), expected) << "seed " << seed;
  }
}

}  // namespace
}  // namespace subledger

namespace subledger {
namespace {

// The append-only fast path (resuming a cached customer walk) must give the
// same bytes as deriving from scratch: feed the scenario in canonical order
// one event per batch (every customer resumes) and in reverse order (every
// late event forces a full derivation).
TEST(ScenarioTest, FastPathAndFullDerivationAgree) {
  std::string expected = ReadFile(SUBLEDGER_SHARED_DIR "/spec/examples/scenario-small.expected.json");
  std::vector<EventFact> facts = ScenarioFacts();
  std::set<std::string> seen;
  std::vector<EventFact> distinct;
  for (auto& f : facts) {
    if (seen.insert(f.event_id).second) distinct.push_back(f);
  }
  std::sort(distinct.begin(), distinct.end(), CanonicalLess);
  for (bool reverse : {false, true}) {
    std::vector<EventFact> order = distinct;
    if (reverse) std::reverse(order.begin(), order.end());
    ProjectionState state;
    SequenceNumber seq = 0;
    for (const EventFact& f : order) ASSERT_TRUE(state.ApplyBatch({f}, ++seq).ok());
    EXPECT_EQ(RenderReportJson(BuildReport(state.totals())), expected) << (reverse ? "reverse" : "forward");
    if (reverse) {
      EXPECT_EQ(state.resumed_derivations(), 0u);
    } else {
      EXPECT_GT(state.resumed_derivations(), state.full_derivations());
    }
  }
}

}  // namespace
}  // namespace subledger

namespace subledger {
namespace {

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
