// The naive oracle is checked before it is trusted: it must reproduce the
// spec's version-2 reference scenario (computed by a third, independent
// implementation) byte for byte for every book, in any order and with
// duplicates; and each rule of revenue model v2 has a small hand-built case
// below that reads like its specification.
#include "tests/projections/naive_oracle_parts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include "tests/support/reference_books.h"
#include "tools/eventgen/event_generator.h"

namespace subledger::testing::oracle {
namespace {

using subledger::testing::kExamples;
using subledger::testing::Lines;
using subledger::testing::Redelivered;
using subledger::testing::ScenarioBodies;
using subledger::testing::Slurp;
using subledger::testing::SplitBooks;

TEST(NaiveOracleScenarioTest, SplitsTheReferenceBooksFaithfully) {
  const std::string text = Slurp(kExamples + "scenario-v2.books.json");
  const Json whole = Json::parse(text);
  const auto books = SplitBooks(text);
  ASSERT_EQ(books.size(), whole.size());
  for (const auto& [label, piece] : books) {
    ASSERT_TRUE(whole.contains(label)) << label;
    EXPECT_EQ(Json::parse(piece), whole[label]) << label;
  }
  EXPECT_EQ(books.at("platform/live"), Slurp(kExamples + "scenario-v2.expected.json"));
}

TEST(NaiveOracleScenarioTest, ReproducesEveryBookOfTheReferenceByteForByte) {
  const auto bodies = ScenarioBodies();
  ASSERT_GT(bodies.size(), 600u);
  const auto expected = SplitBooks(Slurp(kExamples + "scenario-v2.books.json"));
  const auto reports = NaiveReports(bodies);
  ASSERT_EQ(reports.size(), expected.size());
  for (const auto& [book, report] : reports) {
    ASSERT_TRUE(expected.count(BookLabel(book))) << BookLabel(book);
    EXPECT_EQ(RenderReportJson(report), expected.at(BookLabel(book))) << BookLabel(book);
    EXPECT_EQ(RenderReportJson(NaiveReport(bodies, book)), expected.at(BookLabel(book))) << BookLabel(book);
  }
}

TEST(NaiveOracleScenarioTest, ReproducesTheDefaultBookReport) {
  const auto bodies = ScenarioBodies();
  EXPECT_EQ(DefaultBook(bodies), (Book{"", true}));
  EXPECT_EQ(RenderReportJson(NaiveReport(bodies)), Slurp(kExamples + "scenario-v2.expected.json"));
}

TEST(NaiveOracleScenarioTest, AnyOrderAndRedeliveriesGiveTheSameBytes) {
  const auto bodies = ScenarioBodies();
  const auto expected = SplitBooks(Slurp(kExamples + "scenario-v2.books.json"));
  const std::string default_book = Slurp(kExamples + "scenario-v2.expected.json");
  // The first delivery of every id must come before its conflicting copy.
  std::vector<std::string> distinct;
  std::set<std::string> ids;
  for (const std::string& b : bodies) {
    if (ids.insert(Json::parse(b)["id"].get<std::string>()).second) distinct.push_back(b);
  }
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto delivered = Redelivered(distinct, seed);
    ASSERT_GT(delivered.size(), distinct.size());
    for (const auto& [book, report] : NaiveReports(delivered)) {
      EXPECT_EQ(RenderReportJson(report), expected.at(BookLabel(book))) << BookLabel(book);
    }
    EXPECT_EQ(RenderReportJson(NaiveReport(delivered)), default_book);
  }
}

// ---- builders for hand-written events --------------------------------------------

// UTC seconds (std::chrono, not the oracle's calendar).
int64_t Utc(int y, unsigned m, unsigned d, int hour = 12, int minute = 0, int second = 0) {
  using namespace std::chrono;
  const sys_days day{year{y} / month{m} / ::std::chrono::day{d}};
  return static_cast<int64_t>(day.time_since_epoch().count()) * 86400 + hour * 3600 + minute * 60 + second;
}

Json Price(const std::string& id, Json unit, const std::string& interval = "month",
           const std::string& currency = "usd") {
  return {{"id", id},
          {"object", "price"},
          {"billing_scheme", "per_unit"},
          {"currency", currency},
          {"recurring", {{"interval", interval}, {"interval_count", 1}, {"usage_type", "licensed"}}},
          {"tiers_mode", nullptr},
          {"transform_quantity", nullptr},
          {"unit_amount", unit}};
}

// A tiered price as webhooks carry it: no `tiers` (they come from a carrier).
Json TieredPrice(const std::string& id, const std::string& mode) {
  Json p = Price(id, nullptr);
  p["billing_scheme"] = "tiered";
  p["tiers_mode"] = mode;
  return p;
}

Json Tier(Json up_to, int64_t unit, Json flat = nullptr) {
  return {{"up_to", up_to}, {"unit_amount", unit}, {"unit_amount_decimal", std::to_string(unit)},
          {"flat_amount", flat}, {"flat_amount_decimal", nullptr}};
}

// Stripe's tiered pricing docs (spec §8): 1-5 seats at 10.00, 6+ at 8.00.
Json SeatTiers() { return Json::array({Tier(5, 1000), Tier(nullptr, 800)}); }

Json Item(const Json& price, Json quantity = 1) {
  return {{"object", "subscription_item"}, {"price", price}, {"quantity", quantity}};
}

Json Sub(const std::string& id, const std::string& customer, const std::string& status, std::vector<Json> items,
         const std::string& currency = "usd") {
  return {{"id", id},
          {"object", "subscription"},
          {"customer", customer},
          {"status", status},
          {"currency", currency},
          {"items", {{"object", "list"}, {"data", items}}},
          {"cancel_at", nullptr},
          {"cancel_at_period_end", false},
          {"cancellation_details", {{"reason", nullptr}}},
          {"pause_collection", nullptr},
          {"discount", nullptr},
          {"discounts", Json::array()}};
}

Json Monthly(const std::string& id, const std::string& customer, int64_t cents, int64_t quantity = 1,
             const std::string& currency = "usd") {
  return Sub(id, customer, "active", {Item(Price("price_" + id, cents, "month", currency), quantity)}, currency);
}

Json Coupon(const std::string& id, const std::string& duration, Json percent_off, Json amount_off = nullptr,
            Json currency = nullptr) {
  return {{"id", id}, {"object", "coupon"}, {"duration", duration}, {"percent_off", percent_off},
          {"amount_off", amount_off}, {"currency", currency}};
}

// A discount object; `coupon` an object, or an id string (clover's source.coupon).
Json Discount(const std::string& id, const std::string& subscription, Json coupon, Json end = nullptr) {
  Json d = {{"id", id}, {"object", "discount"}, {"subscription", subscription}, {"end", end}};
  if (coupon.is_string()) {
    d["source"] = {{"type", "coupon"}, {"coupon", coupon}};
  } else {
    d["coupon"] = coupon;
  }
  return d;
}

Json WithDiscounts(Json sub, std::vector<Json> discounts) {
  sub["discounts"] = discounts;
  return sub;
}

struct Where {
  std::string account;  // "" = no `account` key
  bool live = false;
};

std::string Ev(const std::string& id, const std::string& type, int64_t created, const Json& object, Where w = {}) {
  Json e = {{"id", id},       {"object", "event"},          {"created", created},
            {"type", type},   {"data", {{"object", object}}}, {"livemode", w.live}};
  if (!w.account.empty()) e["account"] = w.account;
  return e.dump();
}

std::string Created(const std::string& id, int64_t created, const Json& sub, Where w = {}) {
  return Ev(id, "customer.subscription.created", created, sub, w);
}
std::string Updated(const std::string& id, int64_t created, const Json& sub) {
  return Ev(id, "customer.subscription.updated", created, sub);
}
std::string Deleted(const std::string& id, int64_t created, const Json& sub) {
  return Ev(id, "customer.subscription.deleted", created, sub);
}

std::string Payment(const std::string& id, const std::string& type, int64_t created, int64_t amount,
                    const std::string& currency = "usd") {
  return Ev(id, type, created, {{"id", "pi_" + id}, {"object", "payment_intent"}, {"amount_received", amount},
                                {"currency", currency}});
}

const CurrencyRow& Row(const RevenueReport& r, const std::string& currency) {
  for (const CurrencyRow& c : r.currencies) {
    if (c.currency == currency) return c;
  }
  static const CurrencyRow kNone;
  ADD_FAILURE() << "no currency row " << currency;
  return kNone;
}

const MonthRow& Month(const RevenueReport& r, const std::string& currency, int y, int m) {
  for (const MonthRow& row : r.months) {
    if (row.currency == currency && row.month == y * 12 + m - 1) return row;
  }
  static const MonthRow kNone;
  ADD_FAILURE() << "no month row " << currency << " " << y << "-" << m;
  return kNone;
}

int64_t Cents(Money m) { return static_cast<int64_t>(m); }

// ---- §0, §1 ----------------------------------------------------------------------

TEST(NaiveOracleRulesTest, BooksNeverMix) {
  const Json sub1 = Monthly("sub_1", "cus_1", 1000), sub2 = Monthly("sub_1", "cus_1", 2000);
  const Json sub3 = Monthly("sub_1", "cus_1", 3000), sub4 = Monthly("sub_1", "cus_1", 4000);
  const std::vector<std::string> bodies = {
      Created("evt_1", Utc(2026, 1, 5), sub1),
      Created("evt_2", Utc(2026, 2, 5), sub2, {"", true}),
      Created("evt_3", Utc(2026, 3, 5), sub3, {"acct_A", true}),
      Created("evt_4", Utc(2026, 4, 5), sub4, {"acct_A", false})};
  const auto reports = NaiveReports(bodies);
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(Cents(Row(reports.at(Book{"", false}), "usd").mrr), 1000);
  EXPECT_EQ(Cents(Row(reports.at(Book{"", true}), "usd").mrr), 2000);
  EXPECT_EQ(Cents(Row(reports.at(Book{"acct_A", true}), "usd").mrr), 3000);
  EXPECT_EQ(Cents(Row(reports.at(Book{"acct_A", false}), "usd").mrr), 4000);
  // Each book has its own month range: one event, one month.
  EXPECT_EQ(reports.at(Book{"acct_A", true}).months.size(), 1u);
  EXPECT_EQ(reports.at(Book{"acct_A", true}).events, 1u);
  EXPECT_EQ(DefaultBook(bodies), (Book{"", true}));
  // A connected account's live events do not make the default book live.
  EXPECT_EQ(DefaultBook({bodies[0], bodies[2]}), (Book{"", false}));
}

TEST(NaiveOracleRulesTest, AnEmptyOrNullAccountIsThePlatformAndOnlyTrueIsLive) {
  Json e = Json::parse(Created("evt_1", Utc(2026, 1, 5), Monthly("sub_1", "cus_1", 1000)));
  e["account"] = "";
  Json f = Json::parse(Created("evt_2", Utc(2026, 1, 6), Monthly("sub_2", "cus_2", 500)));
  f["account"] = nullptr;
  f["livemode"] = "true";
  const auto reports = NaiveReports({e.dump(), f.dump()});
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(Cents(Row(reports.at(Book{"", false}), "usd").mrr), 1500);
}

TEST(NaiveOracleRulesTest, ABookWithNoEventIsEmpty) {
  const std::string other = Ev("evt_1", "customer.created", Utc(2026, 1, 5), {{"id", "cus_1"}});
  const RevenueReport r = NaiveReport({other}, Book{"acct_X", true});
  EXPECT_EQ(RenderReportJson(r),
            "{\n \"account\": \"acct_X\",\n \"livemode\": true,\n \"events\": 0,\n \"as_of\": null,\n"
            " \"subscriptions_by_status\": {},\n \"currencies\": [],\n \"months\": []\n}\n");
}

TEST(NaiveOracleRulesTest, BodiesThatAreNotEventsAreIgnored) {
  const std::string good = Created("evt_1", Utc(2026, 1, 5), Monthly("sub_1", "cus_1", 1000));
  Json float_created = Json::parse(good);
  float_created["id"] = "evt_2";
  const std::string with_float = float_created.dump();
  const std::string as_float = with_float.substr(0, with_float.find("\"created\":")) + "\"created\":1767614400.0" +
                               with_float.substr(with_float.find(',', with_float.find("\"created\":")));
  const RevenueReport r = NaiveReport({"not json", "[1,2]", R"({"id":"evt_3","type":"x"})",
                                       R"({"id":7,"type":"x","created":1767614400})", as_float, good});
  EXPECT_EQ(r.events, 1u);
}

TEST(NaiveOracleRulesTest, TheFirstBodyOfAnIdWins) {
  const std::string active = Created("evt_1", Utc(2026, 1, 5), Monthly("sub_1", "cus_1", 1000));
  Json later = Monthly("sub_1", "cus_1", 1000);
  later["status"] = "canceled";
  const std::string canceled = Created("evt_1", Utc(2026, 1, 5), later);
  EXPECT_EQ(Cents(Row(NaiveReport({active, canceled}), "usd").mrr), 1000);
  EXPECT_EQ(Cents(Row(NaiveReport({canceled, active}), "usd").mrr), 0);
}

TEST(NaiveOracleRulesTest, ADiscountDeletionInTheSecondOfTheSubscriptionsEndComesAfterIt) {
  // Same second, and the discount deletion's id sorts first: only its rank 3
  // puts it after customer.subscription.deleted (rank 2).
  const Json d = Discount("di_1", "sub_1", Coupon("co_1", "forever", 50));
  const Json sub = WithDiscounts(Monthly("sub_1", "cus_1", 10000), {d});
  Json ended = sub;
  ended["status"] = "canceled";
  const int64_t t = Utc(2026, 2, 10);
  const RevenueReport r = NaiveReport({Created("evt_c", Utc(2026, 1, 5), sub),
                                       Ev("evt_a", "customer.discount.deleted", t, d),
                                       Deleted("evt_b", t, ended)});
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 2).churn), 5000);
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 2).expansion), 0);
}

