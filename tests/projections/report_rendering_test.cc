// Rendering of rates in `report --json` (spec §7: rates are numbers, laid out
// like Python's repr so the document is byte-comparable). PythonFloat must
// depend only on its argument: here the stack is filled with digits before
// each call, so a read past the end of its scratch buffer shows up.
#include <gtest/gtest.h>

#include <cstring>

#include "ledger/event_envelope.h"
#include "ledger/json_writer.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"
#include "tools/eventgen/event_generator.h"

namespace subledger {
namespace {

// Leaves digits in the stack area the next call will reuse.
[[gnu::noinline]] void DirtyStack(char digit) {
  volatile char junk[8192];
  for (size_t i = 0; i < sizeof junk; ++i) junk[i] = digit;
}

std::string RenderCurrency(const CurrencyRow& row) {
  JsonWriter w(-1);
  WriteCurrencyRow(w, row);
  return w.Take();
}

std::string RenderMonth(const MonthRow& row) {
  JsonWriter w(-1);
  WriteMonthRow(w, row);
  return w.Take();
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

// --currency/--from/--to select rows of the full report; they never change a row.
TEST(ReportRenderingTest, FiltersSelectRowsWithoutChangingThem) {
  eventgen::GeneratorOptions o;
  o.seed = 12;
  o.events = 1500;
  ProjectionState state;
  std::vector<EventFact> facts;
  SequenceNumber seq = 0;
  for (const auto& e : eventgen::EventGenerator(o).All()) {
    auto env = ExtractEnvelope(e.body);
    ASSERT_TRUE(env.ok());
    facts.push_back(ExtractFact(++seq, *env, e.body));
  }
  ASSERT_TRUE(state.ApplyBatch(std::move(facts), seq).ok());
  const auto snapshot = state.Snapshot(nullptr);
  const RevenueTotals& totals = *snapshot->Find(snapshot->DefaultBook());
  const RevenueReport full = BuildReport(totals);
  ReportFilter f;
  f.currency = "eur";
  f.from = ParseMonthLabel("2025-03");
  f.to = ParseMonthLabel("2025-05");
  const RevenueReport part = BuildReport(totals, f);
  ASSERT_EQ(part.currencies.size(), 1u);
  ASSERT_EQ(part.months.size(), 3u);
  for (const auto& c : full.currencies) {
    if (c.currency == "eur") {
      EXPECT_EQ(RenderCurrency(c), RenderCurrency(part.currencies[0]));
    }
  }
  size_t k = 0;
  for (const auto& m : full.months) {
    if (m.currency != "eur" || m.month < *f.from || m.month > *f.to) continue;
    ASSERT_LT(k, part.months.size());
    EXPECT_EQ(RenderMonth(m), RenderMonth(part.months[k++]));
  }
  EXPECT_EQ(k, 3u);
  EXPECT_EQ(part.events, full.events);
  EXPECT_EQ(part.as_of, full.as_of);
}

}  // namespace
}  // namespace subledger
