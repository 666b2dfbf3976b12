// How a subscription state is read (projections/subscription_state.h), at
// the edges a review of spec §1 and §3 found: a discount named twice in one
// state, numbers written in other forms than a plain integer. Each case runs
// through the projections' own pipeline; where the spec fixes the number,
// the naive oracle must agree too.
#include <gtest/gtest.h>

#include <string>

#include "ledger/json_view.h"
#include "projections/subscription_state.h"
#include "tests/projections/fold_oracle_check.h"
#include "tests/projections/naive_oracle.h"
#include "tests/projections/stripe_builders.h"

namespace subledger::testing::build {
namespace {

namespace oracle = subledger::testing::oracle;

// `body` with the JSON string "<marker>" replaced by the literal `text`, so a
// test can send number forms nlohmann::json would not write (1e1, -0.0).
std::string WithLiteral(std::string body, const std::string& marker, const std::string& text) {
  const std::string quoted = "\"" + marker + "\"";
  const size_t at = body.find(quoted);
  EXPECT_NE(at, std::string::npos) << marker;
  if (at != std::string::npos) body.replace(at, quoted.size(), text);
  return body;
}

SubscriptionState Parse(const std::string& object_json) {
  JsonDocument doc;
  EXPECT_TRUE(doc.Parse(object_json).ok()) << object_json;
  return ParseSubscription(doc.root());
}

// 10,000 a month with the legacy `discount` and `discounts[]` both naming di_1.
json TwiceDiscounted(const std::string& id, const std::string& customer, json legacy, json entry) {
  json s = Monthly(id, customer, 10000);
  s["discount"] = std::move(legacy);
  s["discounts"] = json::array({std::move(entry)});
  return s;
}

TEST(SubscriptionStateTest, AnExpandedSecondCopyOfADiscountStillMakesItsCouponKnown) {
  // §3: an expanded coupon in any discount is a carrier; the legacy copy only
  // names the coupon by id, and no coupon.* event ever arrives.
  Fold f;
  f.Add(Event("evt_1", "customer.subscription.created", At(2025, 3, 1),
              TwiceDiscounted("sub_1", "cus_1", Discount("di_1", "co_forever"),
                              Discount("di_1", Coupon("forever", 50)))));
  EXPECT_EQ(f.Currency("usd").mrr, 5000);
  EXPECT_EQ(f.Currency("usd").unresolved_discounts, 0);
  ExpectOracleAgrees(f);
}

TEST(SubscriptionStateTest, ADiscountNamedTwiceCountsOnceAndTheLaterCopyIsTheKnownOne) {
  // The state applies its first occurrence (the legacy copy, 10 %); as a
  // carrier, the later copy in document order (20 %) is what an id-only
  // reference elsewhere resolves to.
  Fold f;
  f.Add(Event("evt_1", "customer.subscription.created", At(2025, 3, 1),
              TwiceDiscounted("sub_1", "cus_1", Discount("di_1", Coupon("forever", 10)),
                              Discount("di_1", Coupon("forever", 20)))));
  json other = Monthly("sub_2", "cus_2", 10000);
  other["discounts"] = json::array({"di_1"});
  f.Add(Event("evt_2", "customer.subscription.created", At(2025, 3, 2), other));
  EXPECT_EQ(f.Currency("usd").mrr, 9000 + 8000);
  EXPECT_EQ(f.Currency("usd").unresolved_discounts, 0);
  ExpectOracleAgrees(f);
}

// One monthly subscription at 1,000 a seat whose quantity is the literal
// `text`; `price` replaces the per-unit price when given.
std::string WithQuantity(const std::string& text, json price = nullptr) {
  json s = Monthly("sub_1", "cus_1", 1000);
  if (!price.is_null()) s["items"]["data"][0]["price"] = std::move(price);
  s["items"]["data"][0]["quantity"] = "QTY";
  return WithLiteral(Event("evt_1", "customer.subscription.created", At(2025, 3, 1), s), "QTY", text);
}

TEST(SubscriptionStateTest, QuantitiesAreReadExactlyWhateverTheirNumberForm) {
  // §1: a number is the exact value of its text; §3: negative counts as 0.
  struct Case {
    std::string text;
    int64_t mrr;  // at 1,000 a seat
  };
  for (const Case& c : {Case{"1e1", 10000}, Case{"10.0", 10000}, Case{"\"3\"", 3000}, Case{"-2.5", 0},
                        Case{"-1e1", 0}, Case{"-0.0", 0}, Case{"2E+0", 2000}, Case{"2.5", 2500},
                        Case{"\"0.5\"", 500}, Case{"0.0015", 2}}) {
    SCOPED_TRACE(c.text);
    Fold f;
    f.Add(WithQuantity(c.text));
    EXPECT_EQ(f.Currency("usd").mrr, c.mrr);
    EXPECT_EQ(f.Currency("usd").unpriced_items, 0);
    ExpectOracleAgrees(f);
  }
  EXPECT_EQ(Parse(R"({"id":"sub_1","items":{"data":[{"quantity":2.5}]}})").items.at(0).quantity,
            Exact::Ratio(5, 2));
}

TEST(SubscriptionStateTest, AFractionalQuantityIsPricedExactlyByTiersAndTransforms) {
  // Graduated: 1,000 a unit up to 5, then 800; 6.5 units = 5,000 + 1.5 x 800.
  json graduated = Price("price_g", nullptr);
  graduated["tiers_mode"] = "graduated";
  graduated["tiers"] = json::array({{{"up_to", 5}, {"unit_amount", 1000}, {"unit_amount_decimal", "1000"},
                                     {"flat_amount", 100}, {"flat_amount_decimal", "100"}},
                                    {{"up_to", nullptr}, {"unit_amount", 800}, {"unit_amount_decimal", "800"},
                                     {"flat_amount", 100}, {"flat_amount_decimal", "100"}}});
  json volume = graduated;
  volume["tiers_mode"] = "volume";
  // transform_quantity: 7.5 / 2 = 3.75 packs, rounded up to 4 or down to 3.
  json packs_up = Price("price_p", 1000);
  packs_up["transform_quantity"] = {{"divide_by", 2}, {"round", "up"}};
  json packs_down = packs_up;
  packs_down["transform_quantity"]["round"] = "down";
  struct Case {
    const char* name;
    json price;
    std::string quantity;
    int64_t mrr;
  };
  for (const Case& c : {Case{"graduated", graduated, "6.5", 5000 + 100 + 1200 + 100},
                        Case{"graduated inside the first tier", graduated, "0.5", 500 + 100},
                        Case{"volume", volume, "6.5", 5200 + 100}, Case{"packs up", packs_up, "7.5", 4000},
                        Case{"packs down", packs_down, "7.5", 3000}, Case{"whole packs", packs_up, "8.0", 4000}}) {
    SCOPED_TRACE(c.name);
    Fold f;
    f.Add(WithQuantity(c.quantity, c.price));
    EXPECT_EQ(f.Currency("usd").mrr, c.mrr);
    EXPECT_EQ(f.Currency("usd").unpriced_items, 0);
    ExpectOracleAgrees(f);
  }
}

TEST(SubscriptionStateTest, AQuantityTooLargeToReadLeavesItsSubscriptionUnpricedVisibly) {
  // Past 60 digits of exponent (an integer of 71 digits is refused at the door).
  Fold f;
  f.Add(WithQuantity("1e99"));
  EXPECT_EQ(f.Currency("usd").mrr, 0);
  EXPECT_EQ(f.Currency("usd").unpriced_items, 1);
  EXPECT_TRUE(Parse(R"({"id":"sub_1","items":{"data":[{"quantity":1e99}]}})").items.at(0).quantity.out_of_range());
  EXPECT_EQ(Parse(R"({"id":"sub_1","items":{"data":[{"quantity":-1e99}]}})").items.at(0).quantity, Exact());
}

TEST(SubscriptionStateTest, ACancelAtInAnyNumberFormIsScheduledChurn) {
  // §5: scheduled churn counts subscriptions with `cancel_at` set.
  for (const std::string text : {"1767225600", "1767225600.0", "1.7672256e9"}) {
    SCOPED_TRACE(text);
    Fold f;
    json s = Monthly("sub_1", "cus_1", 4000);
    s["cancel_at"] = "WHEN";
    f.Add(WithLiteral(Event("evt_1", "customer.subscription.created", At(2025, 3, 1), s), "WHEN", text));
    EXPECT_EQ(f.Currency("usd").scheduled_churn, 4000);
    ExpectOracleAgrees(f);
  }
  EXPECT_FALSE(Parse(R"({"id":"sub_1","cancel_at":null})").ScheduledToCancel());
  EXPECT_FALSE(Parse(R"({"id":"sub_1"})").ScheduledToCancel());
}

}  // namespace
}  // namespace subledger::testing::build