// ---- §2 --------------------------------------------------------------------------------

TEST(NaiveOracleRulesTest, CustomerAndCurrencyComeFromTheFirstState) {
  Json moved = Monthly("sub_2", "cus_1", 2000, 1, "eur");  // claims another customer and currency
  // Given in reverse: "first" is canonical, not arrival order.
  const RevenueReport r = NaiveReport({Updated("evt_3", Utc(2026, 2, 5), moved),
                                       Created("evt_2", Utc(2026, 1, 6), Monthly("sub_2", "cus_2", 2000)),
                                       Created("evt_1", Utc(2026, 1, 5), Monthly("sub_1", "cus_1", 1000))});
  ASSERT_EQ(r.currencies.size(), 1u);
  EXPECT_EQ(Row(r, "usd").customers, 2);
  EXPECT_EQ(Cents(Row(r, "usd").mrr), 3000);
}

TEST(NaiveOracleRulesTest, CustomerAccountIsTheCustomerWhenCustomerIsAbsent) {
  Json a = Monthly("sub_1", "", 1000), b = Monthly("sub_2", "", 2000), c = Monthly("sub_3", "", 4000);
  a["customer"] = nullptr;
  a["customer_account"] = "acct_c";
  b["customer_account"] = "acct_c";
  c.erase("customer");
  const RevenueReport r = NaiveReport({Created("evt_1", Utc(2026, 1, 5), a),
                                       Created("evt_2", Utc(2026, 1, 6), b),
                                       Created("evt_3", Utc(2026, 1, 7), c)});
  EXPECT_EQ(Row(r, "usd").customers, 2);  // acct_c, and sub_3 as a customer of one
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 1).new_mrr), 5000);
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 1).expansion), 2000);
}

