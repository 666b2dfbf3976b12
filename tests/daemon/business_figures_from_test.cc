// BusinessFiguresBuilder: the read models of every book become the metrics'
// figures of the platform's books and of the listed connected accounts' books
// only; each book's figures are its own report's; money past int64 is not
// narrowed; the windows follow the clock.
#include "daemon/business_figures_from.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

#include "ledger/event_envelope.h"
#include "metrics/subledger_metrics.h"
#include "projections/calendar.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"

namespace subledger {
namespace {

using nlohmann::json;

constexpr int64_t kMarch10 = 1741600000;  // 2025-03-10, UTC
constexpr int64_t kMarch20 = 1742464800;  // 2025-03-20
constexpr int64_t kMay2 = 1746180000;     // 2025-05-02

struct Sub {
  explicit Sub(std::string sub_id) : id(std::move(sub_id)) {}
  Sub& Account(std::string a) { account = std::move(a); return *this; }
  Sub& Test() { livemode = false; return *this; }
  Sub& Currency(std::string c) { currency = std::move(c); return *this; }
  Sub& Amount(int64_t a, int64_t q = 1) { unit_amount = a; quantity = q; return *this; }
  Sub& Status(std::string s) { status = std::move(s); return *this; }
  Sub& Updated(int64_t at) { type = "customer.subscription.updated"; created = at; return *this; }
  Sub& Created(int64_t at) { created = at; return *this; }

  std::string id;
  std::string account;  // "" = the platform
  bool livemode = true;
  std::string currency = "usd";
  int64_t unit_amount = 1000;
  int64_t quantity = 1;
  std::string status = "active";
  std::string type = "customer.subscription.created";
  int64_t created = kMarch10;
};

std::string Body(const Sub& s, const std::string& event_id) {
  json price = {{"id", "price_" + s.id}, {"object", "price"}, {"currency", s.currency},
                {"unit_amount", s.unit_amount}, {"billing_scheme", "per_unit"},
                {"recurring", {{"interval", "month"}, {"interval_count", 1}, {"usage_type", "licensed"}}}};
  json sub = {{"id", s.id}, {"object", "subscription"}, {"customer", "cus_" + s.id}, {"currency", s.currency},
              {"status", s.status}, {"cancel_at_period_end", false}, {"cancel_at", nullptr},
              {"pause_collection", nullptr}, {"discount", nullptr},
              {"items", {{"object", "list"},
                         {"data", json::array({{{"id", "si_" + s.id}, {"quantity", s.quantity}, {"price", price}}})}}}};
  json event = {{"id", event_id}, {"object", "event"}, {"created", s.created}, {"type", s.type},
                {"livemode", s.livemode}, {"data", {{"object", sub}}}};
  if (!s.account.empty()) event["account"] = s.account;
  return event.dump();
}

class BusinessFiguresFromTest : public ::testing::Test {
 protected:
  void Apply(const std::vector<Sub>& subs) {
    std::vector<EventFact> facts;
    for (const Sub& s : subs) {
      const std::string body = Body(s, "evt_" + std::to_string(seq_ + 1));
      auto env = ExtractEnvelope(body);
      ASSERT_TRUE(env.ok()) << env.status().ToString();
      facts.push_back(ExtractFact(++seq_, *env, body));
    }
    ASSERT_TRUE(state_.ApplyBatch(std::move(facts), seq_).ok());
    snapshot_ = state_.Snapshot(snapshot_);
  }
  const BookFigures* FindBook(const BusinessFigures& f, const std::string& account, const std::string& mode) {
    for (const BookFigures& b : f.books) {
      if (b.account == account && b.mode == mode) return &b;
    }
    return nullptr;
  }

