// Committer: the one thread that writes to the log's database.
//
// Appenders enqueue AppendRequests; the committer thread takes whatever is
// queued (up to max_batch), deduplicates ids within the batch and against
// the event_ids index (one sorted MultiGet), assigns the next sequence
// numbers in queue order, and writes every new record plus its index entry
// in ONE WriteBatch with sync=true. Only after that write returns OK are the
// requests completed with kAppended (or kDuplicate). Because only this thread
// writes the log, its index reads see every earlier append. The projection
// state's writes (WriteState) go through the same thread, so RocksDB never
// sees two writers (RocksDB 7.8 aborts when a second write reaches a WAL
// after a failed one). State puts enter a WriteBatch in key order (equal
// keys in their given order, the last one winning): consecutive skip-list
// inserts then walk the same upper nodes, warm in the cache (docs/storage.md
// "Tuning"; event_ids has a hash memtable, its entries go in id order too).
//
// States:
//  * healthy: writes are accepted.
//  * failed:  a write failed. The batch, everything queued and everything
//    enqueued later fail with the sticky Status (kIOError, "the event log
//    stopped accepting appends after a failed write ..."); nothing is ever
//    acknowledged that is not durable.
//  * failed, recovering: the failed write said the disk is full (RocksDB
//    NoSpace). The thread calls RecoveryOptions::reopen after a back-off
//    (initial_backoff, doubling up to max_backoff, measured on the Clock)
//    until it succeeds: the database is closed and opened again (the WAL on
//    disk is the truth: a record whose write failed may or may not be there,
//    and the sequence numbers continue after what is), the open invariants
//    hold, and a synced probe write went through. Then the committer is
//    healthy again with the reopened handles. A reopen failing with
//    kIOError or kBusy is retried; any other failure (e.g. kCorruption)
//    ends recovery and stays failed.
//  Any other failed write (an I/O error that is not a full disk, e.g. EIO on
//  fsync) stays failed until the process reopens the log: the device is
//  suspect and an operator should look.
//
// Thread safety: Enqueue*, WriteState, health(), stats() and the hook setters
// are safe from any thread but the committer's own (WriteState blocks on it);
// completions run on the committer thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "ledger/clock.h"
#include "ledger/thread_annotations.h"
#include "ledger/event_log.h"


namespace subledger {

// Completion for synchronous callers: outcomes[i] for request i; the caller
// blocks in Wait() until every request has completed.
class AppendWaiter {
 public:
  AppendWaiter(size_t count, AppendOutcome* outcomes) : remaining_(count), outcomes_(outcomes) {}
  // Committer thread only.
  void Complete(size_t index, const Result<AppendOutcome>& result);
  // Blocks until all requests completed; then the first failure or OK.
  Status Wait();

 private:
  Mutex mu_;
  std::condition_variable cv_;
  size_t remaining_ SL_GUARDED_BY(mu_);
  AppendOutcome* const outcomes_;  // slot i written by Complete(i) under mu_
  Status error_ SL_GUARDED_BY(mu_);
};

struct AppendRequest {
  PendingEvent event;
  int64_t received_at_micros = 0;
  AppendWaiter* waiter = nullptr;  // either waiter+index ...
  size_t index = 0;
  std::function<void(Result<AppendOutcome>)> callback;  // ... or callback
};

// The database the committer writes to, and what the log holds in it.
struct CommitTarget {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids = nullptr;
  rocksdb::ColumnFamilyHandle* state = nullptr;
  rocksdb::ColumnFamilyHandle* workflows = nullptr;
  SequenceNumber last_sequence = 0;
  int64_t last_created = 0;  // the last record's `created`
};

struct RecoveryOptions {
  // Closes the database and opens it again (EventLog's Impl::Reopen); runs on
  // the committer thread. Empty: a full disk stays failed like other errors.
  std::function<Result<CommitTarget>()> reopen;
  int64_t initial_backoff_nanos = 100'000'000;   // 100 ms
  int64_t max_backoff_nanos = 5'000'000'000;     // 5 s
};

// Which family a StateRequest writes.
enum class StateFamily { kState, kWorkflows };

// A write to the "state" (or "workflows") family, waiting for the committer.
struct StateRequest {
  const StateBatch* batch = nullptr;  // puts and deletes; nullptr: delete every key (synced)
  std::vector<uint32_t> put_order;    // batch->puts' indices by key, equal keys in order
                                      // (sorted by the caller, off the committer thread)
  const std::string* ingest = nullptr;  // with batch nullptr: then ingest this SST file (synced)
  StateFamily family = StateFamily::kState;
  bool sync = false;                  // fsync the WAL before completing
  Mutex mu;
  std::condition_variable cv;
  bool done SL_GUARDED_BY(mu) = false;
  Status status SL_GUARDED_BY(mu);
};

class Committer {
 public:
  Committer(const CommitTarget& target, const Clock* clock, size_t max_batch,
            RecoveryOptions recovery);
  ~Committer();  // Stop()s

  // Queues one request. On failure (closed, sticky error) the request is
  // returned untouched to the caller through the Status (nothing queued).
  Status Enqueue(AppendRequest&& request);
  // Queues all requests atomically (consecutive in the queue), or none.
  Status EnqueueAll(std::vector<AppendRequest>&& requests);

