// The real `subledger` binary: `refetch --unresolved` closes what webhooks
// leave open (the report's MRR becomes the discounted one, nothing stays
// unresolved), `refetch --price`, and Connect's --account on refetch and
// backfill, against the fake Stripe API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/stripe/refetch_fixtures.h"
#include "tests/stripe/stripe_test_util.h"
#include "tests/support/run_command.h"
#include "tests/support/test_paths.h"

namespace subledger {
namespace {

using testing::AppendAs;
using testing::CliBinary;
using testing::CommandOptions;
using testing::CommandResult;
using testing::FakeStripeServer;
using testing::OpenLog;
using testing::RunCommand;
using testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kConnected = "acct_1CliConn";

class StripeCliRefetchTest : public ::testing::Test {
 protected:
  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), CliBinary());
    CommandOptions options;
    options.env = {{"STRIPE_SECRET_KEY", FakeStripeServer::kSecretKey}, {"STRIPE_API_BASE", server_.base_url()}};
    options.unset_env = {"STRIPE_API_VERSION"};
    options.timeout_seconds = 60;
    CommandResult r = RunCommand(args, options);
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(FakeStripeServer::kSecretKey)));
    return r;
  }
  // The book's only currency row of `report --json`.
  nlohmann::json Usd(const std::string& account = "") {
    std::vector<std::string> args = {"report", "--data-dir", dir_.Sub("data"), "--json", "--mode", "test"};
    if (!account.empty()) args.insert(args.end(), {"--account", account});
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
    return report.is_object() && report["currencies"].size() == 1 ? report["currencies"][0] : nlohmann::json();
  }
  // Webhooks delivered the platform's discounted and seats subscriptions and
  // a connected account's discounted one; the fake holds them whole.
  void DeliverWebhooks() {
    const int64_t created = SystemClock::Instance().NowUnixSeconds() - 3600;
    auto discounted = testing::Subscription("sub_disc", "cus_a",
                                            testing::Item("si_a", testing::MonthlyPrice("price_m", 2000), 1), "di_q");
    auto seats = testing::Subscription("sub_seats", "cus_b",
                                       testing::Item("si_b", testing::SeatPrice("price_seats", true), 10));
    auto log = OpenLog(dir_);
    ASSERT_NE(log, nullptr);
    for (auto [id, sub, account] : {std::tuple{"evt_a", discounted, ""}, std::tuple{"evt_b", seats, ""},
                                    std::tuple{"evt_c", discounted, kConnected}}) {
      AppendAs(log.get(), testing::SubscriptionEvent(id, created, testing::AsWebhookObject(sub), account),
               EventSource::kWebhook);
    }
    server_.PutSubscription(discounted);
    server_.PutSubscription(discounted, kConnected);
    server_.PutPrice(testing::SeatPrice("price_seats", true));
  }
  FakeStripeServer server_;
  TempDir dir_;
};

TEST_F(StripeCliRefetchTest, UnresolvedRefetchesExactlyWhatTheBooksLackAndResolvesIt) {
  DeliverWebhooks();
  nlohmann::json before = Usd();
  EXPECT_EQ(before["mrr"], testing::kFullMrr);
  EXPECT_EQ(before["unresolved_discounts"], 1);
  EXPECT_EQ(before["unpriced_items"], 1);

  CommandResult r = Run({"refetch", "--data-dir", dir_.Sub("data"), "--unresolved"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.out, HasSubstr("unresolved: 2 discount ids, 1 tiered prices without tiers; 3 refetches planned"));
  EXPECT_THAT(r.out, HasSubstr("refetch price_seats: appended evt_snap_price_seats_"));
  EXPECT_THAT(r.out, HasSubstr("refetch sub_disc (account acct_1CliConn): appended evt_snap_sub_disc_"));
  EXPECT_THAT(r.out, HasSubstr("after refetch: 0 discount ids, 0 tiered prices without tiers still unresolved"));

  nlohmann::json after = Usd();
  EXPECT_EQ(after["mrr"], testing::kDiscountedMrr + testing::kSeatsMrr);
  EXPECT_EQ(after["unresolved_discounts"], 0);
  EXPECT_EQ(after["unpriced_items"], 0);
  EXPECT_EQ(Usd(kConnected)["mrr"], testing::kDiscountedMrr);

  // Nothing left: a second run asks Stripe for nothing.
  const size_t requests = server_.requests().size();
  CommandResult again = Run({"refetch", "--data-dir", dir_.Sub("data"), "--unresolved"});
  ASSERT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_THAT(again.out, HasSubstr("0 refetches planned"));
  EXPECT_EQ(server_.requests().size(), requests);
}

TEST_F(StripeCliRefetchTest, UnresolvedWithAnAccountRefetchesOnlyThatAccountsBooks) {
  DeliverWebhooks();
  CommandResult r = Run({"refetch", "--data-dir", dir_.Sub("data"), "--unresolved", "--account", kConnected});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.out, HasSubstr("1 refetches planned"));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/subscriptions/sub_disc");
  EXPECT_EQ(requests[0].Header("stripe-account"), kConnected);
  EXPECT_EQ(Usd()["unresolved_discounts"], 1) << "the platform's book was left alone";
}