  ProjectionState state_;
  SequenceNumber seq_ = 0;
  std::shared_ptr<const ProjectionSnapshot> snapshot_;
};

TEST_F(BusinessFiguresFromTest, OnlyThePlatformAndListedAccountsAreExported) {
  Apply({Sub("sub_live"), Sub("sub_test").Test().Amount(500),
         Sub("sub_listed").Account("acct_Listed").Currency("eur").Amount(2500),
         Sub("sub_other").Account("acct_Other").Amount(9900)});
  BusinessFiguresBuilder builder(BookLabels({"acct_Listed"}));
  const BusinessFigures f = builder.Build(*snapshot_, kMarch20);
  ASSERT_EQ(f.books.size(), 3u);
  EXPECT_EQ(f.books[0].account, "platform");
  EXPECT_EQ(f.books[0].mode, "test");
  EXPECT_EQ(f.books[1].mode, "live");
  EXPECT_EQ(f.books[2].account, "acct_Listed");
  EXPECT_EQ(FindBook(f, "acct_Other", "live"), nullptr);

  // Each book's figures are that book's report.
  for (const auto& [book, totals] : snapshot_->books) {
    if (book.account == "acct_Other") continue;
    const BookFigures* b = FindBook(f, book.platform() ? "platform" : book.account, ModeLabel(book.livemode));
    ASSERT_NE(b, nullptr) << BookLabel(book);
    const RevenueReport report = BuildReport(*totals);
    ASSERT_EQ(b->currencies.size(), report.currencies.size());
    for (size_t i = 0; i < report.currencies.size(); ++i) {
      EXPECT_EQ(b->currencies[i].currency, report.currencies[i].currency);
      EXPECT_EQ(b->currencies[i].mrr, MetricMoney(report.currencies[i].mrr)) << BookLabel(book);
    }
    EXPECT_EQ(b->subscriptions_by_status, report.subscriptions_by_status);
  }
  EXPECT_EQ(FindBook(f, "platform", "live")->currencies.at(0).mrr, 1000);
  EXPECT_EQ(FindBook(f, "acct_Listed", "live")->currencies.at(0).mrr, 2500);

  // With no account listed, only the platform's books.
  EXPECT_EQ(BusinessFiguresBuilder(BookLabels()).Build(*snapshot_, kMarch20).books.size(), 2u);
}

TEST_F(BusinessFiguresFromTest, MoneyPastInt64IsNotNarrowed) {
  // 10^12 minor units x 10^7 seats: 10^19 a month, past int64 (9.2 * 10^18).
  Apply({Sub("sub_huge").Amount(1000000000000, 10000000)});
  const BusinessFigures f = BusinessFiguresBuilder(BookLabels()).Build(*snapshot_, kMarch20);
  ASSERT_EQ(f.books.size(), 1u);
  EXPECT_EQ(f.books[0].currencies.at(0).mrr, 1e19);
  EXPECT_EQ(f.books[0].currencies.at(0).month_to_date.movements.new_mrr, 1e19);
}

TEST_F(BusinessFiguresFromTest, TrialsAndRetentionFollowTheClock) {
  Apply({Sub("sub_trial").Status("trialing"), Sub("sub_trial").Updated(kMarch20), Sub("sub_paying").Amount(3000)});
  BusinessFiguresBuilder builder{BookLabels()};
  const BusinessFigures march = builder.Build(*snapshot_, kMarch20 + 60);
  const WindowFigures& mtd = march.books.at(0).currencies.at(0).month_to_date;
  EXPECT_EQ(mtd.trials_started, 1);
  EXPECT_EQ(mtd.trials_ended, 1);
  EXPECT_EQ(mtd.trials_converted, 1);
  EXPECT_EQ(mtd.trial_conversion_ratio, std::optional<double>(1.0));
  EXPECT_EQ(mtd.quick_ratio, std::nullopt);              // nothing contracted or churned
  EXPECT_EQ(mtd.net_mrr_retention_ratio, std::nullopt);  // MRR 0 when March began
  EXPECT_EQ(mtd.gross_mrr_retention_ratio, std::nullopt);
  EXPECT_EQ(march.books[0].currencies[0].unresolved_discounts, 0);

  // In May (the same snapshot: the cached figures must not be reused), April
  // is the quiet previous month and May the quiet month to date.
  const BusinessFigures may = builder.Build(*snapshot_, kMay2);
  const CurrencyFigures& usd = may.books.at(0).currencies.at(0);
  EXPECT_EQ(usd.month_to_date.trials_started, 0);
  EXPECT_EQ(usd.month_to_date.mrr_start, 4000);
  EXPECT_EQ(usd.month_to_date.net_mrr_retention_ratio, std::optional<double>(1.0));
  EXPECT_EQ(usd.previous_month.gross_mrr_retention_ratio, std::optional<double>(1.0));
  EXPECT_EQ(usd.previous_month.trial_conversion_ratio, std::nullopt);
}

TEST_F(BusinessFiguresFromTest, AChangedBookIsReReportedAndTheOthersKept) {
  Apply({Sub("sub_live"), Sub("sub_listed").Account("acct_Listed").Amount(2500)});
  BusinessFiguresBuilder builder(BookLabels({"acct_Listed"}));
  EXPECT_EQ(builder.Build(*snapshot_, kMarch20).books.size(), 2u);
  Apply({Sub("sub_more").Account("acct_Listed").Amount(500).Created(kMarch20)});
  const BusinessFigures f = builder.Build(*snapshot_, kMarch20 + 60);
  ASSERT_EQ(f.books.size(), 2u);
  EXPECT_EQ(FindBook(f, "platform", "live")->currencies.at(0).mrr, 1000);
  EXPECT_EQ(FindBook(f, "acct_Listed", "live")->currencies.at(0).mrr, 3000);
}

// The scrape at 100k subscriptions: the figures are rendered when a snapshot
// is published (Build + UpdateBusiness), so a scrape only concatenates text
// whose size depends on books and currencies, not on subscriptions. Prints
// the costs; asserts only the content (no timing asserts on a shared machine).
TEST_F(BusinessFiguresFromTest, ScrapeCostAtOneHundredThousandSubscriptions) {
  const char* currencies[] = {"eur", "gbp", "usd"};
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<Sub> subs;
    for (int i = batch * 10000; i < (batch + 1) * 10000; ++i) {
      Sub s("sub_" + std::to_string(i));
      s.Currency(currencies[i % 3]).Amount(1000 + i % 7).Created(kMarch10 + i);
      if (i % 10 == 8) s.Test();
      if (i % 10 == 9) s.Account("acct_Listed");
      subs.push_back(std::move(s));
    }
    Apply(subs);
  }
  BusinessFiguresBuilder builder(BookLabels({"acct_Listed"}));
  SubledgerMetrics metrics(BuildInfo{"0.1.0", "abc1234"});
  const auto t0 = std::chrono::steady_clock::now();
  metrics.UpdateBusiness(builder.Build(*snapshot_, kMarch20));
  const auto t1 = std::chrono::steady_clock::now();
  std::string page;
  const int scrapes = 100;
  for (int i = 0; i < scrapes; ++i) page = metrics.Serialize();
  const auto t2 = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("[ metrics ] 100k subscriptions, 3 books x 3 currencies: publish (Build + UpdateBusiness) %.1f ms;"
              " scrape (Serialize) %.3f ms, %zu bytes\n",
              ms(t1 - t0), ms(t2 - t1) / scrapes, page.size());
  int64_t active = 0;
  for (const auto& [book, totals] : snapshot_->books) {
    if (auto it = totals->status_counts.find("active"); it != totals->status_counts.end()) active += it->second;
  }
  EXPECT_EQ(active, 100000);
  EXPECT_NE(page.find("subledger_subscriptions{status=\"active\",account=\"platform\",mode=\"live\"} 80000"),
            std::string::npos);
  EXPECT_LT(page.size(), 200u * 1024);
}

}  // namespace
}  // namespace subledger
