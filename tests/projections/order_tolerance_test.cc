// Order tolerance (spec §1): the read models are a function of the SET of
// events, per book. Realistic generated streams (half of them with every
// revenue model v2 feature turned up: Connect accounts, both modes, id-only
// discounts resolved late or never, silent coupon expiries, tiers known only
// from price events, trials, extreme amounts) go through a real EventLog
// (RocksDB in a temp dir) and a real Projector in random orders, with
// duplicate deliveries, random batch sizes and restarts from the checkpoint
// at random points; every book's report must equal the naive oracle's, a
// Rebuild() of the same log, and be identical for every permutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <chrono>
#include <random>
#include <thread>

#include "ledger/event_envelope.h"
#include "ledger/event_log.h"
#include "projections/byte_codec.h"
#include "projections/projection_state.h"
#include "projections/state_keys.h"
#include "projections/projector.h"
#include "projections/revenue_report.h"
#include "tests/projections/naive_oracle.h"
#include "tests/support/temp_dir.h"
#include "tools/eventgen/event_generator.h"

namespace subledger {
namespace {

using testing::TempDir;
namespace oracle = testing::oracle;

// Odd seeds turn every v2 feature up (and a few extreme amounts).
std::vector<eventgen::GeneratedEvent> Stream(uint64_t seed, uint64_t events) {
  eventgen::GeneratorOptions o;
  o.seed = seed;
  o.events = events;
  if (seed % 2 == 1) {
    o.v2 = eventgen::V2Rates::Heavy();
    o.v2.extreme_share = 0.02;
  }
  return eventgen::EventGenerator(o).All();
}

// Every book's report, labelled: the whole read model in one comparable text.
std::string AllBooks(const ProjectionSnapshot& snapshot) {
  std::string out;
  for (const auto& [book, totals] : snapshot.books) {
    out += BookLabel(book) + "\n" + RenderReportJson(BuildReport(*totals));
  }
  return out;
}

std::string OracleBooks(const std::vector<std::string>& bodies) {
  std::string out;
  for (const auto& [book, report] : oracle::NaiveReports(bodies)) {
    out += BookLabel(book) + "\n" + RenderReportJson(report);
  }
  return out;
}

std::vector<std::string> Bodies(const std::vector<eventgen::GeneratedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.body);
  return out;
}

PendingEvent Pending(const std::string& body) {
  auto env = ExtractEnvelope(body);
  EXPECT_TRUE(env.ok()) << env.status().ToString();
  return PendingEvent{env.ok() ? *env : EventEnvelope{}, body, EventSource::kImport};
}

// A log and its projector that can be "restarted" (both closed and reopened
// from the same directory, resuming from the persisted checkpoint).
class Store {
 public:
  explicit Store(const std::string& dir) : dir_(dir) { Open(); }
  ~Store() { Close(); }

