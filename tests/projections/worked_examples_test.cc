// Spec §8: the public worked examples, each built as Stripe events and run
// through the projections (ExtractFact -> ProjectionState -> BuildReport);
// the naive oracle must agree on every document too.
#include <gtest/gtest.h>

#include "tests/projections/fold_oracle_check.h"
#include "tests/projections/naive_oracle.h"
#include "tests/projections/stripe_builders.h"

namespace subledger::testing::build {
namespace {

namespace oracle = subledger::testing::oracle;

std::string Id(const std::string& prefix, int i) { return prefix + std::to_string(1000 + i); }

TEST(WorkedExamplesTest, HundredMonthlyAndFiftyYearlyMakeTwelveThousandFiveHundred) {
  Fold f;
  for (int i = 0; i < 100; ++i) {
    f.Add(Event(Id("evt_m", i), "customer.subscription.created", At(2026, 1, 5),
                Monthly(Id("sub_m", i), Id("cus_m", i), 10000)));
  }
  for (int i = 0; i < 50; ++i) {
    f.Add(Event(Id("evt_y", i), "customer.subscription.created", At(2026, 1, 6),
                Subscription(Id("sub_y", i), Id("cus_y", i), "active", {Item(Price("price_y", 60000, "year"))})));
  }
  EXPECT_EQ(f.Currency("usd").mrr, 1250000);  // 12,500 USD
  EXPECT_EQ(f.Currency("usd").arr, 15000000);
  EXPECT_EQ(f.Currency("usd").customers, 150);
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, YearlyAndQuarterlyPricesAreNormalisedToAMonth) {
  Fold f;
  f.Add(Event("evt_1", "customer.subscription.created", At(2026, 1, 5),
              Subscription("sub_y", "cus_y", "active", {Item(Price("price_y", 120000, "year"))})));
  EXPECT_EQ(f.Currency("usd").mrr, 10000);  // 1,200/year -> 100
  f.Add(Event("evt_2", "customer.subscription.created", At(2026, 1, 6),
              Subscription("sub_q", "cus_q", "active", {Item(Price("price_q", 9000, "month", 3))})));
  EXPECT_EQ(f.Currency("usd").mrr, 10000 + 3000);  // 90 every 3 months -> 30
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, FiveCustomersThenTwoMore) {
  Fold f;
  for (int i = 0; i < 5; ++i) {
    f.Add(Event(Id("evt_a", i), "customer.subscription.created", At(2026, 1, 10 + i),
                Monthly(Id("sub_a", i), Id("cus_a", i), 500)));
  }
  for (int i = 0; i < 2; ++i) {
    f.Add(Event(Id("evt_b", i), "customer.subscription.created", At(2026, 2, 10 + i),
                Monthly(Id("sub_b", i), Id("cus_b", i), 3000)));
  }
  EXPECT_EQ(f.Month("usd", 2026, 1).mrr_end, 2500);  // 25 USD
  EXPECT_EQ(f.Month("usd", 2026, 1).new_mrr, 2500);
  EXPECT_EQ(f.Month("usd", 2026, 2).mrr_end, 8500);  // 85 USD
  EXPECT_EQ(f.Month("usd", 2026, 2).new_mrr, 6000);
  EXPECT_EQ(f.Month("usd", 2026, 2).customers_end, 7);
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, PercentCouponsReduceMrr) {
  Fold f;
  json half = Monthly("sub_half", "cus_half", 1000);
  half["discounts"] = json::array({Discount("di_half", Coupon("forever", 50))});
  f.Add(Event("evt_1", "customer.subscription.created", At(2026, 1, 5), half));
  EXPECT_EQ(f.Currency("usd").mrr, 500);  // 10 USD with 50 % forever -> 5
  json yearly = Subscription("sub_y", "cus_y", "active", {Item(Price("price_y", 12000, "year"))});
  yearly["discounts"] = json::array({Discount("di_ten", Coupon("forever", 10))});
  f.Add(Event("evt_2", "customer.subscription.created", At(2026, 1, 6), yearly));
  EXPECT_EQ(f.Currency("usd").mrr, 500 + 900);  // 120/year with 10 % off -> 9
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, WeeklyPriceUsesFiftyTwoTwelfths) {
  Fold f;
  f.Add(Event("evt_1", "customer.subscription.created", At(2026, 1, 5),
              Subscription("sub_w", "cus_w", "active", {Item(Price("price_w", 1000, "week"))})));
  EXPECT_EQ(f.Currency("usd").mrr, 4333);  // 1000 × 52/12 = 4333.33 -> 4333, not 4000
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, UpgradeInMarchEndedInApril) {
  Fold f;
  f.Add(Event("evt_1", "customer.subscription.created", At(2026, 2, 10), Monthly("sub_1", "cus_1", 10000)));
  json upgraded = Monthly("sub_1", "cus_1", 20000);
  f.Add(Event("evt_2", "customer.subscription.updated", At(2026, 3, 15), upgraded));
  upgraded["status"] = "canceled";
  f.Add(Event("evt_3", "customer.subscription.deleted", At(2026, 4, 20), upgraded));
  const MonthRow march = f.Month("usd", 2026, 3), april = f.Month("usd", 2026, 4);
  EXPECT_EQ(march.mrr_start, 10000);
  EXPECT_EQ(march.expansion, 10000);
  EXPECT_EQ(march.mrr_end, 20000);
  EXPECT_EQ(april.mrr_start, 20000);
  EXPECT_EQ(april.churn, 20000);
  EXPECT_EQ(april.churn_voluntary, 20000);
  EXPECT_EQ(april.mrr_end, 0);
  EXPECT_EQ(april.customers_churned, 1);
  // A plan change is one movement.
  const auto moves = f.Movements("cus_1");
  ASSERT_EQ(moves.size(), 3u);
  EXPECT_EQ(moves[1].kind, MovementKind::kExpansion);
  EXPECT_EQ(moves[1].amount, 10000);
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, GrossAndNetMrrChurnRates) {
  Fold f;
  // Start of March: A 10, B 20, C 70 -> 100.
  f.Add(Event("evt_a1", "customer.subscription.created", At(2026, 2, 1), Monthly("sub_a", "cus_a", 1000)));
  f.Add(Event("evt_b1", "customer.subscription.created", At(2026, 2, 2), Monthly("sub_b", "cus_b", 2000)));
  f.Add(Event("evt_c1", "customer.subscription.created", At(2026, 2, 3), Monthly("sub_c", "cus_c", 7000)));
  json a = Monthly("sub_a", "cus_a", 1000);
  a["status"] = "canceled";
  f.Add(Event("evt_a2", "customer.subscription.deleted", At(2026, 3, 5), a));                       // churn 10
  f.Add(Event("evt_b2", "customer.subscription.updated", At(2026, 3, 6), Monthly("sub_b", "cus_b", 1000)));  // contraction 10
  f.Add(Event("evt_c2", "customer.subscription.updated", At(2026, 3, 7), Monthly("sub_c", "cus_c", 8000)));  // expansion 10
  const MonthRow m = f.Month("usd", 2026, 3);
  EXPECT_EQ(m.mrr_start, 10000);
  EXPECT_EQ(m.churn, 1000);
  EXPECT_EQ(m.contraction, 1000);
  EXPECT_EQ(m.expansion, 1000);
  ASSERT_TRUE(m.gross_mrr_churn_rate && m.net_mrr_churn_rate);
  EXPECT_DOUBLE_EQ(*m.gross_mrr_churn_rate, 0.2);
  EXPECT_DOUBLE_EQ(*m.net_mrr_churn_rate, 0.1);
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, CustomerChurnRateIgnoresThoseWhoJoinedThatMonth) {
  Fold f;
  for (int i = 0; i < 100; ++i) {
    f.Add(Event(Id("evt_s", i), "customer.subscription.created", At(2026, 1, 10),
                Monthly(Id("sub_", i), Id("cus_", i), 1000)));
  }
  for (int i = 0; i < 10; ++i) {  // 10 of the 100 cancel in February
    json s = Monthly(Id("sub_", i), Id("cus_", i), 1000);
    s["status"] = "canceled";
    f.Add(Event(Id("evt_c", i), "customer.subscription.deleted", At(2026, 2, 10 + i), s));
  }
  // One customer joins in February and cancels in February: the 11th cancellation.
  f.Add(Event("evt_n1", "customer.subscription.created", At(2026, 2, 3), Monthly("sub_new", "cus_new", 1000)));
  json gone = Monthly("sub_new", "cus_new", 1000);
  gone["status"] = "canceled";
  f.Add(Event("evt_n2", "customer.subscription.deleted", At(2026, 2, 25), gone));
  const MonthRow feb = f.Month("usd", 2026, 2);
  EXPECT_EQ(feb.customers_start, 100);
  EXPECT_EQ(feb.customers_churned, 10);
  ASSERT_TRUE(feb.customer_churn_rate.has_value());
  EXPECT_DOUBLE_EQ(*feb.customer_churn_rate, 0.1);
  EXPECT_EQ(feb.churn, 11000);  // the MRR churn still counts all 11
  ExpectOracleAgrees(f);
}

TEST(WorkedExamplesTest, ChartMogulGoldSilverLifecycle) {
  Fold f;
  json gold = Subscription("sub_gold", "cus_cm", "active", {Item(Price("price_gold_y", 50000, "year"), 4)});
  f.Add(Event("evt_1", "customer.subscription.created", At(2026, 1, 10), gold));  // 4 × Gold yearly, 2,000
  json silver = Monthly("sub_silver", "cus_cm", 3000, 2);
  f.Add(Event("evt_2", "customer.subscription.created", At(2026, 2, 10), silver));  // 2 × Silver at 30
  silver["status"] = "canceled";
  f.Add(Event("evt_3", "customer.subscription.deleted", At(2026, 3, 10), silver));
  gold["status"] = "canceled";
  f.Add(Event("evt_4", "customer.subscription.deleted", At(2026, 4, 10), gold));
  json again = Subscription("sub_gold2", "cus_cm", "active", {Item(Price("price_gold_m", 5000, "month"), 3)});
  f.Add(Event("evt_5", "customer.subscription.created", At(2026, 6, 10), again));  // 3 × Gold monthly at 50

  EXPECT_EQ(f.Month("usd", 2026, 1).new_mrr, 16667);
  EXPECT_EQ(f.Month("usd", 2026, 2).expansion, 6000);
  EXPECT_EQ(f.Month("usd", 2026, 3).contraction, 6000);
  EXPECT_EQ(f.Month("usd", 2026, 4).churn, 16667);
  EXPECT_EQ(f.Month("usd", 2026, 6).reactivation, 15000);
  const auto moves = f.Movements("cus_cm");
  ASSERT_EQ(moves.size(), 5u);
  const MovementKind kinds[] = {MovementKind::kNew, MovementKind::kExpansion, MovementKind::kContraction,
                                MovementKind::kChurn, MovementKind::kReactivation};
  const int64_t amounts[] = {16667, 6000, 6000, 16667, 15000};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(moves[i].kind, kinds[i]) << i;
    EXPECT_EQ(moves[i].amount, amounts[i]) << i;
  }
  ExpectOracleAgrees(f);
}

}  // namespace
}  // namespace subledger::testing::build