  // Writes `batch` (atomically, without its own fsync: the next synced append
  // covers it) or, for nullptr, deletes every key in "state" (synced), on the
  // committer thread; blocks until done. Fails like Enqueue when closed or
  // failed; a failed write makes the committer failed.
  Status WriteState(const StateBatch* batch);
  // Writes `batch` to the "workflows" family atomically and synced (durable
  // when this returns OK), on the committer thread; blocks until done.
  // Fails like WriteState.
  Status WriteWorkflows(const StateBatch& batch);
  // Deletes every key in "state", then ingests the SST file at `path` (its
  // keys become the family's), on the committer thread; synced; blocks until
  // done. Fails like WriteState.
  Status ReplaceState(const std::string& path);

  // Stops accepting, lets the thread drain the queue, joins it. Idempotent.
  void Stop();

  SequenceNumber last_sequence() const { return last_sequence_.load(std::memory_order_acquire); }
  Status health() const;
  EventLogStats stats() const;
  void SetCommitObserver(CommitObserver* observer);
  void SetCommitListener(std::function<void(SequenceNumber)> listener);
  // Further listeners, called after the one above; returns an id for removal.
  int AddCommitListener(std::function<void(SequenceNumber)> listener);
  void RemoveCommitListener(int id);
  // Runs after the completions of every batch (EventLog::SetBatchDoneHook).
  void SetBatchDoneHook(std::function<void()> hook);

 private:
  void Run();
  void CommitBatch();
  Status Admit(const char* what) SL_REQUIRES(mu_);  // `what` prefixes "the event log is closed"
  void FailBatch(const Status& status);
  Status GroupAndLookUp();  // fills order_, group_*, unique_keys_
  void Complete(AppendRequest& request, const Result<AppendOutcome>& result);
  Status Submit(StateRequest& request);  // queues and waits (committer_state.cc)
  void WriteStateNow(StateRequest& request);
  Status IngestState(const std::string& path);
  void NotifyListeners(SequenceNumber last);
  void RunBatchDoneHook();
  // Enters the failed state; `disk_full` (and a reopen hook) makes it recovering.
  void Fail(const Status& status, bool disk_full);
  // One recovery attempt (committer thread; committer_recovery.cc).
  void TryRecover();

  CommitTarget target_;  // committer thread only (replaced by TryRecover)
  const Clock* const clock_;
  const size_t max_batch_;
  const RecoveryOptions recovery_;

  mutable Mutex mu_;
  std::condition_variable wake_;
  std::vector<AppendRequest> queue_ SL_GUARDED_BY(mu_);
  std::vector<StateRequest*> state_queue_ SL_GUARDED_BY(mu_);
  bool stopping_ SL_GUARDED_BY(mu_) = false;
  bool idle_ SL_GUARDED_BY(mu_) = false;  // the thread waits for work
  Status sticky_ SL_GUARDED_BY(mu_);
  std::atomic<bool> failed_{false};  // set under mu_; read without it as a hint
  bool recovering_ SL_GUARDED_BY(mu_) = false;
  int64_t backoff_nanos_ SL_GUARDED_BY(mu_) = 0;
  int64_t next_attempt_nanos_ SL_GUARDED_BY(mu_) = 0;  // Clock::MonotonicNanos
  std::thread thread_;

  // Committer-thread state, reused batch to batch.
  std::vector<AppendRequest> batch_;
  std::vector<StateRequest*> state_batch_;
  std::vector<uint32_t> order_;           // batch indices sorted by (id, index)
  std::vector<uint32_t> group_of_;        // batch index -> unique id group
  std::vector<uint32_t> group_first_;     // group -> first batch index
  std::vector<SequenceNumber> group_seq_; // group -> seq (0: none yet)
  std::vector<uint8_t> is_new_;           // batch index -> appended (vs duplicate)
  std::vector<rocksdb::Slice> unique_keys_;
  std::unique_ptr<rocksdb::PinnableSlice[]> existing_;  // max_batch_ slots
  std::vector<rocksdb::Status> lookup_status_;
  rocksdb::WriteBatch write_batch_;
  std::string value_buffer_;  // a record's header (record_codec.h), the body follows it

  std::atomic<SequenceNumber> last_sequence_;
  std::atomic<uint64_t> events_appended_{0};
  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> batches_committed_{0};
  std::atomic<uint64_t> wal_syncs_{0};
  std::atomic<uint64_t> write_errors_{0};
  std::atomic<uint64_t> recoveries_{0};
  std::atomic<int64_t> last_event_created_{0};

  Mutex hooks_mu_;
  CommitObserver* observer_ SL_GUARDED_BY(hooks_mu_) = nullptr;
  std::shared_ptr<const std::function<void(SequenceNumber)>> listener_ SL_GUARDED_BY(hooks_mu_);
  using ListenerList = std::vector<std::pair<int, std::function<void(SequenceNumber)>>>;
  std::shared_ptr<const ListenerList> more_listeners_ SL_GUARDED_BY(hooks_mu_);
  int next_listener_id_ SL_GUARDED_BY(hooks_mu_) = 1;
  std::shared_ptr<const std::function<void()>> batch_done_hook_ SL_GUARDED_BY(hooks_mu_);
};

}  // namespace subledger
