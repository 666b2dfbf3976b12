// The per-entity read models behind GET /v1/customers/{id} and
// GET /v1/subscriptions/{id}: on a realistic stream delivered out of order
// with duplicates, every book's customers' movements (which event, which
// currency, which kind, how much) and every subscription's current state
// must equal the naive oracle's.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "ledger/event_envelope.h"
#include "ledger/event_log.h"
#include "projections/projector.h"
#include "tests/projections/naive_oracle_parts.h"
#include "tests/support/temp_dir.h"
#include "tools/eventgen/event_generator.h"

namespace subledger {
namespace {

namespace oracle = testing::oracle;
using nlohmann::json;

TEST(EntityViewsTest, CustomerAndSubscriptionViewsEqualTheOracle) {
  eventgen::GeneratorOptions o;
  o.seed = 77;
  o.events = 1500;
  o.shuffle = true;
  o.duplicates = 0.15;
  o.v2 = eventgen::V2Rates::Heavy();
  const auto deliveries = eventgen::EventGenerator(o).All();
  std::vector<std::string> bodies;
  for (const auto& e : deliveries) bodies.push_back(e.body);

  testing::TempDir dir("subledger-views-");
  EventLogOptions lo;
  lo.data_dir = dir.Sub("data");
  auto log = EventLog::Open(lo);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  std::vector<PendingEvent> pending;
  for (const auto& b : bodies) {
    auto env = ExtractEnvelope(b);
    ASSERT_TRUE(env.ok());
    pending.push_back(PendingEvent{*env, b, EventSource::kImport});
  }
  ASSERT_TRUE((*log)->AppendMany(std::move(pending)).ok());
  auto projector = Projector::Open(log->get());
  ASSERT_TRUE(projector.ok());
  ASSERT_TRUE((*projector)->CatchUp().ok());

  size_t compared = 0, books = 0;
  for (const auto& [book, report] : oracle::NaiveReports(bodies)) {
    SCOPED_TRACE(BookLabel(book));
    ++books;
    const oracle::Details expected = oracle::NaiveDetails(bodies, book);
    // Movements per customer, canonical order.
    std::map<std::string, std::vector<oracle::Movement>> by_customer;
    for (const auto& m : expected.movements) by_customer[m.customer].push_back(m);
    std::map<std::string, std::map<std::string, Money>> mrr;  // customer -> currency -> MRR
    for (const auto& [id, s] : expected.final_state) mrr[s.customer][s.currency] += s.mrr;
    for (const auto& [customer, per_currency] : mrr) {
      SCOPED_TRACE(customer);
      auto view = (*projector)->CustomerView(book, customer);
      ASSERT_TRUE(view.ok()) << view.status().ToString();
      const json v = json::parse(*view);
      for (const auto& [currency, cents] : per_currency) EXPECT_EQ(v["mrr"].value(currency, int64_t{-1}), static_cast<int64_t>(cents)) << currency;
      const auto& want = by_customer[customer];
      ASSERT_EQ(v["movements"].size(), want.size());
      for (size_t i = 0; i < want.size(); ++i) {
        const json& got = v["movements"][i];
        EXPECT_EQ(got["event_id"], want[i].event_id) << i;
        EXPECT_EQ(got["currency"], want[i].currency) << i;
        EXPECT_EQ(got["kind"], want[i].kind) << i;
        EXPECT_EQ(got["amount"], static_cast<int64_t>(want[i].amount)) << i;
        if (want[i].kind == "churn") {
          EXPECT_EQ(got["reason"], want[i].involuntary ? "involuntary" : "voluntary");
        }
        ++compared;
      }
    }

    // Every subscription's current state and the event that set it.
    std::map<std::string, std::string> last_event;  // subscription -> canonical-last event id
    for (const auto& e : oracle::CanonicalEvents(bodies)) {
      if (e.book == book && oracle::IsSubscriptionType(e.type)) last_event[oracle::Str(oracle::At(e.object, "id"))] = e.id;
    }
    for (const auto& [id, s] : expected.final_state) {
      SCOPED_TRACE(id);
      auto view = (*projector)->SubscriptionView(book, id);
      ASSERT_TRUE(view.ok()) << view.status().ToString();
      const json v = json::parse(*view);
      EXPECT_EQ(v["status"], s.status);
      EXPECT_EQ(v["currency"], s.currency);
      EXPECT_EQ(v["customer"], s.customer);
      EXPECT_EQ(v["mrr"], static_cast<int64_t>(s.mrr));
      EXPECT_EQ(v["last_event"]["id"], last_event[id]);
    }
  }
  EXPECT_GE(books, 4u);
  EXPECT_GT(compared, 50u);
  const Book platform = oracle::DefaultBook(bodies);
  EXPECT_EQ((*projector)->SubscriptionView(platform, "sub_does_not_exist").status().code(), Status::Code::kNotFound);
  EXPECT_EQ((*projector)->CustomerView(platform, "cus_does_not_exist").status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace subledger
