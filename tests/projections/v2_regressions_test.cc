// One regression test per way revenue model v1 was wrong on real accounts
// (issue "Revenue model v2", first list), plus spec §8's two new worked
// examples. Each runs through the projections' own pipeline and is checked
// against the naive oracle too.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "ledger/event_envelope.h"
#include "projections/projection_state.h"
#include "tests/projections/fold_oracle_check.h"
#include "tests/projections/naive_oracle.h"
#include "tests/projections/stripe_builders.h"

namespace subledger::testing::build {
namespace {

namespace oracle = subledger::testing::oracle;

// The same event in another book: Connect account and/or mode.
std::string InBook(const std::string& body, const std::string& account, bool livemode) {
  json e = json::parse(body);
  if (!account.empty()) e["account"] = account;
  e["livemode"] = livemode;
  return e.dump();
}

json TieredPrice(const std::string& id, const std::string& mode, bool with_tiers) {
  json p = Price(id, nullptr);
  p["tiers_mode"] = mode;
  if (with_tiers) {
    p["tiers"] = json::array({{{"up_to", 5}, {"unit_amount", 1000}, {"unit_amount_decimal", "1000"},
                               {"flat_amount", nullptr}, {"flat_amount_decimal", nullptr}},
                              {{"up_to", nullptr}, {"unit_amount", 800}, {"unit_amount_decimal", "800"},
                               {"flat_amount", nullptr}, {"flat_amount_decimal", nullptr}}});
  }
  return p;
}

TEST(V2RegressionTest, TestModeAndConnectEventsNeverMoveThePlatformsLiveMrr) {
  Fold f;
  f.Add(InBook(Event("evt_live", "customer.subscription.created", At(2025, 3, 1), Monthly("sub_1", "cus_1", 5000)),
               "", true));
  f.Add(InBook(Event("evt_test", "customer.subscription.created", At(2025, 3, 2), Monthly("sub_2", "cus_2", 7000)),
               "", false));
  f.Add(InBook(Event("evt_connect", "customer.subscription.created", At(2025, 3, 3),
                     Monthly("sub_1", "cus_1", 9000)),  // the same ids, another account's book
               "acct_connected1", true));
  const RevenueReport live = f.Report();  // §0's default: the platform, live
  EXPECT_TRUE(live.book.livemode);
  EXPECT_EQ(live.events, 1u);
  EXPECT_EQ(f.Currency("usd").mrr, 5000);
  ExpectOracleAgrees(f);
}

TEST(V2RegressionTest, IdOnlyDiscountsDoNotFlipBetweenWebhookAndSnapshot) {
  // From API 2025-03-31 on, webhooks carry discounts[] as ids; a snapshot
  // (or customer.discount.created) carries the object. The subscription must
  // not swing between full and discounted price with each kind of event.
  Fold f;
  json coupon = Coupon("forever", 20);
  json discount = {{"id", "di_1"}, {"object", "discount"}, {"coupon", coupon}, {"end", nullptr},
                   {"subscription", "sub_1"}, {"customer", "cus_1"}};
  json by_id = Monthly("sub_1", "cus_1", 10000);
  by_id["discounts"] = json::array({"di_1"});
  json expanded = by_id;
  expanded["discounts"] = json::array({discount});
  f.Add(Event("evt_1", "customer.subscription.created", At(2025, 3, 1), by_id));
  f.Add(Event("evt_2", "customer.discount.created", At(2025, 3, 1), discount));
  f.Add(Event("evt_snap", "subledger.subscription.snapshot", At(2025, 3, 5), expanded));
  f.Add(Event("evt_3", "customer.subscription.updated", At(2025, 3, 9), by_id));
  const MonthRow march = f.Month("usd", 2025, 3);
  EXPECT_EQ(march.new_mrr, 8000);
  EXPECT_EQ(march.expansion, 0);
  EXPECT_EQ(march.contraction, 0);
  EXPECT_EQ(f.Currency("usd").mrr, 8000);
  EXPECT_EQ(f.Currency("usd").unresolved_discounts, 0);
  ExpectOracleAgrees(f);
}

TEST(V2RegressionTest, ARepeatingCouponStopsAtItsEndWithNoSubscriptionEvent) {
  // §8: 50 USD/month with a 3-month repeating 50 % coupon from 2026-01-10:
  // 25 USD until 2026-04-10, then 50 USD — an expansion in April.
  Fold f;
  json sub = Monthly("sub_1", "cus_1", 5000);
  sub["discounts"] = json::array({{{"id", "di_r"}, {"object", "discount"}, {"coupon", Coupon("repeating", 50)},
                                   {"end", At(2026, 4, 10)}}});
  f.Add(Event("evt_1", "customer.subscription.created", At(2026, 1, 10), sub));
  f.Add(PaymentIntent("evt_pay", "payment_intent.succeeded", At(2026, 5, 2), 5000));  // the book's as_of moves on
  EXPECT_EQ(f.Month("usd", 2026, 3).mrr_end, 2500);
  EXPECT_EQ(f.Month("usd", 2026, 4).expansion, 2500);
  EXPECT_EQ(f.Month("usd", 2026, 4).mrr_end, 5000);
  EXPECT_EQ(f.Currency("usd").mrr, 5000);
  ExpectOracleAgrees(f);
}

TEST(V2RegressionTest, TieredSeatPricesCountAndTheirTiersMayComeFromPriceEvents) {
  // §8: 1-5 seats at 10.00, 6+ at 8.00, 10 seats: volume 80.00, graduated 90.00.
  Fold f;
  f.Add(Event("evt_v", "customer.subscription.created", At(2025, 2, 1),
              Subscription("sub_v", "cus_v", "active", {Item(TieredPrice("price_v", "volume", true), 10)})));
  // The graduated price's tiers arrive only in a price.updated event, later.
  f.Add(Event("evt_g", "customer.subscription.created", At(2025, 2, 2),
              Subscription("sub_g", "cus_g", "active", {Item(TieredPrice("price_g", "graduated", false), 10)})));
  EXPECT_EQ(f.Currency("usd").mrr, 8000);
  EXPECT_EQ(f.Currency("usd").unpriced_items, 1);
  f.Add(Event("evt_price", "price.updated", At(2025, 2, 20), TieredPrice("price_g", "graduated", true)));
  EXPECT_EQ(f.Currency("usd").mrr, 8000 + 9000);
  EXPECT_EQ(f.Currency("usd").unpriced_items, 0);
  EXPECT_EQ(f.Month("usd", 2025, 2).new_mrr, 17000);  // the late price restates February
  ExpectOracleAgrees(f);
}

TEST(V2RegressionTest, ImplausibleCreatedTimesAreLeftOutAndCostNothing) {
  // A millisecond `created` (an older version let it into the log) and
  // created = 2^63-1: the projections count them as implausible and leave
  // them out — no row per month up to year 178 million, no zeroed MRR.
  ProjectionState state;
  std::vector<EventFact> facts;
  SequenceNumber seq = 0;
  const int64_t arrival_micros = At(2025, 6, 1) * int64_t{1000000};
  auto add = [&](const std::string& body) {
    auto env = ExtractEnvelope(body);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    facts.push_back(ExtractFact(++seq, *env, body, EventSource::kImport, arrival_micros));
  };
  add(Event("evt_ok", "customer.subscription.created", At(2025, 5, 1), Monthly("sub_1", "cus_1", 5000)));
  add(Event("evt_ms", "customer.subscription.updated", int64_t{5647000000000000}, Monthly("sub_1", "cus_1", 0)));
  add(Event("evt_max", "customer.subscription.deleted", std::numeric_limits<int64_t>::max(),
            Monthly("sub_1", "cus_1", 0)));
  add(Event("evt_old", "customer.created", 1000, json{{"id", "cus_1"}}));
  ASSERT_TRUE(state.ApplyBatch(std::move(facts), seq).ok());
  const auto snapshot = state.Snapshot(nullptr);
  EXPECT_EQ(snapshot->implausible_events, 3u);
  const RevenueReport r = BuildReport(*snapshot->Find(snapshot->DefaultBook()));
  EXPECT_EQ(r.events, 1u);
  EXPECT_EQ(r.as_of, At(2025, 5, 1));
  ASSERT_EQ(r.months.size(), 1u);
  ASSERT_EQ(r.currencies.size(), 1u);
  EXPECT_EQ(r.currencies[0].mrr, 5000);
}

TEST(V2RegressionTest, HugeAmountsAndStackedCouponsStayExact) {
  Fold f;
  // 10^12 x 10^4: 10^16 minor units, past what a double holds exactly.
  f.Add(Event("evt_big", "customer.subscription.created", At(2025, 4, 1),
              Subscription("sub_big", "cus_big", "active", {Item(Price("price_big", int64_t{1000000000000}), 10000)})));
  EXPECT_EQ(f.Currency("usd").mrr, Money{10000000000000000});
  // Ten stacked 33.33 % forever coupons: (1 - 0.3333)^10 needs 140-bit denominators.
  json stacked = Monthly("sub_s", "cus_s", 100000000);
  json discounts = json::array();
  for (int i = 0; i < 10; ++i) {
    discounts.push_back({{"id", "di_" + std::to_string(i)}, {"object", "discount"}, {"coupon", Coupon("forever", "33.33")}});
  }
  stacked["discounts"] = discounts;
  f.Add(Event("evt_s", "customer.subscription.created", At(2025, 4, 2), stacked));
  // 10^8 x 0.6667^10 = 1735020.263... cents -> 1735020
  EXPECT_EQ(f.Currency("usd").mrr, Money{10000000000000000} + 1735020);
  EXPECT_EQ(f.Currency("usd").unpriced_items, 0);
  ExpectOracleAgrees(f);
}

}  // namespace
}  // namespace subledger::testing::build
