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
#include "tests/projections/stripe_builders.h"
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

// A projector over a fresh log holding `bodies`, caught up.
struct ProjectedLog {
  explicit ProjectedLog(const std::vector<std::string>& bodies) : dir("subledger-views-") {
    EventLogOptions lo;
    lo.data_dir = dir.Sub("data");
    auto opened = EventLog::Open(lo);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    log = std::move(opened).value();
    std::vector<PendingEvent> pending;
    for (const auto& b : bodies) {
      auto env = ExtractEnvelope(b);
      EXPECT_TRUE(env.ok()) << env.status().ToString();
      pending.push_back(PendingEvent{*env, b, EventSource::kImport});
    }
    EXPECT_TRUE(log->AppendMany(std::move(pending)).ok());
    auto p = Projector::Open(log.get());
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    projector = std::move(p).value();
    EXPECT_TRUE(projector->CatchUp().ok());
  }
  testing::TempDir dir;
  std::unique_ptr<EventLog> log;
  std::unique_ptr<Projector> projector;
};

TEST(EntityViewsTest, ASubscriptionShowsWhatItsCustomersKnownObjectsResolveAndItsFirstStatesCustomer) {
  namespace b = testing::build;
  // An id-only discount, known from customer.discount.created with an
  // id-only coupon known from coupon.created; a tiered item whose tiers come
  // from price.created. The first state names no customer (§2: the
  // subscription is its own customer); a later one names cus_9.
  json tiered = b::Price("price_seats", nullptr);
  tiered["tiers_mode"] = "volume";
  json with_tiers = tiered;
  with_tiers["tiers"] = json::array({{{"up_to", nullptr}, {"unit_amount", 1000}, {"unit_amount_decimal", "1000"},
                                      {"flat_amount", nullptr}, {"flat_amount_decimal", nullptr}}});
  json first = b::Subscription("sub_1", "", "active", {b::Item(tiered, 3)});
  first.erase("customer");
  first["discounts"] = json::array({"di_1"});
  json later = first;
  later["customer"] = "cus_9";
  const int64_t t = b::At(2025, 3, 1);
  ProjectedLog p({b::Event("evt_1", "coupon.created", t, b::Coupon("forever", 10)),
                  b::Event("evt_2", "customer.discount.created", t + 1, b::Discount("di_1", "co_forever")),
                  b::Event("evt_3", "price.created", t + 2, with_tiers),
                  b::Event("evt_4", "customer.subscription.created", t + 3, first),
                  b::Event("evt_5", "customer.subscription.updated", t + 4, later)});
  const Book book{"", false};
  auto view = p.projector->SubscriptionView(book, "sub_1");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  const json v = json::parse(*view);
  EXPECT_EQ(v["customer"], "sub_1");
  EXPECT_EQ(v["mrr"], 2700);  // 3 x 1,000 less 10 %
  EXPECT_EQ(v["unpriced_items"], 0);
  ASSERT_EQ(v["items"].size(), 1u);
  EXPECT_EQ(v["items"][0]["tiers_known"], true);
  ASSERT_EQ(v["discounts"].size(), 1u);
  EXPECT_EQ(v["discounts"][0]["known"], true);
  EXPECT_EQ(v["discounts"][0]["coupon"], "co_forever");
  EXPECT_EQ(v["last_event"]["id"], "evt_5");
  // The customer view is the subscription's own id, as the report counts it.
  auto customer = p.projector->CustomerView(book, "sub_1");
  ASSERT_TRUE(customer.ok()) << customer.status().ToString();
  EXPECT_EQ(json::parse(*customer)["mrr"]["usd"], 2700);
  EXPECT_EQ(p.projector->CustomerView(book, "cus_9").status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace subledger
