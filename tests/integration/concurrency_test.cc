// Concurrent deliveries of the same event ids over many connections produce
// exactly one record per id, and exactly one delivery per id is acknowledged
// as new (the others as duplicates).
#include <algorithm>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"

namespace subledger::testing {
namespace {

class ConcurrencyTest : public DaemonTest {};

constexpr int kThreads = 16;
constexpr int kIds = 150;

std::string IdFor(int i) { return "evt_conc_" + std::to_string(100000 + i); }

TEST_F(ConcurrencyTest, SameIdsFromManyConnectionsAreStoredOnce) {
  StartDaemon();
  const int64_t created = NowUnixSeconds();
  std::vector<std::string> bodies;
  for (int i = 0; i < kIds; ++i) bodies.push_back(SyntheticEvent(IdFor(i), created));

  std::mutex mu;
  std::map<std::string, int> fresh_acks, duplicate_acks;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<int> order(kIds);
      for (int i = 0; i < kIds; ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), std::mt19937(1000 + t));
      HttpClient client = Client(30);
      for (int i : order) {
        HttpResponse r = PostSigned(client, bodies[i]);
        std::lock_guard<std::mutex> lock(mu);
        if (IsFreshAck(r)) {
          ++fresh_acks[IdFor(i)];
        } else if (IsDuplicateAck(r)) {
          ++duplicate_acks[IdFor(i)];
        } else if (failures.size() < 10) {
          failures.push_back(std::to_string(r.status) + " " + r.error + " " + r.body);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed deliveries, first: " << failures.front();

  for (int i = 0; i < kIds; ++i) {
    EXPECT_EQ(fresh_acks[IdFor(i)], 1) << IdFor(i) << " acknowledged as new more or less than once";
    EXPECT_EQ(duplicate_acks[IdFor(i)], kThreads - 1) << IdFor(i);
  }
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), static_cast<size_t>(kIds));
  std::set<std::string> ids;
  for (const auto& e : exported) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate record for " << e.id;
  }
  for (int i = 0; i < kIds; ++i) {
    auto it = std::find_if(exported.begin(), exported.end(), [&](const auto& e) { return e.id == IdFor(i); });
    ASSERT_NE(it, exported.end()) << IdFor(i) << " missing";
    EXPECT_TRUE(it->body == bodies[i]) << IdFor(i) << " body differs";
  }
  ExpectVerifyPasses();
}

TEST_F(ConcurrencyTest, RacingDifferentBodiesForOneIdKeepTheAcknowledgedOne) {
  // Stripe can retry a delivery while the first attempt is in flight; here
  // every connection sends its own variant of each id at once. The stored
  // body must be the variant whose delivery was acknowledged as new.
  StartDaemon();
  constexpr int kRacers = 8;
  constexpr int kRaceIds = 60;
  const int64_t created = NowUnixSeconds();
  auto variant = [&](int id, int racer) {
    return SyntheticEvent("evt_race_" + std::to_string(id), created,
                          "customer.subscription.updated.v" + std::to_string(racer));
  };
  std::mutex mu;
  std::map<std::string, std::vector<int>> winners;  // id -> racers that got a fresh ack
  int failures = 0;
  std::vector<std::thread> threads;
  for (int r = 0; r < kRacers; ++r) {
    threads.emplace_back([&, r] {
      HttpClient client = Client(30);
      for (int i = 0; i < kRaceIds; ++i) {
        HttpResponse resp = PostSigned(client, variant(i, r));
        std::lock_guard<std::mutex> lock(mu);
        if (IsFreshAck(resp)) {
          winners["evt_race_" + std::to_string(i)].push_back(r);
        } else if (!IsDuplicateAck(resp)) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), static_cast<size_t>(kRaceIds));
  for (const auto& e : exported) {
    ASSERT_EQ(winners[e.id].size(), 1u) << e.id;
    const int i = std::stoi(e.id.substr(std::string("evt_race_").size()));
    EXPECT_TRUE(e.body == variant(i, winners[e.id][0])) << e.id << ": stored body is not the acknowledged one";
  }
  ExpectVerifyPasses();
}

}  // namespace
}  // namespace subledger::testing