// ---- §3 prices --------------------------------------------------------------------------

int64_t MrrOf(const std::vector<std::string>& carriers, const Json& sub) {
  std::vector<std::string> bodies = carriers;
  bodies.push_back(Created("evt_sub", Utc(2026, 1, 5), sub));
  return Cents(Row(NaiveReport(bodies), Str(sub["currency"])).mrr);
}

TEST(NaiveOracleRulesTest, TiersVolumeAndGraduatedFromKnownPrices) {
  Json volume = TieredPrice("price_v", "volume"), graduated = TieredPrice("price_g", "graduated");
  Json volume_carrier = volume, graduated_carrier = graduated;
  volume_carrier["tiers"] = SeatTiers();
  graduated_carrier["tiers"] = SeatTiers();
  const std::vector<std::string> carriers = {
      Ev("evt_p1", "price.created", Utc(2026, 3, 1), volume_carrier),  // later than the state: still known
      Ev("evt_p2", "subledger.price.snapshot", Utc(2025, 12, 1), graduated_carrier)};
  const auto seats = [](const Json& price, int64_t n) { return Sub("sub_1", "cus_1", "active", {Item(price, n)}); };
  EXPECT_EQ(MrrOf(carriers, seats(volume, 10)), 8000);     // spec §8
  EXPECT_EQ(MrrOf(carriers, seats(graduated, 10)), 9000);  // 5 x 10.00 + 5 x 8.00
  EXPECT_EQ(MrrOf(carriers, seats(volume, 5)), 5000);      // up_to is inclusive
  EXPECT_EQ(MrrOf(carriers, seats(graduated, 0)), 0);
}

