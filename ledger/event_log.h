// EventLog: the durable, idempotent, append-only log of Stripe events in
// RocksDB. The single source of truth; projections are derived from it.
//
// Contract
//  * Append/AppendAsync report kAppended only after the WriteBatch holding the
//    event is in the WAL and fsync'ed (WriteOptions::sync = true).
//  * Idempotent: a permanent index maps EventId -> SequenceNumber. An id
//    already present (or appearing twice in one batch, or delivered
//    concurrently) yields kDuplicate with the original sequence number and
//    writes nothing.
//  * Sequence numbers start at 1, are gap-free and increase in append order.
//  * Group commit: one committer thread owns every write to the database
//    (appends, and the projection state through CommitState/DropState). It
//    drains whatever is queued (up to EventLogOptions::max_batch events) into
//    one synced WriteBatch, so throughput grows with concurrency.
//  * Error state: once a write or fsync fails, every later append and state
//    write fails with kIOError ("the event log stopped accepting appends
//    after a failed write ...") and health() returns that error. Nothing is
//    acknowledged that is not durable; a failed append may or may not be in
//    the log afterwards (it was never acknowledged; appending it again is
//    idempotent).
//     - Disk full (RocksDB reports NoSpace): the log recovers by itself. The
//       committer retries after recovery_initial_backoff_nanos, doubling up
//       to recovery_max_backoff_nanos (on options.clock): it closes and
//       reopens the database (replaying the WAL), checks the open invariants
//       and makes a synced probe write; only when all of that succeeds does
//       health() turn OK and appends are accepted again, continuing after
//       the last record that is on disk. While the database is being
//       reopened, reads fail with kUnavailable.
//     - Any other write error (EIO on fsync, a failed WAL append): sticky
//       until the process reopens the log (restart). After a failed fsync the
//       device is suspect; an operator should look.
//    After Close(), appends fail with kUnavailable.
//  * Open refuses a damaged log with kCorruption naming the problem: a WAL
//    file damaged before its end (wal_check.h), a last record that does not
//    decode, or a broken open invariant (log_tail.h: the first record is 1,
//    the first and last records are indexed). Read-only opens skip the
//    invariants so that Verify can name the problem.
//  * Open fails with kBusy ("open D: the database is locked by another process
//    (is subledgerd running?)") when another process or handle holds the
//    database -- read-only opens included, so readers never race a daemon.
//    A writer's Open of a directory it cannot write fails with kIOError
//    ("open D: the data directory is read-only (...)"); a read-only Open
//    reads such a directory (a backup) without the LOCK (log_database.h).
//  * A writer creates the data directory with mode 0700 (data_dir.h).
//  * The on-disk layout is docs/storage.md.
//
// The log also hosts the projections' state in its own column family
// ("state"), written through CommitState; the projector owns those keys. The
// workflow runner's records live in "workflows", written (synced) through
// CommitWorkflowRecords.
//
// Thread safety: all public methods are safe to call from any thread.
// Completion callbacks, the commit observer and the commit listener run on
// the committer thread and must not block, append synchronously, write state
// or Close().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/clock.h"
#include "ledger/event_record.h"
#include "ledger/file_deletion.h"
#include "ledger/status.h"

namespace rocksdb {
class Env;
}

namespace subledger {

struct EventLogOptions {
  std::string data_dir;                 // created if missing
  const Clock* clock = &SystemClock::Instance();
  size_t max_batch = 4096;              // events per group commit
  bool read_only = false;               // no committer, writes nothing; appends and
                                        // state writes fail with kInvalidArgument
  rocksdb::Env* env = nullptr;          // fault injection in tests; nullptr = default
  // How obsolete files are deleted (log_database.h): kPaced for a writer
  // whose group commits must not stall on an unlink (subledgerd).
  FileDeletion file_deletion = FileDeletion::kImmediate;
  // Recovery from a full disk (see the contract above), on `clock`.
  int64_t recovery_initial_backoff_nanos = 100'000'000;   // 100 ms
  int64_t recovery_max_backoff_nanos = 5'000'000'000;     // 5 s
};

struct AppendOutcome {
  enum class Kind { kAppended, kDuplicate };
  Kind kind = Kind::kAppended;
  SequenceNumber seq = 0;  // the event's sequence number (original one for duplicates)
};

// Counters for metrics; monotonically increasing except gauges noted.
struct EventLogStats {
  uint64_t events_appended = 0;
  uint64_t duplicates = 0;
  uint64_t batches_committed = 0;
  uint64_t wal_syncs = 0;
  uint64_t write_errors = 0;
  uint64_t recoveries = 0;                // error states left by reopening (disk full)
  SequenceNumber last_sequence = 0;       // gauge
  int64_t last_event_created = 0;         // gauge: greatest `created` appended
};

// Observer of committed batches (metrics). Called on the committer thread.
struct CommitObserver {
  virtual ~CommitObserver() = default;
  virtual void OnBatchCommitted(size_t appended, size_t duplicates, int64_t commit_nanos) = 0;
  virtual void OnCommitFailed(const Status& status) = 0;
};

// Puts and deletes in the "state" column family, committed atomically. A key
// put twice keeps the last put; a key put and deleted is deleted.
struct StateBatch {
  std::vector<std::pair<std::string, std::string>> puts;
  std::vector<std::string> deletes;
};

class EventLog {
 public:
  static Result<std::unique_ptr<EventLog>> Open(const EventLogOptions& options);
  ~EventLog();  // Close()s

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Blocks until the event's batch is durable (or failed).
  Result<AppendOutcome> Append(PendingEvent event);
  // Blocks until all are durable; outcomes in input order. Used by import/backfill.
  Result<std::vector<AppendOutcome>> AppendMany(std::vector<PendingEvent> events);
  // Queues the event; `done` runs on the committer thread once the batch is
  // durable (or failed). Fails immediately when closed or in the error state.
  void AppendAsync(PendingEvent event, std::function<void(Result<AppendOutcome>)> done);

