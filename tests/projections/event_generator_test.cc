// The event generator (tools/eventgen) feeds the property tests and the
// rebuild benchmark, so it is specified here: deterministic, exact counts,
// valid and unique events, canonical order unless shuffled, and realistic
// enough to exercise every figure and every shape the spec names.
#include "tools/eventgen/event_generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ledger/event_envelope.h"
#include "tests/projections/naive_oracle.h"

namespace subledger::eventgen {
namespace {

namespace oracle = subledger::testing::oracle;

std::vector<GeneratedEvent> Make(uint64_t seed, uint64_t events, bool shuffle = false, double dup = 0) {
  GeneratorOptions o;
  o.seed = seed;
  o.events = events;
  o.shuffle = shuffle;
  o.duplicates = dup;
  return EventGenerator(o).All();
}

TEST(EventGeneratorTest, SameSeedSameBytesOtherSeedOtherStream) {
  const auto a = Make(42, 300), b = Make(42, 300), c = Make(43, 300);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].body, b[i].body) << i;
  EXPECT_NE(a[0].body, c[0].body);
}

TEST(EventGeneratorTest, ExactlyNDistinctValidEventsInCanonicalOrder) {
  const auto events = Make(5, 1000);
  ASSERT_EQ(events.size(), 1000u);
  std::set<std::string> ids;
  size_t subscription_bytes = 0, subscription_events = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    auto env = ExtractEnvelope(e.body);
    ASSERT_TRUE(env.ok()) << env.status().ToString() << " " << e.body.substr(0, 200);
    EXPECT_EQ(env->id, e.id);
    EXPECT_EQ(env->type, e.type);
    EXPECT_EQ(env->created, e.created);
    EXPECT_EQ(e.id.rfind("evt_", 0), 0u);
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    EXPECT_GE(e.body.size(), 700u);
    EXPECT_LE(e.body.size(), 12000u);
    if (e.type.find("subscription") != std::string::npos) {
      subscription_bytes += e.body.size();
      ++subscription_events;
    }
    if (i > 0) {
      const auto& p = events[i - 1];
      auto rank = [](const std::string& t) {
        return oracle::EndsWith(t, ".created") ? 0 : oracle::EndsWith(t, ".deleted") ? 2 : 1;
      };
      const auto key = [&](const GeneratedEvent& x) { return std::make_tuple(x.created, rank(x.type), x.id); };
      EXPECT_LT(key(p), key(e)) << "not in canonical order at " << i;
    }
  }
  ASSERT_GT(subscription_events, 0u);
  EXPECT_GE(subscription_bytes / subscription_events, 2000u);  // real webhook sizes
}

TEST(EventGeneratorTest, DuplicatesAndShuffleDeliverTheSameSet) {
  const auto canonical = Make(9, 500);
  const auto noisy = Make(9, 500, /*shuffle=*/true, /*dup=*/0.2);
  EXPECT_EQ(noisy.size(), 600u);
  std::map<std::string, std::string> by_id;
  for (const auto& e : canonical) by_id[e.id] = e.body;
  std::map<std::string, int> seen;
  for (const auto& e : noisy) {
    ++seen[e.id];
    ASSERT_TRUE(by_id.count(e.id)) << e.id;
    EXPECT_EQ(by_id[e.id], e.body);  // a re-delivery is byte-identical
  }
  EXPECT_EQ(seen.size(), 500u);
  bool reordered = false;
  for (size_t i = 0; i < 500; ++i) reordered |= noisy[i].id != canonical[i].id;
  EXPECT_TRUE(reordered);
  // Without shuffle, re-deliveries come after their original.
  const auto late_dups = Make(9, 500, false, 0.2);
  std::set<std::string> first;
  for (const auto& e : late_dups) first.insert(e.id);
  EXPECT_EQ(first.size(), 500u);
  EXPECT_EQ(late_dups.size(), 600u);
}

TEST(EventGeneratorTest, CustomersOptionBoundsTheStream) {
  GeneratorOptions o;
  o.seed = 3;
  o.events = 100000;
  o.customers = 20;
  EventGenerator gen(o);
  EXPECT_EQ(gen.stats().customers, 20u);
  EXPECT_LT(gen.size(), 100000u);
  EXPECT_GT(gen.size(), 40u);
}