TEST(NaiveOracleRulesTest, TiersFromTheItemAndFlatAmountsAndTheLastCarrier) {
  Json own = TieredPrice("price_o", "graduated");
  own["tiers"] = Json::array({Tier(3, 3000, 1500), Tier(nullptr, 2500)});
  EXPECT_EQ(MrrOf({}, Sub("sub_1", "cus_1", "active", {Item(own, 4)})), 3 * 3000 + 1500 + 2500);
  // Two carriers of one price: the canonically-last wins.
  Json p = TieredPrice("price_v", "volume"), old_carrier = p, new_carrier = p;
  old_carrier["tiers"] = Json::array({Tier(nullptr, 100)});
  new_carrier["tiers"] = Json::array({Tier(nullptr, 200)});
  EXPECT_EQ(MrrOf({Ev("evt_b", "price.updated", Utc(2026, 2, 1), new_carrier),
                   Ev("evt_a", "price.created", Utc(2026, 1, 1), old_carrier)},
                  Sub("sub_1", "cus_1", "active", {Item(p, 3)})),
            600);
}

TEST(NaiveOracleRulesTest, TieredPricesWithoutUsableTiersAreUnpriced) {
  Json unknown = TieredPrice("price_u", "volume");
  Json short_tiers = TieredPrice("price_s", "graduated"), no_mode = TieredPrice("price_m", "volume");
  short_tiers["tiers"] = Json::array({Tier(5, 1000)});
  no_mode["tiers"] = SeatTiers();
  no_mode["tiers_mode"] = nullptr;
  Json empty = TieredPrice("price_e", "volume");
  empty["tiers"] = Json::array();
  const Json sub = Sub("sub_1", "cus_1", "active",
                       {Item(unknown, 2), Item(short_tiers, 10), Item(no_mode, 2), Item(empty, 2),
                        Item(Price("price_ok", 700), 1)});
  const RevenueReport r = NaiveReport({Created("evt_1", Utc(2026, 1, 5), sub)});
  EXPECT_EQ(Row(r, "usd").unpriced_items, 4);
  EXPECT_EQ(Cents(Row(r, "usd").mrr), 700);
}