  // Highest sequence number durable in the log (0 when empty).
  SequenceNumber LastSequence() const;
  // What this writer's open cut from the WAL: a torn tail per file, one line
  // each (ledger/wal_check.h); a crash cut those writes short, so none was
  // acknowledged. Empty for a reader and after a clean shutdown.
  std::vector<std::string> TornWalTailsCut() const;
  // Sequence number of an event id, or nullopt.
  Result<std::optional<SequenceNumber>> Lookup(std::string_view event_id) const;
  Result<EventRecord> Get(SequenceNumber seq) const;
  // Calls fn for each record with seq >= from, in sequence order, until fn
  // returns false or the end of the log at the time of the call.
  Status Scan(SequenceNumber from, const std::function<bool(const EventRecord&)>& fn) const;
  // The same without copying each body into the record (whose body is
  // empty): fn gets the body beside it, valid only during the call.
  Status ScanBodies(SequenceNumber from,
                    const std::function<bool(const EventRecord&, std::string_view body)>& fn) const;
  // Number of distinct events (== LastSequence()).
  uint64_t EventCount() const { return LastSequence(); }

  // OK, or the error state's Status (see the contract above).
  Status health() const;
  EventLogStats stats() const;
  void SetCommitObserver(CommitObserver* observer);  // not owned; set before appends
  // Called on the committer thread after each successful commit with the new
  // LastSequence(). Used to wake the projector.
  void SetCommitListener(std::function<void(SequenceNumber)> listener);
  // Another listener, called after the one above on the committer thread
  // (same rules). Returns an id for RemoveCommitListener; 0 when read-only.
  int AddCommitListener(std::function<void(SequenceNumber)> listener);
  void RemoveCommitListener(int id);
  // Called on the committer thread once every completion (`done` of
  // AppendAsync, the waiters of Append/AppendMany) of a batch has run,
  // whatever the batch's outcome (appended, duplicates only, failed). Lets
  // the layer above finish per-batch work done in those completions, e.g.
  // write their log lines in one go. Set before appends; a no-op read-only.
  void SetBatchDoneHook(std::function<void()> hook);

  // ---- projection state (column family "state") ----
  Status GetState(std::string_view key, std::string* value) const;  // kNotFound if absent
  // Atomic, not synced (the next append syncs it); blocks until the
  // committer thread wrote it. Fails with the error state's Status.
  Status CommitState(const StateBatch& batch);
  Status ScanState(std::string_view prefix,
                   const std::function<bool(std::string_view key, std::string_view value)>& fn) const;
  Status DropState();  // removes every key in "state"; synced; like CommitState
  // Replaces every key of "state" by `puts` (a rebuild's whole state): they
  // are sorted (for equal keys the last wins), written to one SST file beside
  // the database on the calling thread, and the committer thread drops the
  // old keys and ingests the file. Nothing passes through the WAL or a
  // memtable. Synced: durable when this returns OK. A crash leaves the old
  // state, no state, or the new one; never a part of it. Fails like
  // CommitState, or on an I/O error writing the file (the state untouched).
  Status ReplaceState(std::vector<std::pair<std::string, std::string>> puts);

  // ---- workflow runs (column family "workflows", docs/workflows.md) ----
  // Not touched by DropState or a rebuild: runs are not derived from the log.
  Status GetWorkflowRecord(std::string_view key, std::string* value) const;  // kNotFound if absent
  // Atomic and SYNCED: durable when this returns OK (a step's intent must be
  // on disk before its side effect). Written by the committer thread; blocks
  // until done; fails with the error state's Status.
  Status CommitWorkflowRecords(const StateBatch& batch);
  Status ScanWorkflowRecords(std::string_view prefix,
                             const std::function<bool(std::string_view key, std::string_view value)>& fn) const;

  // Writes every column family's memtable to SST files and waits, so the
  // next Open has no WAL to replay. Not needed for durability (appends are
  // synced to the WAL); for after bulk writes such as a rebuild, whose state
  // would otherwise be replayed from the WAL at the next start. Runs on the
  // caller's thread: a flush writes SST files, never the WAL, so the
  // committer stays the database's one writer of records. kInvalidArgument
  // when read-only; the database's error otherwise.
  Status Flush();

  // Verifies invariants: every record decodes, sequence numbers are gap-free
  // from 1, every event id is indexed exactly once and points at its record,
  // bodies are well-formed JSON objects. Returns kCorruption naming the problem.
  Status Verify(const std::function<void(uint64_t done, uint64_t total)>& progress = nullptr) const;

  // RocksDB property passthrough for metrics (e.g. "rocksdb.total-sst-files-size").
  std::optional<uint64_t> GetIntProperty(std::string_view property) const;

  // Stops accepting, drains queued appends, closes RocksDB. Idempotent.
  void Close();

 private:
  class Impl;
  explicit EventLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace subledger
