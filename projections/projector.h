// Projector: keeps the read models current with the event log.
//
// It folds log records in sequence order (from its checkpoint) into a
// ProjectionState and persists, in ONE atomic CommitState, the changed
// customers' facts, the subscriptions' latest-event pointers, and the totals
// together with the new checkpoint. A restart therefore resumes from the
// checkpoint instead of replaying the whole log, and a crash between the log
// append and the projection commit only means those events are folded in
// again from the log on the next catch-up (never twice: the checkpoint and
// the state move together).
//
// Readers get immutable snapshots (Snapshot()) and read persisted per-entity
// state straight from RocksDB, so they never block the projector.
//
// Thread safety: CatchUp/Rebuild/Start/Stop from one owner thread; Snapshot,
// Lag, SubscriptionView and CustomerView from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "projections/projection_state.h"
#include "projections/revenue_totals.h"

namespace subledger {

struct ProjectorOptions {
  size_t max_batch = 4096;  // events per online commit
  // Following the log, wait up to this long after a commit for max_batch
  // events to gather before folding: under load the committer commits every
  // few ms, and folding each small group alone costs a state write and a
  // publish per group. It bounds how stale the online read models get.
  std::chrono::milliseconds coalesce_delay{50};
  int threads = 2;          // parse/derive threads for catch-up and rebuild
  const Clock* clock = &SystemClock::Instance();
  // false: never write the "state" family (a read-only log, e.g. `subledger
  // report` on a backup). Open and CatchUp fold in memory only, starting from
  // the persisted checkpoint when there is one, else from scratch (ignoring
  // any persisted customers, as a writer would drop them). Rebuild, Start
  // and the views that read persisted state are for persisting projectors.
  bool persist = true;
};

struct ProjectionLag {
  uint64_t events = 0;   // log sequence minus checkpoint
  double seconds = 0;    // age of the oldest event not yet projected (0 when caught up)
};

// (done, total) events, for progress bars.
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

class Projector {
 public:
  // Loads the persisted totals and checkpoint (fast: no customer is read).
  static Result<std::unique_ptr<Projector>> Open(EventLog* log, ProjectorOptions options = {});
  ~Projector();  // Stop()s

  // Folds every record up to the log's current end. Returns events applied.
  Result<uint64_t> CatchUp(const ProgressFn& progress = nullptr);
  // Discards the projections and recomputes them from the whole log.
  Result<uint64_t> Rebuild(const ProgressFn& progress = nullptr);

  // Follows the log on a background thread, woken by the log's commits.
  void Start();
  void Stop();

  std::shared_ptr<const RevenueTotals> Snapshot() const;
  // Called (on the projecting thread) with every newly published snapshot,
  // e.g. to refresh the business metrics. Set before Start().
  void SetPublishListener(std::function<void(const std::shared_ptr<const RevenueTotals>&)> listener);
  ProjectionLag Lag() const;
  // Sticky error of the background projector (OK while healthy).
  Status health() const;

  // Current state of one subscription: its last event's data.object summary
  // (JSON). kNotFound for unknown ids.
  Result<std::string> SubscriptionView(const std::string& subscription_id) const;
  // One customer: MRR per currency, subscriptions and movements (JSON).
  Result<std::string> CustomerView(const std::string& customer_id) const;

 private:
  Projector(EventLog* log, ProjectorOptions options, RevenueTotals totals, bool load_persisted);
  Status FoldRange(SequenceNumber from, SequenceNumber to, bool persist_every_batch, const ProgressFn& progress,
                   uint64_t* applied);
  // Writes the dirty customers, the latest-event pointers of `touched`
  // (customer -> subscription ids of this batch) and the totals.
  Status Persist(std::map<std::string, std::vector<std::string>> touched);
  void Publish();
  void Run();

  EventLog* log_;
  ProjectorOptions options_;
  std::unique_ptr<ProjectionState> state_;

  mutable std::mutex mu_;
  std::shared_ptr<const RevenueTotals> snapshot_;
  std::function<void(const std::shared_ptr<const RevenueTotals>&)> publish_listener_;
  Status health_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool running_ = false;
  std::thread thread_;
  std::atomic<SequenceNumber> checkpoint_{0};
  bool reload_ = false;  // Run() thread only: reload persisted state before the next catch-up
};

}  // namespace subledger