TEST(NaiveOracleRulesTest, TransformQuantityRoundsUpOrDown) {
  const auto per_ten = [](const std::string& round) {
    Json p = Price("price_t", 250);
    p["transform_quantity"] = {{"divide_by", 10}, {"round", round}};
    return p;
  };
  EXPECT_EQ(MrrOf({}, Sub("sub_1", "cus_1", "active", {Item(per_ten("up"), 11)})), 500);
  EXPECT_EQ(MrrOf({}, Sub("sub_1", "cus_1", "active", {Item(per_ten("down"), 11)})), 250);
  EXPECT_EQ(MrrOf({}, Sub("sub_1", "cus_1", "active", {Item(per_ten("up"), 20)})), 500);
  // A legacy plan's transform_usage.
  const Json plan = {{"id", "plan_1"}, {"object", "plan"}, {"amount", 250}, {"currency", "usd"},
                     {"interval", "month"}, {"interval_count", 1}, {"usage_type", "licensed"},
                     {"billing_scheme", "per_unit"}, {"transform_usage", {{"divide_by", 10}, {"round", "down"}}}};
  Json legacy = Sub("sub_1", "cus_1", "active", {});
  legacy["items"]["data"] = Json::array({{{"object", "subscription_item"}, {"plan", plan}, {"quantity", 19}}});
  EXPECT_EQ(MrrOf({}, legacy), 250);
}

TEST(NaiveOracleRulesTest, ANegativeQuantityCountsAsZero) {
  const RevenueReport r = NaiveReport(
      {Created("evt_1", Utc(2026, 1, 5), Monthly("sub_1", "cus_1", 1000, -3))});
  EXPECT_EQ(Cents(Row(r, "usd").mrr), 0);
  EXPECT_EQ(Month(r, "usd", 2026, 1).subscriptions_churned, 0);
  EXPECT_EQ(r.subscriptions_by_status.at("active"), 1);
}

TEST(NaiveOracleRulesTest, ArithmeticIsExactAtEveryMagnitude) {
  // 10^12 x 10^4 with ten stacked 33.33 % coupons: 10^16 x 0.6667^10, exactly.
  std::vector<std::string> bodies;
  std::vector<Json> discounts;
  for (int i = 0; i < 10; ++i) discounts.push_back("di_" + std::to_string(i));
  Json sub = WithDiscounts(Monthly("sub_1", "cus_1", 1000000000000, 10000), discounts);
  for (int i = 0; i < 10; ++i) {
    const std::string id = std::to_string(i);
    bodies.push_back(Ev("evt_d" + id, "customer.discount.created", Utc(2026, 1, 1),
                        Discount("di_" + id, "sub_1", Coupon("co_" + id, "forever", 33.33))));
  }
  bodies.push_back(Created("evt_s", Utc(2026, 1, 5), sub));
  EXPECT_EQ(Cents(Row(NaiveReport(bodies), "usd").mrr), 173502026319728);  // 173502026319727.9...
  // 10^12 a day x 10^7: 10^19 x 365/12, past 64 bits.
  Json daily = Sub("sub_2", "cus_2", "active", {Item(Price("price_d", 1000000000000, "day"), 10000000)});
  const std::string json = RenderReportJson(NaiveReport({Created("evt_x", Utc(2026, 1, 5), daily)}));
  EXPECT_NE(json.find("\"mrr\": 304166666666666666667,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"arr\": 3650000000000000000004,"), std::string::npos) << json;
}

// ---- §3 discounts and coupons -----------------------------------------------------------

TEST(NaiveOracleRulesTest, AnIdOnlyDiscountResolvedLateRestatesEarlierMonths) {
  const std::string sub = Created("evt_1", Utc(2026, 1, 5),
                             WithDiscounts(Monthly("sub_1", "cus_1", 10000), {"di_late"}));
  const std::string tail = Payment("evt_pay", "payment_intent.succeeded", Utc(2026, 3, 20), 100);
  const RevenueReport before = NaiveReport({sub, tail});
  EXPECT_EQ(Cents(Month(before, "usd", 2026, 1).new_mrr), 10000);  // unresolved: left out
  EXPECT_EQ(Row(before, "usd").unresolved_discounts, 1);
  const RevenueReport after = NaiveReport(
      {sub, tail,
       Ev("evt_2", "customer.discount.created", Utc(2026, 3, 1),
          Discount("di_late", "sub_1", Coupon("co_1", "forever", 25)))});
  EXPECT_EQ(Cents(Month(after, "usd", 2026, 1).new_mrr), 7500);  // January restated
  EXPECT_EQ(Cents(Month(after, "usd", 2026, 3).expansion + Month(after, "usd", 2026, 3).contraction), 0);
  EXPECT_EQ(Row(after, "usd").unresolved_discounts, 0);
}

