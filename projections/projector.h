// Projector: keeps the read models current with the event log.
//
// It folds log records in sequence order (from its checkpoint) into a
// ProjectionState and persists, in ONE atomic CommitState per batch, every
// state write of the batch together with the new checkpoint. A restart
// therefore resumes from the checkpoint instead of replaying the whole log,
// and a crash between the log append and the projection commit only means
// those events are folded in again from the log on the next catch-up (never
// twice: the checkpoint and the state move together).
//
// Readers get immutable snapshots (Snapshot()), and the entity views read
// the persisted state straight from RocksDB, so readers never block the
// projector.
//
// A projection problem never takes the log down: an unreadable persisted
// state is dropped and recomputed from the log (notice()); a failing or
// throwing catch-up leaves health() in error, is retried with back-off, and
// the log keeps accepting events.
//
// Thread safety: CatchUp/Rebuild/Start/Stop from one owner thread, not
// concurrently with a running background thread except Start/Stop; Snapshot,
// SetPublishListener, Lag, health, notice, SubscriptionView and CustomerView
// from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "projections/catalog.h"
#include "projections/fact_scan.h"
#include "projections/projection_state.h"

namespace subledger {

struct ProjectorOptions {
  size_t max_batch = 4096;  // events per online commit
  // Following the log, wait up to this long after a commit for max_batch
  // events to gather before folding: under load the committer commits every
  // few ms, and folding each small group alone costs a state write and a
  // publish per group. It bounds how stale the online read models get.
  std::chrono::milliseconds coalesce_delay{50};
  int threads = 2;  // parse/derive threads for catch-up and rebuild
  // False: fold in memory only and never write the state (a read-only copy
  // of a data dir; `report` there).
  bool persist = true;
  // False: Rebuild() leaves the memory of the fold (the whole log's facts
  // and the computed state, ~1.3 GB for a million events) to the process's
  // exit instead of freeing it, like clang's -disable-free: freeing it takes
  // about as long as writing the state. Only for a process that exits right
  // after the rebuild (`subledger rebuild`).
  bool free_rebuild_memory = true;
  // False: Open() does not read the persisted state but starts empty (and
  // drops it), and Rebuild() does not read the rebuilt state back (this
  // projector is left empty): for a process that only calls Rebuild()
  // (`subledger rebuild`: a damaged state cannot stop it either).
  bool restore = true;
  const Clock* clock = &SystemClock::Instance();
};

struct ProjectionLag {
  uint64_t events = 0;  // log sequence minus checkpoint
  double seconds = 0;   // age of the oldest event not yet projected (0 when caught up)
};

using PublishListener = std::function<void(const std::shared_ptr<const ProjectionSnapshot>&)>;

class Projector {
 public:
  // Loads the persisted totals, catalogs and indexes (no customer is read).
  static Result<std::unique_ptr<Projector>> Open(EventLog* log, ProjectorOptions options = {});
  ~Projector();  // Stop()s

  // Folds every record up to the log's current end. Returns events applied;
  // an error (an exception inside the fold included) leaves the persisted
  // state as it was.
  Result<uint64_t> CatchUp(const ProgressFn& progress = nullptr);
  // Discards the projections and recomputes them from the whole log. On
  // failure the persisted state is complete or has no checkpoint (then the
  // next Open starts clean), and this projector holds an empty state that
  // is not what is persisted: reopen before use.
  Result<uint64_t> Rebuild(const ProgressFn& progress = nullptr);

  // Follows the log on a background thread, woken by the log's commits.
  void Start();
  void Stop();

  std::shared_ptr<const ProjectionSnapshot> Snapshot() const;
  // Called (on the projecting thread, and once at once from the caller)
  // with every newly published snapshot, e.g. to refresh the business
  // metrics. May be set at any time; nullptr removes it.
  void SetPublishListener(PublishListener listener);
  ProjectionLag Lag() const;
  // Sticky error of the background projector (OK while healthy).
  Status health() const;
  // Set when Open found an unreadable or old-format state and started over
  // (shown in /readyz); "" otherwise.
  std::string notice() const;

  // One subscription of a book: its current state and value (JSON);
  // kNotFound for an unknown id.
  Result<std::string> SubscriptionView(const Book& book, const std::string& subscription_id) const;
  // One customer of a book: MRR per currency, subscriptions and movements
  // (JSON); kNotFound for an unknown id.
  Result<std::string> CustomerView(const Book& book, const std::string& customer_id) const;

 private:
  Projector(EventLog* log, ProjectorOptions options, std::unique_ptr<StateStore> store);
  Status Reset(const std::string& why);
  Status FoldOnline(SequenceNumber from, SequenceNumber to, const ProgressFn& progress, uint64_t* applied);
  Status FoldRebuild(const ProgressFn& progress, uint64_t* applied);
  Status Persist();
  void Publish();
  void Run();
  Result<uint64_t> CatchUpOrReload();
  // One customer's walk from its persisted record; *catalog receives the
  // known objects the customer depends on (the views render them too).
  Result<CustomerDerivation> DeriveStored(const Book& book, const std::string& customer_id, Catalog* catalog) const;

  EventLog* log_;
  ProjectorOptions options_;
  std::unique_ptr<StateStore> store_;  // the persisted state, read through the log
  std::unique_ptr<ProjectionState> state_;

  mutable std::mutex mu_;
  std::shared_ptr<const ProjectionSnapshot> snapshot_;
  PublishListener publish_listener_;
  Status health_;
  std::string notice_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool running_ = false;
  std::thread thread_;
  std::atomic<SequenceNumber> checkpoint_{0};
  bool reload_ = false;  // Run() thread only: reload persisted state before the next catch-up
};

}  // namespace subledger
