// Business metrics per book (revenue model v2 §0): every business series
// carries `account` and `mode`, books never mix, the set of account values
// comes from configuration (BookLabels), and the v2 figures (trials, quick
// ratio, NRR, GRR, unresolved discounts) are exported — absent where their
// denominator is 0.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "metrics/book_labels.h"
#include "metrics/label_values.h"
#include "metrics/subledger_metrics.h"
#include "tests/metrics/exposition.h"

namespace subledger {
namespace {

using testing::Find;
using testing::ParseExposition;
using testing::PopulatedBook;

std::vector<testing::Sample> Page(const BusinessFigures& f) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateBusiness(f);
  return ParseExposition(m.Serialize());
}

// Two books of the same currency: the platform's live book and a connected
// account's test book, with different figures.
BusinessFigures TwoBooks() {
  BusinessFigures f;
  f.books.push_back(PopulatedBook({"usd"}, "platform", "live"));
  f.books.push_back(PopulatedBook({"usd"}, "acct_1Conn", "test"));
  f.books[1].currencies[0].mrr = 777;
  f.books[1].subscriptions_by_status = {{"active", 4}};
  f.books[1].as_of = 1767000000;
  return f;
}

TEST(BusinessBooksTest, EveryBusinessSeriesNamesItsBook) {
  const auto samples = Page(TwoBooks());
  int business = 0;
  for (const auto& s : samples) {
    const bool is_business = s.labels.count("currency") || s.name == "subledger_subscriptions" ||
                             s.name == "subledger_figures_as_of_timestamp_seconds";
    if (!is_business) continue;
    ++business;
    ASSERT_TRUE(s.labels.count("account")) << s.name;
    ASSERT_TRUE(s.labels.count("mode")) << s.name;
    const std::string book = s.labels.at("account") + "/" + s.labels.at("mode");
    EXPECT_TRUE(book == "platform/live" || book == "acct_1Conn/test") << s.name << " " << book;
  }
  EXPECT_GT(business, 150);
}

TEST(BusinessBooksTest, BooksNeverMix) {
  const auto samples = Page(TwoBooks());
  const std::map<std::string, std::string> live = {{"account", "platform"}, {"mode", "live"}, {"currency", "usd"}};
  const std::map<std::string, std::string> conn = {{"account", "acct_1Conn"}, {"mode", "test"}, {"currency", "usd"}};
  EXPECT_EQ(Find(samples, "subledger_mrr_minor_units", live).at(0).value, 12500);
  EXPECT_EQ(Find(samples, "subledger_mrr_minor_units", conn).at(0).value, 777);
  EXPECT_EQ(Find(samples, "subledger_mrr_minor_units").size(), 2u);
  EXPECT_EQ(Find(samples, "subledger_subscriptions", {{"account", "platform"}, {"status", "active"}}).at(0).value, 10);
  EXPECT_EQ(Find(samples, "subledger_subscriptions", {{"account", "acct_1Conn"}, {"status", "active"}}).at(0).value, 4);
  EXPECT_EQ(Find(samples, "subledger_subscriptions", {{"account", "acct_1Conn"}, {"status", "canceled"}}).at(0).value,
            0);
  EXPECT_EQ(Find(samples, "subledger_subscriptions").size(), 16u);  // 8 known statuses per book
  EXPECT_EQ(Find(samples, "subledger_figures_as_of_timestamp_seconds", {{"account", "acct_1Conn"}}).at(0).value,
            1767000000);
  EXPECT_EQ(Find(samples, "subledger_payment_attempts_total", conn).size(), 2u);
}

TEST(BusinessBooksTest, ARepeatedBookIsExportedOnce) {
  BusinessFigures f = TwoBooks();
  f.books.push_back(PopulatedBook({"usd"}, "platform", "live"));
  f.books.back().currencies[0].mrr = 1;
  const auto samples = Page(f);
  const auto mrr = Find(samples, "subledger_mrr_minor_units", {{"account", "platform"}});
  ASSERT_EQ(mrr.size(), 1u);
  EXPECT_EQ(mrr[0].value, 12500);  // the first entry
}

TEST(BusinessBooksTest, TheCurrencyCapHoldsPerBook) {
  BusinessFigures f;
  for (const char* account : {"platform", "acct_A"}) {
    f.books.push_back(PopulatedBook({}, account, "live"));
    for (char a = 'a'; a <= 'z'; ++a) {
      for (char b = 'a'; b <= 'z'; ++b) f.books.back().currencies.push_back(testing::PopulatedCurrency({'x', a, b}, 1));
    }
  }
  const auto samples = Page(f);
  for (const char* account : {"platform", "acct_A"}) {
    std::set<std::string> currencies;
    for (const auto& s : Find(samples, "subledger_paying_customers", {{"account", account}})) {
      currencies.insert(s.labels.at("currency"));
    }
    EXPECT_EQ(currencies.size(), kMaxCurrencyLabels) << account;
    EXPECT_TRUE(currencies.count("other")) << account;
  }
}

TEST(BusinessBooksTest, TrialsQuickRatioRetentionAndUnresolvedDiscounts) {
  const auto samples = Page(testing::PopulatedFigures({"usd"}));
  const std::map<std::string, std::string> mtd = {{"window", "month_to_date"}, {"currency", "usd"},
                                                  {"account", "platform"}, {"mode", "live"}};
  auto with = [&](const char* k, const char* v) {
    auto l = mtd;
    l[k] = v;
    return l;
  };
  EXPECT_EQ(Find(samples, "subledger_trials", with("kind", "started")).at(0).value, 8);
  EXPECT_EQ(Find(samples, "subledger_trials", with("kind", "ended")).at(0).value, 6);
  EXPECT_EQ(Find(samples, "subledger_trials", with("kind", "converted")).at(0).value, 3);
  EXPECT_EQ(Find(samples, "subledger_trials").size(), 6u);  // 3 kinds x 2 windows
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_trial_conversion_ratio", mtd).at(0).value, 0.5);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_quick_ratio", mtd).at(0).value, 125.0 / 21.0);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_net_mrr_retention_ratio", mtd).at(0).value, 1.004);
  EXPECT_DOUBLE_EQ(Find(samples, "subledger_gross_mrr_retention_ratio", mtd).at(0).value, 0.979);
  for (const char* ratio : {"subledger_trial_conversion_ratio", "subledger_quick_ratio",
                            "subledger_net_mrr_retention_ratio", "subledger_gross_mrr_retention_ratio"}) {
    EXPECT_EQ(Find(samples, ratio, {{"window", "previous_month"}}).size(), 1u) << ratio;
  }
  EXPECT_EQ(Find(samples, "subledger_unresolved_discounts", {{"currency", "usd"}, {"account", "platform"}})
                .at(0)
                .value,
            1);
}