  void Open() {
    EventLogOptions o;
    o.data_dir = dir_;
    auto log = EventLog::Open(o);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    auto projector = Projector::Open(log_.get());
    ASSERT_TRUE(projector.ok()) << projector.status().ToString();
    projector_ = std::move(*projector);
  }
  void Close() {
    projector_.reset();
    log_.reset();
  }
  void Restart() {
    Close();
    Open();
  }
  void Append(std::vector<PendingEvent> batch) {
    auto r = log_->AppendMany(std::move(batch));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  std::string CatchUpAndReport() {
    auto r = projector_->CatchUp();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return AllBooks(*projector_->Snapshot());
  }
  std::string RebuildAndReport() {
    auto r = projector_->Rebuild();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return AllBooks(*projector_->Snapshot());
  }
  Projector& projector() { return *projector_; }
  EventLog& log() { return *log_; }

 private:
  std::string dir_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<Projector> projector_;
};

// Delivers `deliveries` in random batches, catching up and restarting at
// random points; at each restart the report must match the oracle of what
// was delivered so far. Returns the final report.
std::string Deliver(const std::vector<std::string>& deliveries, std::mt19937_64& rng, int* restarts) {
  TempDir dir("subledger-order-");
  Store store(dir.Sub("data"));
  std::vector<std::string> delivered;
  size_t i = 0;
  while (i < deliveries.size()) {
    const size_t n = std::uniform_int_distribution<size_t>(1, 64)(rng);
    std::vector<PendingEvent> batch;
    for (size_t k = 0; k < n && i < deliveries.size(); ++k, ++i) {
      batch.push_back(Pending(deliveries[i]));
      delivered.push_back(deliveries[i]);
    }
    store.Append(std::move(batch));
    const int dice = std::uniform_int_distribution<int>(0, 9)(rng);
    if (dice < 3) {
      store.CatchUpAndReport();
    } else if (dice == 3) {
      // Restart with part of the log not yet projected, then check the prefix.
      store.Restart();
      ++*restarts;
      EXPECT_EQ(store.CatchUpAndReport(), OracleBooks(delivered)) << "after " << delivered.size();
    }
  }
  const std::string online = store.CatchUpAndReport();
  store.Restart();
  EXPECT_EQ(store.CatchUpAndReport(), online) << "restart changed the report";
  EXPECT_EQ(store.RebuildAndReport(), online) << "rebuild differs from online";
  return online;
}

// A random permutation with 0-30 % duplicate deliveries mixed in.
std::vector<std::string> Arrival(const std::vector<std::string>& bodies, std::mt19937_64& rng) {
  std::vector<std::string> out = bodies;
  const double dup = std::uniform_real_distribution<double>(0, 0.3)(rng);
  const size_t extra = static_cast<size_t>(dup * static_cast<double>(bodies.size()));
  for (size_t k = 0; k < extra; ++k) out.push_back(bodies[rng() % bodies.size()]);
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

TEST(OrderToleranceTest, ProjectorEqualsOracleForAnyOrderDuplicatesBatchesAndRestarts) {
  int restarts = 0;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto bodies = Bodies(Stream(seed, 150 + 10 * seed));
    const std::string expected = OracleBooks(bodies);
    std::mt19937_64 rng(seed);
    EXPECT_EQ(Deliver(Arrival(bodies, rng), rng, &restarts), expected);
  }
  EXPECT_GT(restarts, 10);  // the restart path was exercised
}

TEST(OrderToleranceTest, EveryPermutationGivesTheSameBytes) {
  const auto bodies = Bodies(Stream(101, 400));
  int restarts = 0;
  std::string first;
  for (uint64_t perm = 0; perm < 4; ++perm) {
    std::mt19937_64 rng(1000 + perm);
    const std::string got = Deliver(Arrival(bodies, rng), rng, &restarts);
    if (perm == 0) first = got;
    EXPECT_EQ(got, first) << "permutation " << perm;
  }
  // Canonical order, in one batch, is the same too.
  std::mt19937_64 rng(7);
  EXPECT_EQ(Deliver(bodies, rng, &restarts), first);
}

// Events of one subscription, in canonical order of the stream.
std::vector<size_t> EventsOf(const std::vector<eventgen::GeneratedEvent>& events, const std::string& sub_id) {
  std::vector<size_t> out;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].type.find("subscription") != std::string::npos &&
        events[i].body.find("\"object\":{\"id\":\"" + sub_id + "\"") != std::string::npos) {
      out.push_back(i);
    }
  }
  return out;
}

// The subscription with the most events whose movements matter (it changes
// status or price more than once).
std::string BusiestSubscription(const std::vector<eventgen::GeneratedEvent>& events) {
  std::map<std::string, int> counts;
  for (const auto& e : events) {
    if (e.type.rfind("customer.subscription.", 0) != 0) continue;
    const size_t at = e.body.find("\"object\":{\"id\":\"");
    const std::string id = e.body.substr(at + 16, e.body.find('"', at + 16) - (at + 16));
    ++counts[id];
  }
  return std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

TEST(OrderToleranceTest, CreatedEventArrivingLastStillGivesTheSameReport) {
  const auto events = Stream(202, 500);
  const std::string sub = BusiestSubscription(events);
  const auto mine = EventsOf(events, sub);
  ASSERT_GE(mine.size(), 3u) << sub;
  ASSERT_NE(events[mine.front()].type.find(".created"), std::string::npos);
  std::vector<std::string> arrival;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i != mine.front()) arrival.push_back(events[i].body);
  }
  arrival.push_back(events[mine.front()].body);  // the created event comes last

  TempDir dir("subledger-order-");
  Store store(dir.Sub("data"));
  std::vector<PendingEvent> first_part;
  for (size_t i = 0; i + 1 < arrival.size(); ++i) first_part.push_back(Pending(arrival[i]));
  store.Append(std::move(first_part));
  std::vector<std::string> without(arrival.begin(), arrival.end() - 1);
  EXPECT_EQ(store.CatchUpAndReport(), OracleBooks(without));
  store.Append({Pending(arrival.back())});
  const std::string expected = OracleBooks(Bodies(events));
  EXPECT_EQ(store.CatchUpAndReport(), expected);
  EXPECT_EQ(store.RebuildAndReport(), expected);
}

