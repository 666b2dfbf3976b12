// The event generator (tools/eventgen) feeds the property tests and the
// rebuild benchmark, so it is specified here, structurally: deterministic per
// seed and options; every body a plausible Stripe event (spec §1); distinct
// ids except deliberate re-deliveries; canonical order unless shuffled; the
// default mix realistic; and, with the v2 features turned up, every shape of
// revenue model v2 present in every seed's stream. No figure of the model is
// computed here (that is the projections' and the oracle's business).
#include "tools/eventgen/event_generator.h"

#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ledger/event_envelope.h"
#include "tests/projections/generated_stream.h"
#include "tools/eventgen/gen_flags.h"

namespace subledger::eventgen {
namespace {

using test_support::Coverage;
using test_support::GeneratedStream;

constexpr int64_t k2010 = 1262304000;  // spec §1: no Stripe event is older

GeneratorOptions Options(uint64_t seed, uint64_t events, bool heavy = false) {
  GeneratorOptions o;
  o.seed = seed;
  o.events = events;
  if (heavy) o.v2 = V2Rates::Heavy();
  return o;
}

std::vector<GeneratedEvent> Make(const GeneratorOptions& o) { return EventGenerator(o).All(); }

// Spec §1 type rank.
int Rank(const std::string& type) {
  if (type == "customer.discount.deleted") return 3;
  return type.ends_with(".created") ? 0 : type.ends_with(".deleted") ? 2 : 1;
}

TEST(EventGeneratorTest, SameOptionsSameBytesOtherSeedOtherStream) {
  for (const bool heavy : {false, true}) {
    GeneratorOptions o = Options(42, 400, heavy);
    o.v2.extreme_share = heavy ? 0.05 : 0;
    const auto a = Make(o), b = Make(o);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i].body, b[i].body) << i;
    o.seed = 43;
    EXPECT_NE(a[0].body, Make(o)[0].body);
  }
}

// Valid JSON with string id and type, an integer created between 2010 and now
// (and inside the options' range), in canonical order, ids all distinct.
TEST(EventGeneratorTest, EveryBodyIsAPlausibleStripeEventInCanonicalOrder) {
  const int64_t now = std::time(nullptr);
  for (const bool heavy : {false, true}) {
    GeneratorOptions o = Options(5, 3000, heavy);
    o.v2.extreme_share = heavy ? 0.03 : 0;
    const auto events = Make(o);
    ASSERT_EQ(events.size(), 3000u);
    std::set<std::string> ids;
    for (size_t i = 0; i < events.size(); ++i) {
      const GeneratedEvent& e = events[i];
      const auto j = nlohmann::json::parse(e.body);  // throws on invalid JSON
      ASSERT_TRUE(j.at("id").is_string() && j.at("type").is_string()) << e.body.substr(0, 200);
      ASSERT_TRUE(j.at("created").is_number_integer()) << e.id;
      EXPECT_TRUE(j.at("livemode").is_boolean()) << e.id;
      auto env = ExtractEnvelope(e.body);  // the request path's own check
      ASSERT_TRUE(env.ok()) << env.status().ToString() << " " << e.body.substr(0, 200);
      EXPECT_EQ(std::tie(env->id, env->type, env->created), std::tie(e.id, e.type, e.created));
      EXPECT_GE(e.created, std::max(k2010, o.start));
      EXPECT_LT(e.created, o.start + o.days * 86400);
      EXPECT_LE(e.created, now) << "an event from the future: " << e.id;
      EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
      if (i > 0) {
        const auto key = [](const GeneratedEvent& x) { return std::make_tuple(x.created, Rank(x.type), x.id); };
        EXPECT_LT(key(events[i - 1]), key(e)) << "not in canonical order at " << i;
      }
    }
  }
}