// Everything the spec and the projections issue name shows up in a stream.
TEST(EventGeneratorTest, StreamsExerciseEveryShapeAndFigure) {
  const auto events = Make(11, 6000);
  std::set<std::string> versions, intervals, statuses, durations, reasons;
  bool fractional = false, metered = false, tiered = false, quarterly = false, wrong_currency = false,
       amount_off = false, percent_off = false, source_coupon = false, expanded = false, paused = false,
       cancel_at_period_end = false, cancel_at = false, at_2359 = false, at_0000 = false, legacy_discount = false;
  std::map<std::string, std::set<std::string>> currencies_of_customer;
  std::map<std::string, std::pair<int64_t, std::string>> created_of_sub;
  bool same_second_pair = false;
  for (const auto& e : events) {
    auto j = oracle::ParseExact(e.body);
    ASSERT_TRUE(j.has_value());
    versions.insert(oracle::Str(oracle::At(*j, "api_version")));
    if (e.created % 86400 == 86399) at_2359 = true;
    if (e.created % 86400 == 0) at_0000 = true;
    const oracle::Json& o = oracle::At(oracle::At(*j, "data"), "object");
    if (oracle::Str(oracle::At(o, "object")) != "subscription") continue;
    const std::string sub = oracle::Str(oracle::At(o, "id"));
    statuses.insert(oracle::Str(oracle::At(o, "status")));
    reasons.insert(oracle::Str(oracle::At(oracle::At(o, "cancellation_details"), "reason")));
    currencies_of_customer[oracle::Str(oracle::At(o, "customer"))].insert(oracle::Str(oracle::At(o, "currency")));
    paused |= !oracle::At(o, "pause_collection").is_null();
    cancel_at_period_end |= oracle::At(o, "cancel_at_period_end") == true;
    cancel_at |= oracle::At(o, "cancel_at").is_number_integer();
    if (e.type == "customer.subscription.created") created_of_sub[sub] = {e.created, e.id};
    if (e.type == "customer.subscription.updated" && created_of_sub.count(sub) && created_of_sub[sub].first == e.created) {
      same_second_pair = true;
    }
    for (const auto& it : oracle::At(oracle::At(o, "items"), "data")) {
      const oracle::Json& p = oracle::At(it, "price").is_object() ? oracle::At(it, "price") : oracle::At(it, "plan");
      const oracle::Json& rec = oracle::At(p, "recurring").is_object() ? oracle::At(p, "recurring") : p;
      intervals.insert(oracle::Str(oracle::At(rec, "interval")));
      quarterly |= oracle::At(rec, "interval_count") == 3;
      metered |= oracle::Str(oracle::At(rec, "usage_type")) == "metered";
      tiered |= oracle::Str(oracle::At(p, "billing_scheme")) == "tiered";
      const std::string dec = oracle::Str(oracle::At(p, "unit_amount_decimal")) + oracle::Str(oracle::At(p, "amount_decimal"));
      fractional |= dec.find('.') != std::string::npos;
    }
    std::vector<const oracle::Json*> ds;
    if (oracle::At(o, "discount").is_object()) {
      ds.push_back(&oracle::At(o, "discount"));
      legacy_discount = true;
    }
    for (const auto& d : oracle::At(o, "discounts")) {
      if (d.is_object()) {
        ds.push_back(&d);
        expanded = true;
      }
    }
    for (const oracle::Json* d : ds) {
      const oracle::Json* c = &oracle::At(*d, "coupon");
      if (!c->is_object()) {
        c = &oracle::At(oracle::At(*d, "source"), "coupon");
        source_coupon |= c->is_object();
      }
      durations.insert(oracle::Str(oracle::At(*c, "duration")));
      percent_off |= !oracle::At(*c, "percent_off").is_null();
      if (oracle::At(*c, "amount_off").is_number_integer()) {
        amount_off = true;
        wrong_currency |= oracle::Str(oracle::At(*c, "currency")) != oracle::Str(oracle::At(o, "currency"));
      }
    }
  }
  EXPECT_EQ(versions, (std::set<std::string>{"2019-12-03", "2024-09-30.acacia", "2025-03-31.basil", "2025-09-30.clover"}));
  EXPECT_EQ(intervals, (std::set<std::string>{"day", "week", "month", "year"}));
  for (const char* s : {"active", "trialing", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "paused"}) {
    EXPECT_TRUE(statuses.count(s)) << s;
  }
  EXPECT_EQ(durations, (std::set<std::string>{"forever", "repeating", "once"}));
  EXPECT_TRUE(reasons.count("payment_failed"));
  EXPECT_TRUE(reasons.count("cancellation_requested"));
  EXPECT_TRUE(fractional && metered && tiered && quarterly);
  EXPECT_TRUE(amount_off && percent_off && wrong_currency && source_coupon && expanded && legacy_discount);
  EXPECT_TRUE(paused && cancel_at_period_end && cancel_at);
  EXPECT_TRUE(at_2359 && at_0000);
  EXPECT_TRUE(same_second_pair);
  bool multi_currency = false;
  for (const auto& [c, set] : currencies_of_customer) multi_currency |= set.size() > 1;
  EXPECT_TRUE(multi_currency);

  // And every figure of the report moves somewhere.
  std::vector<std::string> bodies;
  for (const auto& e : events) bodies.push_back(e.body);
  const auto r = oracle::NaiveDetails(bodies);
  std::set<std::string> kinds;
  for (const auto& m : r.movements) kinds.insert(m.kind + (m.involuntary ? "/involuntary" : ""));
  for (const char* k : {"new", "expansion", "contraction", "churn", "churn/involuntary", "reactivation"}) {
    EXPECT_TRUE(kinds.count(k)) << k;
  }
  int64_t scheduled = 0, unpriced = 0, churned_involuntary = 0, failed = 0;
  for (const auto& m : r.report.months) {
    scheduled += m.scheduled_churn;
    churned_involuntary += m.customers_churned_involuntary;
    failed += m.payments_failed;
  }
  for (const auto& c : r.report.currencies) unpriced += c.unpriced_items;
  EXPECT_GT(scheduled, 0);
  EXPECT_GT(unpriced, 0);
  EXPECT_GT(churned_involuntary, 0);
  EXPECT_GT(failed, 0);
  EXPECT_EQ(r.report.currencies.size(), 3u);
}

}  // namespace
}  // namespace subledger::eventgen