TEST(OrderToleranceTest, LateEventInTheMiddleOfAHistoryIsFoldedInPlace) {
  const auto events = Stream(303, 500);
  const std::string sub = BusiestSubscription(events);
  const auto mine = EventsOf(events, sub);
  ASSERT_GE(mine.size(), 4u) << sub;
  const size_t late = mine[mine.size() / 2];  // an event in the middle of its history
  std::vector<std::string> rest;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i != late) rest.push_back(events[i].body);
  }
  TempDir dir("subledger-order-");
  Store store(dir.Sub("data"));
  std::vector<PendingEvent> batch;
  for (const auto& b : rest) batch.push_back(Pending(b));
  store.Append(std::move(batch));
  const std::string before = store.CatchUpAndReport();
  EXPECT_EQ(before, OracleBooks(rest));
  // The late event arrives after a restart; it must not be applied as newest.
  store.Restart();
  store.Append({Pending(events[late].body)});
  const std::string expected = OracleBooks(Bodies(events));
  EXPECT_EQ(store.CatchUpAndReport(), expected);
  EXPECT_EQ(store.RebuildAndReport(), expected);
}

// Longer streams (a few thousand events, most customers with long
// histories) folded in memory in shuffled batches on two threads.
TEST(OrderToleranceTest, ProjectionStateEqualsOracleOnLongerStreams) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto events = Stream(500 + seed, 4000);
    const std::string expected = OracleBooks(Bodies(events));
    std::vector<EventFact> facts;
    SequenceNumber seq = 0;
    for (const auto& e : events) {
      auto env = ExtractEnvelope(e.body);
      ASSERT_TRUE(env.ok());
      facts.push_back(ExtractFact(++seq, *env, e.body));
    }
    std::mt19937_64 rng(seed);
    std::shuffle(facts.begin(), facts.end(), rng);
    ProjectionState state;
    for (size_t i = 0; i < facts.size();) {
      const size_t n = std::min(facts.size() - i, std::uniform_int_distribution<size_t>(1, 700)(rng));
      std::vector<EventFact> batch(facts.begin() + i, facts.begin() + i + n);
      i += n;
      ASSERT_TRUE(state.ApplyBatch(std::move(batch), i, /*threads=*/2).ok());
      state.TakeWrites();
    }
    EXPECT_EQ(AllBooks(*state.Snapshot(nullptr)), expected);
  }
}

// A state persisted by an older release (format 2: integer quantities) is
// dropped at open and recomputed from the log, with a notice; the state it
// writes then restores as it is.
TEST(OrderToleranceTest, AStateOfAnOlderFormatIsRecomputedFromTheLogAtOpen) {
  const auto bodies = Bodies(Stream(303, 600));
  const std::string expected = OracleBooks(bodies);
  TempDir dir("subledger-order-");
  Store store(dir.Sub("data"));
  std::vector<PendingEvent> all;
  for (const auto& b : bodies) all.push_back(Pending(b));
  store.Append(std::move(all));
  ASSERT_EQ(store.CatchUpAndReport(), expected);

  ByteWriter old_global;  // format 2's global entry: format, checkpoint, implausible events
  old_global.U64(2);
  old_global.U64(store.log().LastSequence());
  old_global.U64(0);
  StateBatch batch;
  batch.puts.emplace_back(state_keys::kGlobal, old_global.Take());
  ASSERT_TRUE(store.log().CommitState(batch).ok());

  store.Restart();
  EXPECT_NE(store.projector().notice().find("older format"), std::string::npos) << store.projector().notice();
  EXPECT_EQ(store.CatchUpAndReport(), expected);
  store.Restart();
  EXPECT_EQ(store.projector().notice(), "");
  EXPECT_EQ(store.CatchUpAndReport(), expected);
}

// The daemon's mode: the projector follows the log on its own thread while
// appenders (two threads here) deliver a shuffled, duplicated stream.
TEST(OrderToleranceTest, BackgroundProjectorFollowingConcurrentAppendsEqualsOracle) {
  const auto bodies = Bodies(Stream(404, 700));
  const std::string expected = OracleBooks(bodies);
  std::mt19937_64 rng(404);
  const auto arrival = Arrival(bodies, rng);
  TempDir dir("subledger-order-");
  Store store(dir.Sub("data"));
  store.projector().Start();
  auto appender = [&](size_t first) {
    for (size_t i = first; i < arrival.size(); i += 2 * 25) {
      std::vector<PendingEvent> batch;
      for (size_t k = i; k < std::min(arrival.size(), i + 25); ++k) batch.push_back(Pending(arrival[k]));
      store.Append(std::move(batch));
    }
  };
  std::thread a(appender, 0), b(appender, 25);
  a.join();
  b.join();
  // Wait (bounded) until the projector has folded everything in.
  for (int i = 0; i < 600 && store.projector().Lag().events > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(store.projector().Lag().events, 0u);
  EXPECT_TRUE(store.projector().health().ok()) << store.projector().health().ToString();
  EXPECT_EQ(AllBooks(*store.projector().Snapshot()), expected);
  store.projector().Stop();
  EXPECT_EQ(store.RebuildAndReport(), expected);
}

}  // namespace
}  // namespace subledger