TEST(EventGeneratorTest, DuplicatesAreByteIdenticalRedeliveries) {
  const auto canonical = Make(Options(9, 500, true));
  for (const bool shuffle : {false, true}) {
    GeneratorOptions o = Options(9, 500, true);
    o.shuffle = shuffle;
    o.duplicates = 0.2;
    const auto noisy = Make(o);
    EXPECT_EQ(noisy.size(), 600u);
    std::map<std::string, std::string> by_id;
    for (const auto& e : canonical) by_id[e.id] = e.body;
    std::map<std::string, int> seen;
    for (const auto& e : noisy) {
      ++seen[e.id];
      ASSERT_TRUE(by_id.count(e.id)) << e.id;
      EXPECT_EQ(by_id[e.id], e.body);
    }
    EXPECT_EQ(seen.size(), 500u);
    // Without shuffle, first deliveries keep the canonical order and a re-delivery follows its original.
    std::vector<std::string> firsts;
    std::set<std::string> delivered;
    for (const auto& e : noisy) {
      if (delivered.insert(e.id).second) firsts.push_back(e.id);
    }
    bool canonical_firsts = true;
    for (size_t i = 0; i < 500; ++i) canonical_firsts &= firsts[i] == canonical[i].id;
    EXPECT_EQ(canonical_firsts, !shuffle);
  }
}

TEST(EventGeneratorTest, CustomersOptionBoundsTheStream) {
  GeneratorOptions o = Options(3, 100000);
  o.customers = 20;
  EventGenerator gen(o);
  EXPECT_EQ(gen.stats().customers, 20u);
  EXPECT_LT(gen.size(), 100000u);
  EXPECT_GT(gen.size(), 40u);
}

// The default mix stays the realistic one of the rebuild benchmark: mostly the
// platform's live book, webhook-sized bodies, v2 shapes present but rare, no extremes.
TEST(EventGeneratorTest, DefaultMixIsRealistic) {
  const auto events = Make(Options(7, 20000));
  size_t subscription_bytes = 0, subscription_events = 0;
  for (const auto& e : events) {
    if (e.type.rfind("customer.subscription.", 0) != 0) continue;
    subscription_bytes += e.body.size();
    ++subscription_events;
  }
  EXPECT_GE(subscription_bytes / subscription_events, 2500u);
  EXPECT_LE(subscription_bytes / subscription_events, 4000u);
  const Coverage c = GeneratedStream(events).coverage();
  EXPECT_GT(c.books.at("platform/live"), 20000 * 75 / 100);
  EXPECT_GT(c.books.at("connect/live"), 0);
  EXPECT_GT(c.books.at("platform/test"), 0);
  EXPECT_EQ(c.account_null + c.account_empty, 0);
  EXPECT_GT(c.id_only_by_event, 10 * c.id_only_unresolved);  // most discounts are announced
  EXPECT_LT(c.shared_ids.at("cus") * 50, c.ids.at("cus"));  // collisions across books: rare
  EXPECT_LT(c.max_unit_amount, 100000000);
  EXPECT_LT(c.max_quantity, 1000000);
  EXPECT_LE(c.max_discounts, 2u);
}

// With V2Rates::Heavy() and extremes, every seed's stream holds every v2 shape.
class V2CoverageTest : public ::testing::TestWithParam<uint64_t> {
 protected:
  // One stream per seed, shared by the tests of that seed.
  static const Coverage& Of(uint64_t seed) {
    static std::map<uint64_t, Coverage> cache;
    if (!cache.count(seed)) {
      GeneratorOptions o = Options(seed, 8000, /*heavy=*/true);
      o.v2.extreme_share = 0.03;
      cache[seed] = GeneratedStream(Make(o)).coverage();
    }
    return cache.at(seed);
  }
};

