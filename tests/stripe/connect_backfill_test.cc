// Connect: a backfill on a connected account (Stripe-Account) lists that
// account's events only, and stores them with their top-level `account`, so
// they land in that account's books (spec §0) -- also when Stripe renders
// one without it.
#include <gtest/gtest.h>

#include <set>

#include "stripe/backfill.h"
#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::OpenLog;
using testing::OptionsFor;
using testing::TempDir;

constexpr const char* kAccount = "acct_1Connected";

std::vector<nlohmann::ordered_json> Events(const std::string& prefix, int n) {
  std::vector<nlohmann::ordered_json> events;
  for (int i = 0; i < n; ++i) {
    events.push_back({{"id", prefix + std::to_string(i)}, {"object", "event"}, {"api_version", "2025-03-31.basil"},
                      {"created", 1767225600 + i}, {"data", {{"object", {{"id", "cus_1"}, {"object", "customer"}}}}},
                      {"livemode", false}, {"type", "customer.updated"}});
  }
  return events;
}

// The top-level `account` of a stored body ("" when absent).
std::string AccountOf(const EventRecord& r) {
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(r.body);
  return body.contains("account") && body["account"].is_string() ? body["account"].get<std::string>() : "";
}

// "<id prefix>=<account>" of every stored event.
std::multiset<std::string> StoredAccounts(const EventLog& log) {
  std::multiset<std::string> accounts;
  EXPECT_TRUE(log.Scan(1, [&](const EventRecord& r) {
                   accounts.insert(r.envelope.id.substr(0, 8) + "=" + AccountOf(r));
                   return true;
                 }).ok());
  return accounts;
}

class ConnectBackfillTest : public ::testing::Test {
 protected:
  void Populate(FakeStripeServer& server) {
    server.AddEvents(Events("evt_plat", 3));
    server.AddEvents(Events("evt_conn", 2), kAccount);
  }
  FakeSleeper sleeper_;
  TempDir dir_;
};

TEST_F(ConnectBackfillTest, AConnectedAccountsEventsKeepItsAccount) {
  FakeStripeServer server;
  Populate(server);
  auto log = OpenLog(dir_);
  ASSERT_NE(log, nullptr);
  StripeClient client(OptionsFor(server), &sleeper_);
  client.set_account(kAccount);
  BackfillReport connected = Backfill(&client, log.get(), BackfillOptions{});
  ASSERT_TRUE(connected.status.ok()) << connected.status.ToString();
  EXPECT_EQ(connected.counts.recovered, 2u);
  client.set_account("");
  BackfillReport platform = Backfill(&client, log.get(), BackfillOptions{});
  ASSERT_TRUE(platform.status.ok());
  EXPECT_EQ(platform.counts.recovered, 3u);
  EXPECT_EQ(StoredAccounts(*log), (std::multiset<std::string>{"evt_conn=acct_1Connected", "evt_conn=acct_1Connected",
                                                             "evt_plat=", "evt_plat=", "evt_plat="}));
  auto requests = server.RequestsTo("/v1/events");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("stripe-account"), kAccount);
  EXPECT_EQ(requests[1].Header("stripe-account"), "");
}

TEST_F(ConnectBackfillTest, AnEventRenderedWithoutItsAccountGetsTheOneItWasListedFor) {
  FakeStripeServer::Options options;
  options.connect_events_carry_account = false;
  FakeStripeServer server(options);
  Populate(server);
  auto log = OpenLog(dir_);
  ASSERT_NE(log, nullptr);
  StripeClient client(OptionsFor(server), &sleeper_);
  client.set_account(kAccount);
  ASSERT_TRUE(Backfill(&client, log.get(), BackfillOptions{}).status.ok());
  Result<EventRecord> first = log->Get(1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(AccountOf(*first), kAccount);
  nlohmann::ordered_json body = nlohmann::ordered_json::parse(first->body);
  std::vector<std::string> keys;
  for (auto it = body.begin(); it != body.end(); ++it) keys.push_back(it.key());
  ASSERT_GE(keys.size(), 3u);
  EXPECT_EQ(keys[2], "account") << "Stripe's place for it: right after `object`";
}

TEST_F(ConnectBackfillTest, AnAccountTheKeyCannotReachIsStripesErrorAndAppendsNothing) {
  FakeStripeServer server;
  Populate(server);
  auto log = OpenLog(dir_);
  ASSERT_NE(log, nullptr);
  StripeClient client(OptionsFor(server), &sleeper_);
  client.set_account("acct_1NotConnected");
  BackfillReport report = Backfill(&client, log.get(), BackfillOptions{});
  EXPECT_EQ(report.status.code(), Status::Code::kUnauthenticated);
  EXPECT_NE(report.status.message().find("does not have access to account 'acct_1NotConnected'"), std::string::npos)
      << report.status.ToString();
  EXPECT_EQ(log->LastSequence(), 0u);
}

}  // namespace
}  // namespace subledger
