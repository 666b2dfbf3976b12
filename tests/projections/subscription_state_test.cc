// How a subscription state is read (projections/subscription_state.h), at
// the edges a review of spec §1 and §3 found: a discount named twice in one
// state, numbers written in other forms than a plain integer. Each case runs
// through the projections' own pipeline; where the spec fixes the number,
// the naive oracle must agree too.
#include <gtest/gtest.h>

#include <string>

#include "ledger/json_view.h"
#include "projections/subscription_state.h"
#include "tests/projections/naive_oracle.h"
#include "tests/projections/stripe_builders.h"

namespace subledger::testing::build {
namespace {

namespace oracle = subledger::testing::oracle;

void ExpectOracleAgrees(const Fold& f) {
  std::string want;
  for (const auto& [book, report] : oracle::NaiveReports(f.bodies())) {
    want += BookLabel(book) + "\n" + RenderReportJson(report);
  }
  EXPECT_EQ(f.AllBooks(), want);
}

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

TEST(SubscriptionStateTest, QuantitiesAreReadExactlyWhateverTheirNumberForm) {
  // §1: a number is the exact value of its text; §3: negative counts as 0.
  struct Case {
    std::string text;
    int64_t mrr;  // at 1,000 a seat
  };
  for (const Case& c : {Case{"1e1", 10000}, Case{"10.0", 10000}, Case{"\"3\"", 3000}, Case{"-2.5", 0},
                        Case{"-1e1", 0}, Case{"-0.0", 0}, Case{"2E+0", 2000}}) {
    SCOPED_TRACE(c.text);
    Fold f;
    json s = Monthly("sub_1", "cus_1", 1000);
    s["items"]["data"][0]["quantity"] = "QTY";
    f.Add(WithLiteral(Event("evt_1", "customer.subscription.created", At(2025, 3, 1), s), "QTY", c.text));
    EXPECT_EQ(f.Currency("usd").mrr, c.mrr);
    EXPECT_EQ(f.Currency("usd").unpriced_items, 0);
    ExpectOracleAgrees(f);
  }
}

TEST(SubscriptionStateTest, APositiveQuantityThatIsNotWholeLeavesTheItemUnpricedVisibly) {
  // Stripe's quantities are integers; 2.5 seats is not valued at some other
  // quantity but counted as an unpriced item (docs/projections.md).
  Fold f;
  json s = Monthly("sub_1", "cus_1", 1000);
  s["items"]["data"][0]["quantity"] = "QTY";
  f.Add(WithLiteral(Event("evt_1", "customer.subscription.created", At(2025, 3, 1), s), "QTY", "2.5"));
  EXPECT_EQ(f.Currency("usd").mrr, 0);
  EXPECT_EQ(f.Currency("usd").unpriced_items, 1);
  EXPECT_EQ(Parse(R"({"id":"sub_1","items":{"data":[{"quantity":2.5}]}})").items.at(0).quantity, kUnpricedQuantity);
  EXPECT_EQ(Parse(R"({"id":"sub_1","items":{"data":[{"quantity":1e30}]}})").items.at(0).quantity,
            kUnpricedQuantity);
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