TEST_P(V2CoverageTest, BooksAndCustomers) {
  const Coverage& c = Of(GetParam());
  for (const char* book : {"platform/live", "platform/test", "connect/live", "connect/test"}) {
    EXPECT_GT(c.books.count(book) ? c.books.at(book) : 0, 0) << book;
  }
  EXPECT_GT(c.account_null, 0);
  EXPECT_GT(c.account_empty, 0);
  EXPECT_GT(c.customer_account_null, 0);
  EXPECT_GT(c.customer_account_absent, 0);
  for (const char* kind : {"cus", "sub", "di", "price"}) {
    EXPECT_GT(c.shared_ids.at(kind), 0) << kind << ": no deliberate collision across books";
  }
  EXPECT_LT(c.shared_ids.at("cus") * 8, c.ids.at("cus")) << "each book has its own customers";
}

TEST_P(V2CoverageTest, Discounts) {
  const Coverage& c = Of(GetParam());
  EXPECT_GT(c.id_only_by_event, 0);
  EXPECT_GT(c.id_only_late_event, 0);
  EXPECT_GT(c.id_only_by_legacy, 0);
  EXPECT_GT(c.id_only_by_snapshot_only, 0);
  EXPECT_GT(c.id_only_unresolved, 0);
  EXPECT_GT(c.legacy_discount, 0);
  EXPECT_GT(c.discount_deleted, 0);
  EXPECT_GT(c.silent_expiry, 0);
  EXPECT_GT(c.clover_coupon_announced, 0);
  EXPECT_GT(c.clover_coupon_unannounced, 0);
  EXPECT_GT(c.amount_off_lower, 0);
  EXPECT_GT(c.amount_off_upper, 0);
}

TEST_P(V2CoverageTest, Prices) {
  const Coverage& c = Of(GetParam());
  for (const char* mode : {"volume", "graduated"}) EXPECT_GT(c.tiers_mode.count(mode), 0u) << mode;
  for (const char* source : {"item", "price_event", "price_snapshot", "none"}) {
    EXPECT_GT(c.tier_source.count(source), 0u) << source;
  }
  EXPECT_GT(c.transform_quantity, 0);
  EXPECT_GT(c.transform_usage, 0);
  EXPECT_GT(c.negative_quantity, 0);
  EXPECT_GT(c.metered, 0);
}

TEST_P(V2CoverageTest, Trials) {
  const Coverage& c = Of(GetParam());
  for (const char* next : {"active", "canceled", "paused", "incomplete"}) {
    EXPECT_GT(c.trial_end.count(next), 0u) << "trialing -> " << next;
  }
  EXPECT_GT(c.trial_incomplete_expired, 0);
}

TEST_P(V2CoverageTest, Extremes) {
  const Coverage& c = Of(GetParam());
  EXPECT_GE(c.max_unit_amount, 999999999999);
  EXPECT_GE(c.max_quantity, 1000000);
  EXPECT_LE(c.max_quantity, 10000000);
  EXPECT_GE(c.max_discounts, 10u);
  EXPECT_GT(c.fractional_percent, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, V2CoverageTest, ::testing::Values(1, 2, 3));

TEST(GenFlagsTest, RatesApplyInOrderAndTheRangeMustBeInThePast) {
  GenFlags f;
  std::string error;
  const char* args[] = {"subledger-gen", "--events", "10", "--v2-heavy", "--extreme-share", "0.01", "--days", "30"};
  ASSERT_TRUE(GenFlags::Parse(8, const_cast<char**>(args), &f, &error)) << error;
  EXPECT_EQ(f.options.events, 10u);
  EXPECT_EQ(f.options.v2.connect_share, V2Rates::Heavy().connect_share);
  EXPECT_EQ(f.options.v2.extreme_share, 0.01);
  EXPECT_EQ(f.options.days, 30);
  GenFlags future;
  const char* late[] = {"subledger-gen", "--start", "2099-01-01"};
  EXPECT_FALSE(GenFlags::Parse(3, const_cast<char**>(late), &future, &error));
  const char* bad[] = {"subledger-gen", "--tiered-share", "1.5"};
  EXPECT_FALSE(GenFlags::Parse(3, const_cast<char**>(bad), &future, &error));
}

}  // namespace
}  // namespace subledger::eventgen