TEST_F(StripeCliRefetchTest, PriceAndAccountFlags) {
  server_.PutPrice(testing::SeatPrice("price_seats", true), kConnected);
  server_.PutSubscription({{"id", "sub_c1"}, {"object", "subscription"}, {"status", "active"}}, kConnected);
  CommandResult r = Run({"refetch", "--data-dir", dir_.Sub("data"), "--account", kConnected, "--price",
                         "price_seats", "sub_c1"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.out, HasSubstr("refetch price_seats (account acct_1CliConn): appended evt_snap_price_seats_"));
  EXPECT_THAT(r.out, HasSubstr("_acct_1CliConn (seq 1, billing_scheme tiered)"));
  EXPECT_THAT(r.out, HasSubstr("refetch sub_c1 (account acct_1CliConn): appended"));
  for (const auto& request : server_.requests()) EXPECT_EQ(request.Header("stripe-account"), kConnected);
  auto log = OpenLog(dir_);
  ASSERT_NE(log, nullptr);
  nlohmann::json price = nlohmann::json::parse(log->Get(1)->body);
  EXPECT_EQ(price["type"], "subledger.price.snapshot");
  EXPECT_EQ(price["account"], kConnected);
  EXPECT_EQ(price["data"]["object"]["tiers"].size(), 2u);
}

TEST_F(StripeCliRefetchTest, BadFlagsAreUsageErrorsAndSendNothing) {
  const std::string data = dir_.Sub("data");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"refetch", "--data-dir", data, "--account", "cus_1", "sub_1"}, "--account: account 'cus_1'"},
      {{"refetch", "--data-dir", data, "--unresolved", "sub_1"}, "--unresolved takes no subscription ids"},
      {{"refetch", "--data-dir", data, "--max", "3", "sub_1"}, "--max goes with --unresolved"},
      {{"refetch", "--data-dir", data, "--price", "price/../x"}, "--price: price id"},
      {{"backfill", "--data-dir", data, "--account", "acct_"}, "--account: account 'acct_'"},
  };
  for (const auto& [args, message] : cases) {
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args) << r.Describe();
    EXPECT_THAT(r.err, HasSubstr(message)) << ::testing::PrintToString(args);
  }
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(StripeCliRefetchTest, BackfillOfAConnectedAccountKeepsItsAccount) {
  const int64_t created = SystemClock::Instance().NowUnixSeconds() - 3600;
  auto sub = testing::Subscription("sub_c2", "cus_c", testing::Item("si_c", testing::MonthlyPrice("price_m", 3000), 1));
  server_.AddEvents({testing::SubscriptionEvent("evt_conn1", created, sub)}, kConnected);
  server_.AddEvents({testing::SubscriptionEvent("evt_plat1", created, sub)});
  CommandResult r = Run({"backfill", "--data-dir", dir_.Sub("data"), "--account", kConnected, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  nlohmann::json counts = nlohmann::json::parse(r.out);
  EXPECT_EQ(counts["recovered"], 1);
  EXPECT_EQ(counts["account"], kConnected);
  EXPECT_EQ(server_.RequestsTo("/v1/events").at(0).Header("stripe-account"), kConnected);
  EXPECT_EQ(Usd(kConnected)["mrr"], 3000);
}

}  // namespace
}  // namespace subledger