TEST(NaiveOracleRulesTest, AnIdOnlyCouponIsResolvedThroughCouponEvents) {
  const Json sub = WithDiscounts(Monthly("sub_1", "cus_1", 10000), {Discount("di_1", "sub_1", "co_clover")});
  const std::string s = Created("evt_1", Utc(2026, 1, 5), sub);
  EXPECT_EQ(Row(NaiveReport({s}), "usd").unresolved_discounts, 1);
  EXPECT_EQ(Cents(Row(NaiveReport({s}), "usd").mrr), 10000);
  const std::string coupon = Ev("evt_2", "coupon.created", Utc(2026, 2, 1), Coupon("co_clover", "forever", 10));
  EXPECT_EQ(Row(NaiveReport({s, coupon}), "usd").unresolved_discounts, 0);
  EXPECT_EQ(Cents(Row(NaiveReport({s, coupon}), "usd").mrr), 9000);
}

TEST(NaiveOracleRulesTest, UnresolvedDiscountsCountDistinctIdsOfCountedSubscriptions) {
  Json canceled = WithDiscounts(Monthly("sub_2", "cus_2", 500), {"di_gone"});
  canceled["status"] = "canceled";
  const RevenueReport r = NaiveReport(
      {Created("evt_1", Utc(2026, 1, 5),
          WithDiscounts(Monthly("sub_1", "cus_1", 1000), {"di_x", "di_x", Discount("di_y", "sub_1", "co_unknown")})),
       Created("evt_2", Utc(2026, 1, 6), canceled)});
  EXPECT_EQ(Row(r, "usd").unresolved_discounts, 2);
}

TEST(NaiveOracleRulesTest, ARepeatingCouponsEndIsAnExpansionWithNoSubscriptionEvent) {
  // Spec §8: 50 USD/month, 3-month repeating 50 % coupon from 2026-01-10.
  const int64_t end = Utc(2026, 4, 10);
  const Json d = Discount("di_1", "sub_1", Coupon("co_1", "repeating", 50), end);
  const std::string sub = Created("evt_1", Utc(2026, 1, 10), WithDiscounts(Monthly("sub_1", "cus_1", 5000), {d}));
  const Details r = NaiveDetails({sub, Payment("evt_pay", "payment_intent.succeeded", Utc(2026, 5, 2), 5000)});
  EXPECT_EQ(Cents(Month(r.report, "usd", 2026, 1).new_mrr), 2500);
  EXPECT_EQ(Cents(Month(r.report, "usd", 2026, 3).mrr_end), 2500);
  EXPECT_EQ(Cents(Month(r.report, "usd", 2026, 4).expansion), 2500);
  EXPECT_EQ(Cents(Month(r.report, "usd", 2026, 4).mrr_end), 5000);
  ASSERT_EQ(r.movements.size(), 2u);
  EXPECT_EQ(r.movements[1].event_id, "");  // the expiry point
  EXPECT_EQ(r.movements[1].created, end);
  // An end after the book's as_of is not a point: still discounted at as_of.
  const RevenueReport early = NaiveReport({sub, Payment("evt_pay", "payment_intent.succeeded", end - 1, 5000)});
  EXPECT_EQ(Cents(Row(early, "usd").mrr), 2500);
}

TEST(NaiveOracleRulesTest, ExpiryPointsComeBeforeEventsOfTheSameSecondAndByDiscountId) {
  const int64_t end = Utc(2026, 3, 1, 0, 0, 0);
  const Json db = Discount("di_b", "sub_1", Coupon("co_1", "repeating", 50), end);
  const Json da = Discount("di_a", "sub_2", Coupon("co_2", "repeating", 50), end);
  Json sub1 = WithDiscounts(Monthly("sub_1", "cus_1", 10000), {db});
  const Json sub2 = WithDiscounts(Monthly("sub_2", "cus_1", 2000), {da});
  Json doubled = WithDiscounts(Monthly("sub_1", "cus_1", 10000, 2), {db});
  const Details r = NaiveDetails({Created("evt_1", Utc(2026, 1, 5), sub1),
                                  Created("evt_2", Utc(2026, 1, 6), sub2),
                                  Updated("evt_3", end, doubled)});
  ASSERT_EQ(r.movements.size(), 5u);
  // di_a's expiry, then di_b's, then the update priced without the coupon.
  EXPECT_EQ(r.movements[2].event_id, "");
  EXPECT_EQ(Cents(r.movements[2].amount), 1000);
  EXPECT_EQ(Cents(r.movements[3].amount), 5000);
  EXPECT_EQ(r.movements[4].event_id, "evt_3");
  EXPECT_EQ(Cents(r.movements[4].amount), 10000);
  EXPECT_EQ(Cents(Month(r.report, "usd", 2026, 3).mrr_end), 22000);
}

