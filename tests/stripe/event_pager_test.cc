// EventPager over the fake's corpus (every event in the shared fixtures and
// the worked scenario): pages walk the whole list once, newest first.
#include "stripe/event_pager.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "tests/stripe/fake_sleeper.h"
#include "tests/stripe/stripe_test_util.h"

namespace subledger {
namespace {

using testing::FakeSleeper;
using testing::FakeStripeServer;
using testing::LoadStripeEventCorpus;
using testing::OptionsFor;
using testing::ScriptedFault;

class EventPagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = LoadStripeEventCorpus();
    server_.AddEvents(corpus_);
  }
  std::vector<nlohmann::ordered_json> corpus_;
  FakeStripeServer server_;
  FakeSleeper sleeper_;
};

TEST_F(EventPagerTest, CorpusIsLargeEnoughToNeedSeveralPages) {
  EXPECT_GT(corpus_.size(), 400u);  // fixtures + scenario-v2, distinct by id
}

TEST_F(EventPagerTest, WalksEveryEventExactlyOnceNewestFirst) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  EventPager pager(&client, EventListQuery{});
  std::vector<std::string> ids;
  int64_t previous_created = INT64_MAX;
  while (!pager.done()) {
    Result<EventPage> page = pager.Next();
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_LE(page->events.size(), 100u);
    for (const auto& e : page->events) {
      EXPECT_LE(e["created"].get<int64_t>(), previous_created);
      previous_created = e["created"].get<int64_t>();
      ids.push_back(e["id"].get<std::string>());
    }
  }
  std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.size(), ids.size());
  std::set<std::string> expected;
  for (const auto& e : corpus_) expected.insert(e["id"].get<std::string>());
  EXPECT_EQ(distinct, expected);
  EXPECT_EQ(pager.pages_fetched(), static_cast<int>((corpus_.size() + 99) / 100));
}

TEST_F(EventPagerTest, SendsStripesListParameters) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  EventListQuery query;
  query.created_gte = 1700000000;
  query.types = {"customer.subscription.updated", "invoice.paid"};
  EventPager pager(&client, query);
  while (!pager.done()) ASSERT_TRUE(pager.Next().ok());
  auto requests = server_.RequestsTo("/v1/events");
  ASSERT_GE(requests.size(), 2u);
  EXPECT_EQ(requests[0].Query("created[gte]"), "1700000000");
  EXPECT_EQ(requests[0].Query("limit"), "100");
  EXPECT_EQ(requests[0].QueryAll("types[]"),
            (std::vector<std::string>{"customer.subscription.updated", "invoice.paid"}));
  EXPECT_EQ(requests[0].Query("starting_after"), "");
  for (size_t i = 1; i < requests.size(); ++i) EXPECT_FALSE(requests[i].Query("starting_after").empty());
}

TEST_F(EventPagerTest, TypesAndCreatedFilterTheWalk) {
  StripeClient client(OptionsFor(server_), &sleeper_);
  EventListQuery query;
  query.types = {"invoice.paid"};
  // The cut-off comes from the corpus (its dates move): the median invoice.paid.
  std::vector<int64_t> paid;
  for (const auto& e : corpus_) {
    if (e["type"] == "invoice.paid") paid.push_back(e["created"].get<int64_t>());
  }
  ASSERT_GE(paid.size(), 2u);
  std::sort(paid.begin(), paid.end());
  query.created_gte = paid[paid.size() / 2];
  size_t expected = 0;
  for (int64_t created : paid) expected += created >= query.created_gte;
  ASSERT_GT(expected, 0u);
  ASSERT_LT(expected, paid.size()) << "the cut-off must leave some events out";
  EventPager pager(&client, query);
  size_t seen = 0;
  while (!pager.done()) {
    Result<EventPage> page = pager.Next();
    ASSERT_TRUE(page.ok());
    for (const auto& e : page->events) {
      EXPECT_EQ(e["type"], "invoice.paid");
      ++seen;
    }
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(EventPagerTest, AFailedPageCanBeRetriedFromTheSameCursor) {
  server_.InjectFault("/v1/events", ScriptedFault::Status(400), 1, /*skip=*/1);
  StripeClient client(OptionsFor(server_), &sleeper_);
  EventPager pager(&client, EventListQuery{});
  ASSERT_TRUE(pager.Next().ok());
  std::string cursor = pager.cursor();
  Result<EventPage> failed = pager.Next();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(pager.cursor(), cursor);
  Result<EventPage> again = pager.Next();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(server_.RequestsTo("/v1/events").back().Query("starting_after"), cursor);
}

TEST(EventPagerQuery, RejectsOutOfBoundsQueriesBeforeAnyRequest) {
  EventListQuery q;
  q.page_size = 101;
  EXPECT_FALSE(EventPager::ValidateQuery(q).ok());
  q = {};
  q.types.assign(21, "invoice.paid");
  EXPECT_FALSE(EventPager::ValidateQuery(q).ok());
  q = {};
  q.types = {"invoice.paid,charge.failed"};
  EXPECT_FALSE(EventPager::ValidateQuery(q).ok());
  q = {};
  q.created_gte = 10;
  q.created_lte = 5;
  EXPECT_FALSE(EventPager::ValidateQuery(q).ok());
}

}  // namespace
}  // namespace subledger