TEST(BusinessBooksTest, RatiosWithAZeroDenominatorAreAbsent) {
  BusinessFigures f = testing::PopulatedFigures({"usd"});
  WindowFigures& w = f.books[0].currencies[0].month_to_date;
  w.trials_ended = w.trials_converted = 0;
  w.trial_conversion_ratio.reset();
  w.quick_ratio.reset();
  w.net_mrr_retention_ratio.reset();
  w.gross_mrr_retention_ratio.reset();
  const auto samples = Page(f);
  for (const char* ratio : {"subledger_trial_conversion_ratio", "subledger_quick_ratio",
                            "subledger_net_mrr_retention_ratio", "subledger_gross_mrr_retention_ratio"}) {
    EXPECT_TRUE(Find(samples, ratio, {{"window", "month_to_date"}}).empty()) << ratio;
    EXPECT_EQ(Find(samples, ratio, {{"window", "previous_month"}}).size(), 1u) << ratio;
  }
  // The counts stay, as zeros.
  EXPECT_EQ(Find(samples, "subledger_trials", {{"window", "month_to_date"}, {"kind", "ended"}}).at(0).value, 0);
}

TEST(BusinessBooksTest, OtherCurrencySumsTrialsAndUnresolvedButHasNoRatios) {
  const auto samples = Page(testing::PopulatedFigures({"usd", "US$", "EUR"}));
  const std::map<std::string, std::string> other = {{"window", "month_to_date"}, {"currency", "other"}};
  auto with_kind = other;
  with_kind["kind"] = "started";
  EXPECT_EQ(Find(samples, "subledger_trials", with_kind).at(0).value, 16);
  EXPECT_EQ(Find(samples, "subledger_unresolved_discounts", {{"currency", "other"}}).at(0).value, 2);
  for (const char* ratio : {"subledger_trial_conversion_ratio", "subledger_quick_ratio",
                            "subledger_net_mrr_retention_ratio", "subledger_gross_mrr_retention_ratio"}) {
    EXPECT_TRUE(Find(samples, ratio, {{"currency", "other"}}).empty()) << ratio;
  }
}