TEST(NaiveOracleRulesTest, ADeletedDiscountStopsApplyingForGood) {
  const Json d = Discount("di_1", "sub_1", Coupon("co_1", "forever", 20));
  const Json sub = WithDiscounts(Monthly("sub_1", "cus_1", 10000), {d});
  const RevenueReport r = NaiveReport({Created("evt_1", Utc(2026, 1, 5), sub),
                                       Ev("evt_2", "customer.discount.deleted", Utc(2026, 2, 5), d),
                                       // a stale state still naming it
                                       Updated("evt_3", Utc(2026, 3, 5), sub)});
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 1).mrr_end), 8000);
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 2).expansion), 2000);
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 3).contraction), 0);
  EXPECT_EQ(Cents(Row(r, "usd").mrr), 10000);
}

TEST(NaiveOracleRulesTest, CouponCurrencyIsCaseInsensitiveAndScaledByTheFirstItem) {
  const auto with = [](Json sub, Json currency) {
    const Json coupon = Coupon("co_1", "forever", nullptr, 500, currency);
    return WithDiscounts(std::move(sub), {Discount("di_1", "sub_1", coupon)});
  };
  EXPECT_EQ(MrrOf({}, with(Monthly("sub_1", "cus_1", 10000), "USD")), 9500);
  EXPECT_EQ(MrrOf({}, with(Monthly("sub_1", "cus_1", 10000), "eur")), 10000);
  // 1,200.00 a year = 100.00 a month; 5.00 off each (yearly) invoice = 0.4167 a month.
  const Json yearly = Sub("sub_1", "cus_1", "active", {Item(Price("price_y", 120000, "year"))});
  EXPECT_EQ(MrrOf({}, with(yearly, "usd")), 9958);  // 10000 - 500/12 = 9958.33
}

// ---- §4, §5 -------------------------------------------------------------------------------

TEST(NaiveOracleRulesTest, TrialsStartEndAndConvert) {
  Json t1 = Monthly("sub_1", "cus_1", 1000), t2 = Monthly("sub_2", "cus_2", 1000);
  t1["status"] = "trialing";
  t2["status"] = "trialing";
  Json c2 = t2;
  c2["status"] = "canceled";
  const RevenueReport r = NaiveReport({Created("evt_1", Utc(2026, 1, 5), t1),
                                       Ev("evt_2", "customer.subscription.trial_will_end", Utc(2026, 1, 20), t1),
                                       Created("evt_3", Utc(2026, 1, 6), t2),
                                       Updated("evt_4", Utc(2026, 2, 5), Monthly("sub_1", "cus_1", 1000)),
                                       Deleted("evt_5", Utc(2026, 2, 6), c2)});
  EXPECT_EQ(Month(r, "usd", 2026, 1).trials_started, 2);  // a first state `trialing` starts one
  EXPECT_EQ(Month(r, "usd", 2026, 1).trials_ended, 0);
  EXPECT_FALSE(Month(r, "usd", 2026, 1).trial_conversion_rate.has_value());
  EXPECT_EQ(Month(r, "usd", 2026, 2).trials_ended, 2);
  EXPECT_EQ(Month(r, "usd", 2026, 2).trials_converted, 1);
  EXPECT_EQ(*Month(r, "usd", 2026, 2).trial_conversion_rate, 0.5);
  EXPECT_EQ(Cents(Month(r, "usd", 2026, 2).churn), 0);  // a trial that ends unpaid is not churn
}

TEST(NaiveOracleRulesTest, QuickRatioNrrAndGrr) {
  Json down = Monthly("sub_2", "cus_2", 4500);
  Json gone = Monthly("sub_3", "cus_3", 3000);
  gone["status"] = "canceled";
  const RevenueReport r = NaiveReport({Created("evt_1", Utc(2026, 1, 5), Monthly("sub_1", "cus_1", 10000)),
                                       Created("evt_2", Utc(2026, 1, 5), Monthly("sub_2", "cus_2", 5000)),
                                       Created("evt_3", Utc(2026, 1, 5), Monthly("sub_3", "cus_3", 3000)),
                                       Updated("evt_4", Utc(2026, 2, 5), Monthly("sub_1", "cus_1", 11000)),
                                       Updated("evt_5", Utc(2026, 2, 5), down),
                                       Deleted("evt_6", Utc(2026, 2, 5), gone),
                                       Created("evt_7", Utc(2026, 2, 5), Monthly("sub_4", "cus_4", 2000))});
  const MonthRow& jan = Month(r, "usd", 2026, 1);
  EXPECT_FALSE(jan.quick_ratio.has_value());  // no contraction or churn
  EXPECT_FALSE(jan.nrr.has_value());          // mrr_start 0
  EXPECT_FALSE(jan.grr.has_value());
  const MonthRow& feb = Month(r, "usd", 2026, 2);
  EXPECT_EQ(Cents(feb.mrr_start), 18000);
  EXPECT_EQ(*feb.quick_ratio, (2000.0 + 1000.0) / (500.0 + 3000.0));
  EXPECT_EQ(*feb.nrr, (18000.0 + 1000.0 - 500.0 - 3000.0) / 18000.0);
  EXPECT_EQ(*feb.grr, (18000.0 - 500.0 - 3000.0) / 18000.0);
}

