// Refetch closes the gaps webhooks leave (spec §3): a discount named only by
// id is unresolved and a tiered price without tiers is unpriced until the
// projection's query (projections/unresolved_refs.h) names them, the plan
// (daemon/refetch_planner.h) refetches them with the right expansions on
// the right account, and the report then shows the discounted MRR, the
// priced seats and nothing unresolved.
#include <gtest/gtest.h>

#include "daemon/refetch_planner.h"
#include "projections/projector.h"
#include "projections/revenue_report.h"
#include "projections/unresolved_refs.h"
#include "stripe/refetcher.h"
#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/refetch_fixtures.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::AppendAs;
using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::OpenLog;
using testing::OptionsFor;
using testing::TempDir;

constexpr int64_t kNow = 1790000000;
constexpr const char* kConnected = "acct_1Conn";

class RefetchResolutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetUnixSeconds(kNow);
    log_ = OpenLog(dir_, &clock_);
    ASSERT_NE(log_, nullptr);
    // Platform: a discounted subscription and a seats subscription, as webhooks carry them.
    discounted_ = testing::Subscription("sub_disc", "cus_a",
                                        testing::Item("si_a", testing::MonthlyPrice("price_m", 2000), 1), "di_q");
    seats_ = testing::Subscription("sub_seats", "cus_b",
                                   testing::Item("si_b", testing::SeatPrice("price_seats", true), 10));
    Deliver("evt_a", discounted_);
    Deliver("evt_b", seats_);
    // A connected account's own discounted subscription (same ids, its own book).
    Deliver("evt_c", discounted_, kConnected);
    server_.PutSubscription(discounted_);
    server_.PutPrice(testing::SeatPrice("price_seats", true));
    server_.PutSubscription(discounted_, kConnected);
    auto projector = Projector::Open(log_.get());
    ASSERT_TRUE(projector.ok()) << projector.status().ToString();
    projector_ = std::move(*projector);
  }

  void Deliver(const std::string& id, const nlohmann::ordered_json& sub, const std::string& account = "") {
    AppendAs(log_.get(), testing::SubscriptionEvent(id, kNow - 3600, testing::AsWebhookObject(sub), account),
             EventSource::kWebhook);
  }

  CurrencyRow Usd(const std::string& account = "") {
    auto caught_up = projector_->CatchUp();
    EXPECT_TRUE(caught_up.ok()) << caught_up.status().ToString();
    RevenueReport report = BuildReport(*projector_->Snapshot()->Find(Book{account, false}));
    EXPECT_EQ(report.currencies.size(), 1u);
    return report.currencies.empty() ? CurrencyRow() : report.currencies[0];
  }

  FakeClock clock_;
  FakeSleeper sleeper_{&clock_};
  FakeStripeServer server_;
  TempDir dir_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<Projector> projector_;
  nlohmann::ordered_json discounted_, seats_;
};

TEST_F(RefetchResolutionTest, TheQueryNamesWhatWebhooksLeftUnresolved) {
  CurrencyRow before = Usd();
  EXPECT_EQ(static_cast<int64_t>(before.mrr), testing::kFullMrr);
  EXPECT_EQ(before.unresolved_discounts, 1);
  EXPECT_EQ(before.unpriced_items, 1);

  auto snapshot = projector_->Snapshot();
  Result<UnresolvedRefs> refs = FindUnresolvedRefs(*log_, *snapshot->Find(Book{"", false}));
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(refs->discounts, (std::map<std::string, std::set<std::string>>{{"di_q", {"sub_disc"}}}));
  EXPECT_EQ(refs->tiered_prices, std::set<std::string>{"price_seats"});
  EXPECT_EQ(refs->Subscriptions(), std::set<std::string>{"sub_disc"});

  Result<UnresolvedRefs> connected = FindUnresolvedRefs(*log_, *snapshot->Find(Book{kConnected, false}));
  ASSERT_TRUE(connected.ok());
  EXPECT_EQ(connected->book.account, kConnected);
  EXPECT_EQ(connected->discounts.at("di_q"), std::set<std::string>{"sub_disc"});
  EXPECT_TRUE(connected->tiered_prices.empty());

  // Live-mode books: none here, so nothing to plan with a live key.
  Result<RefetchPlan> live = PlanRefetches(*snapshot, *log_, true);
  ASSERT_TRUE(live.ok());
  EXPECT_TRUE(live->targets.empty());
}