TEST(BusinessBooksTest, NoBooksNoBusinessSeries) {
  const auto samples = Page(BusinessFigures{});
  for (const auto& s : samples) {
    EXPECT_FALSE(s.labels.count("account")) << s.name;
  }
  EXPECT_TRUE(Find(samples, "subledger_subscriptions").empty());
}

TEST(BusinessBooksTest, ProjectionHealthAndImplausibleEvents) {
  SubledgerMetrics m(BuildInfo{"0.1.0", "abc1234"});
  m.UpdateLog(testing::PopulatedLog());
  auto samples = ParseExposition(m.Serialize());
  EXPECT_EQ(Find(samples, "subledger_projection_implausible_events").at(0).value, 2);
  EXPECT_EQ(Find(samples, "subledger_projection_healthy").at(0).value, 1);
  LogFigures failing = testing::PopulatedLog();
  failing.projection_healthy = false;
  m.UpdateLog(failing);
  EXPECT_EQ(Find(ParseExposition(m.Serialize()), "subledger_projection_healthy").at(0).value, 0);
  m.UpdateLog(LogFigures{});  // no projector: neither is exported
  samples = ParseExposition(m.Serialize());
  EXPECT_TRUE(Find(samples, "subledger_projection_healthy").empty());
  EXPECT_TRUE(Find(samples, "subledger_projection_implausible_events").empty());
}

TEST(BookLabelsTest, PlatformAndListedAccountsOnly) {
  const BookLabels labels({"acct_1Listed", "acct_2Listed", "cus_123", "acct_bad-id", "platform"});
  EXPECT_EQ(labels.AccountLabel(""), std::optional<std::string>("platform"));
  EXPECT_EQ(labels.AccountLabel("acct_1Listed"), std::optional<std::string>("acct_1Listed"));
  EXPECT_EQ(labels.AccountLabel("acct_3NotListed"), std::nullopt);
  EXPECT_EQ(labels.AccountLabel("platform"), std::nullopt);  // only "" is the platform
  EXPECT_EQ(labels.AccountLabel("cus_123"), std::nullopt);   // invalid ids are ignored
  EXPECT_EQ(labels.connected_accounts(), 2u);
  EXPECT_STREQ(ModeLabel(true), "live");
  EXPECT_STREQ(ModeLabel(false), "test");
}

TEST(BookLabelsTest, TenThousandUnlistedAccountsGetNoLabel) {
  const BookLabels labels({"acct_Mine"});
  std::set<std::string> values;
  for (int i = 0; i < 10000; ++i) {
    if (auto l = labels.AccountLabel("acct_" + std::to_string(i))) values.insert(*l);
  }
  EXPECT_TRUE(values.empty());
}

TEST(BookLabelsTest, ConnectedAccountIdsAndTheCap) {
  EXPECT_TRUE(IsConnectedAccountId("acct_1Nv0FGQ9RKHgCVdK"));
  for (const char* bad : {"", "acct_", "acct", "platform", "acct_a b", "acct_a\"b", "acct_a,b", "ACCT_1", "cus_1"}) {
    EXPECT_FALSE(IsConnectedAccountId(bad)) << bad;
  }
  EXPECT_FALSE(IsConnectedAccountId("acct_" + std::string(65, 'x')));
  std::vector<std::string> many;
  for (size_t i = 0; i < kMaxMetricsAccounts + 20; ++i) many.push_back("acct_" + std::to_string(i));
  EXPECT_EQ(BookLabels(many).connected_accounts(), kMaxMetricsAccounts);
}

}  // namespace
}  // namespace subledger