TEST(NaiveOracleRulesTest, OnlySucceededAndFailedPaymentsMakeCurrencyRows) {
  const RevenueReport r = NaiveReport({Payment("evt_1", "payment_intent.succeeded", Utc(2026, 1, 5), 1234, "EUR"),
                                       Payment("evt_2", "payment_intent.payment_failed", Utc(2026, 1, 6), 0, "jpy"),
                                       Payment("evt_3", "payment_intent.created", Utc(2026, 1, 7), 0, "gbp")});
  ASSERT_EQ(r.currencies.size(), 2u);
  EXPECT_EQ(Cents(Month(r, "eur", 2026, 1).amount_succeeded), 1234);
  EXPECT_EQ(Month(r, "jpy", 2026, 1).payments_failed, 1);
}

// ---- exact numbers ------------------------------------------------------------------------

TEST(NaiveOracleNumbersTest, ReadsDecimalsExactly) {
  EXPECT_EQ(*ParseDecimalText("1250.5"), BigRational(2501, 2));
  EXPECT_EQ(*ParseDecimalText("1e2"), BigRational(100));
  EXPECT_EQ(*ParseDecimalText("-2.5E-1"), BigRational(-1, 4));
  EXPECT_FALSE(ParseDecimalText("12a").has_value());
  auto j = ParseExact(R"({"percent_off":33.33,"n":7,"s":"0.375","big":123456789012345678901234})");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(*Number(At(*j, "percent_off")), BigRational(3333, 100));  // not the nearest double
  EXPECT_EQ(*Number(At(*j, "n")), BigRational(7));
  EXPECT_EQ(*Number(At(*j, "big")), BigRational(BigInt("123456789012345678901234")));
  EXPECT_FALSE(Number(At(*j, "s")).has_value());       // a string is not a number literal...
  EXPECT_EQ(*Decimal(At(*j, "s")), BigRational(3, 8));  // ...but is read as an amount
  EXPECT_FALSE(Str(At(*j, "percent_off")) == "33.33");   // and a number is not a string
}

TEST(NaiveOracleNumbersTest, RoundsHalfUp) {
  EXPECT_EQ(RoundHalfUp(BigRational(13000, 3)), 4333);  // 10 USD/week
  EXPECT_EQ(RoundHalfUp(BigRational(1, 2)), 1);
  EXPECT_EQ(RoundHalfUp(BigRational(49999, 100000)), 0);
  EXPECT_EQ(RoundHalfUp(BigRational(-1, 2)), 0);
}

TEST(NaiveOracleNumbersTest, RatesAreTheNearestDouble) {
  EXPECT_EQ(*NearestDouble(1, 3), 1.0 / 3.0);
  EXPECT_EQ(*NearestDouble(-7, 10), -0.7);
  EXPECT_FALSE(NearestDouble(1, 0).has_value());
  const BigInt two53 = BigInt(1) << 53;
  EXPECT_EQ(*NearestDouble(two53 + 1, 1), 9007199254740992.0);  // tie: to even
  EXPECT_EQ(*NearestDouble(two53 + 3, 1), 9007199254740996.0);  // tie: to even
  // Just above a tie: the sticky remainder rounds up.
  EXPECT_EQ(*NearestDouble((two53 + 1) * 1000000 + 1, 1000000), 9007199254740994.0);
  const BigInt ten30 = BigInt("1000000000000000000000000000000");
  EXPECT_EQ(*NearestDouble(ten30 + 1, ten30), 1.0);
}

// ---- spec identities on realistic streams ---------------------------------------------------

TEST(NaiveOracleTest, SpecIdentitiesHoldOnGeneratedStreams) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    eventgen::GeneratorOptions o;
    o.seed = seed;
    o.events = 600;
    std::vector<std::string> bodies;
    for (auto& e : eventgen::EventGenerator(o).All()) bodies.push_back(std::move(e.body));
    const RevenueReport r = NaiveReport(bodies);
    ASSERT_FALSE(r.months.empty());
    uint64_t events = 0;  // books never share an event
    for (const auto& [book, report] : NaiveReports(bodies)) events += report.events;
    EXPECT_EQ(events, 600u);
    const MonthRow* previous = nullptr;
    for (const MonthRow& m : r.months) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " " + m.currency + " " + std::to_string(m.month));
      EXPECT_EQ(m.net_new, m.mrr_end - m.mrr_start);
      EXPECT_EQ(m.churn, m.churn_voluntary + m.churn_involuntary);
      EXPECT_LE(m.customers_churned, m.customers_start);
      EXPECT_LE(m.subscriptions_churned, m.subscriptions_start);
      EXPECT_LE(m.trials_converted, m.trials_ended);
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