TEST_F(RefetchResolutionTest, RefetchingThePlanResolvesEveryBook) {
  Usd();
  Result<RefetchPlan> plan = PlanRefetches(*projector_->Snapshot(), *log_, false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->unresolved_discounts, 2u);  // one per book
  EXPECT_EQ(plan->unknown_tiered_prices, 1u);
  ASSERT_EQ(plan->targets.size(), 3u);
  EXPECT_EQ(plan->targets[0].kind, SnapshotKind::kPrice);  // prices first
  EXPECT_EQ(plan->targets[0].id, "price_seats");

  StripeClient client(OptionsFor(server_), &sleeper_);
  RefetchCounts counts = RefetchTargets(&client, log_.get(), clock_, plan->targets);
  EXPECT_EQ(counts.prices.appended, 1u);
  EXPECT_EQ(counts.subscriptions.appended, 2u);
  EXPECT_EQ(counts.attempted(), 3u);
  EXPECT_EQ(client.account(), "") << "the client's account is restored";

  // Each request carried the expansions and its own account.
  auto subs = server_.RequestsTo("/v1/subscriptions/sub_disc");
  ASSERT_EQ(subs.size(), 2u);
  std::set<std::string> accounts;
  for (const auto& r : subs) {
    accounts.insert(r.Header("stripe-account"));
    EXPECT_EQ(r.QueryAll("expand[]"), (std::vector<std::string>{"discounts", "items.data.price.tiers"}));
  }
  EXPECT_EQ(accounts, (std::set<std::string>{"", kConnected}));
  EXPECT_EQ(server_.RequestsTo("/v1/prices/price_seats").at(0).QueryAll("expand[]"),
            std::vector<std::string>{"tiers"});

  CurrencyRow after = Usd();
  EXPECT_EQ(static_cast<int64_t>(after.mrr), testing::kDiscountedMrr + testing::kSeatsMrr);
  EXPECT_EQ(after.unresolved_discounts, 0);
  EXPECT_EQ(after.unpriced_items, 0);
  CurrencyRow connected = Usd(kConnected);
  EXPECT_EQ(static_cast<int64_t>(connected.mrr), testing::kDiscountedMrr);
  EXPECT_EQ(connected.unresolved_discounts, 0);

  Result<RefetchPlan> again = PlanRefetches(*projector_->Snapshot(), *log_, false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->targets.empty());
  EXPECT_EQ(again->unresolved_discounts, 0u);
}

TEST_F(RefetchResolutionTest, MemoryFetchesEachObjectOncePerReasonAndLimitsApply) {
  Usd();
  Result<RefetchPlan> plan = PlanRefetches(*projector_->Snapshot(), *log_, false, std::string(""));
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->targets.size(), 2u) << "the platform's book only";
  StripeClient client(OptionsFor(server_), &sleeper_);
  RefetchMemory memory;
  RefetchOptions options;
  options.memory = &memory;
  options.max_targets = 1;
  EXPECT_EQ(RefetchTargets(&client, log_.get(), clock_, plan->targets, options).attempted(), 1u);
  EXPECT_EQ(RefetchTargets(&client, log_.get(), clock_, plan->targets, options).attempted(), 1u);
  EXPECT_EQ(RefetchTargets(&client, log_.get(), clock_, plan->targets, options).attempted(), 0u);
  EXPECT_EQ(memory.size(), 2u);
  // A new reason for the same subscription is fetched again.
  RefetchTarget other = plan->targets[1];
  other.reason = "di_other";
  EXPECT_EQ(RefetchTargets(&client, log_.get(), clock_, {other}, options).attempted(), 1u);
}

TEST_F(RefetchResolutionTest, AMalformedAccountFromTheLogNeverReachesAHeader) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  std::vector<std::string> errors;
  RefetchOptions options;
  options.on_result = [&](const RefetchTarget&, const Result<SnapshotOutcome>& outcome) {
    errors.push_back(outcome.status().message());
  };
  RefetchCounts counts = RefetchTargets(
      &client, log_.get(), clock_, {{"acct_1\r\nX-Injected: 1", SnapshotKind::kSubscription, "sub_disc", ""}}, options);
  EXPECT_EQ(counts.subscriptions.failed, 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("expected acct_"), std::string::npos) << errors[0];
  EXPECT_TRUE(server_.requests().empty());
}

}  // namespace
}  // namespace subledger
