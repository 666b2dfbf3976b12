// Committer: the one thread that writes events to the log (group commit).
//
// Appenders enqueue AppendRequests; the committer thread takes whatever is
// queued (up to max_batch), deduplicates ids within the batch and against
// the event_ids index (one sorted MultiGet), assigns the next sequence
// numbers in queue order, and writes every new record plus its index entry
// in ONE WriteBatch with sync=true. Only after that write returns OK are the
// requests completed with kAppended (or kDuplicate). Because only this thread
// writes the log, its index reads see every earlier append.
//
// A failed write puts the committer into a sticky error state: the batch and
// everything queued or enqueued later fail with that Status; nothing is
// retried, so nothing is ever acknowledged that is not durable.
//
// Thread safety: Enqueue*, health(), stats() and the hook setters are safe
// from any thread; completions run on the committer thread.
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
  std::mutex mu_;
  std::condition_variable cv_;
  size_t remaining_;  // guarded by mu_
  AppendOutcome* outcomes_;
  Status error_;  // guarded by mu_
};

struct AppendRequest {
  PendingEvent event;
  int64_t received_at_micros = 0;
  AppendWaiter* waiter = nullptr;  // either waiter+index ...
  size_t index = 0;
  std::function<void(Result<AppendOutcome>)> callback;  // ... or callback
};

class Committer {
 public:
  // last_sequence / last_created: what the log holds at open.
  Committer(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events,
            rocksdb::ColumnFamilyHandle* event_ids, const Clock* clock, size_t max_batch,
            SequenceNumber last_sequence, int64_t last_created);
  ~Committer();  // Stop()s

  // Queues one request. On failure (closed, sticky error) the request is
  // returned untouched to the caller through the Status (nothing queued).
  Status Enqueue(AppendRequest&& request);
  // Queues all requests atomically (consecutive in the queue), or none.
  Status EnqueueAll(std::vector<AppendRequest>&& requests);

  // Stops accepting, lets the thread drain the queue, joins it. Idempotent.
  void Stop();

  SequenceNumber last_sequence() const { return last_sequence_.load(std::memory_order_acquire); }
  Status health() const;
  EventLogStats stats() const;
  void SetCommitObserver(CommitObserver* observer);
  void SetCommitListener(std::function<void(SequenceNumber)> listener);
  // Makes the log sticky-failed from outside the committer (a failed state
  // write on the same database).
  void Fail(const Status& status);

 private:
  void Run();
  void CommitBatch();
  Status Admit();  // requires mu_
  void FailBatch(const Status& status);
  Status GroupAndLookUp();  // fills order_, group_*, unique_keys_
  void Complete(AppendRequest& request, const Result<AppendOutcome>& result);

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const events_;
  rocksdb::ColumnFamilyHandle* const event_ids_;
  const Clock* const clock_;
  const size_t max_batch_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::vector<AppendRequest> queue_;
  bool stopping_ = false;
  bool idle_ = false;  // the thread waits for work
  Status sticky_;
  std::atomic<bool> failed_{false};
  std::thread thread_;

  // Committer-thread state, reused batch to batch.
  std::vector<AppendRequest> batch_;
  std::vector<uint32_t> order_;           // batch indices sorted by (id, index)
  std::vector<uint32_t> group_of_;        // batch index -> unique id group
  std::vector<uint32_t> group_first_;     // group -> first batch index
  std::vector<SequenceNumber> group_seq_; // group -> seq (0: none yet)
  std::vector<uint8_t> is_new_;           // batch index -> appended (vs duplicate)
  std::vector<rocksdb::Slice> unique_keys_;
  std::unique_ptr<rocksdb::PinnableSlice[]> existing_;  // max_batch_ slots
  std::vector<rocksdb::Status> lookup_status_;
  rocksdb::WriteBatch write_batch_;
  std::string value_buffer_;

  std::atomic<SequenceNumber> last_sequence_;
  std::atomic<uint64_t> events_appended_{0};
  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> batches_committed_{0};
  std::atomic<uint64_t> wal_syncs_{0};
  std::atomic<uint64_t> write_errors_{0};
  std::atomic<int64_t> last_event_created_{0};

  std::mutex hooks_mu_;
  CommitObserver* observer_ = nullptr;
  std::shared_ptr<const std::function<void(SequenceNumber)>> listener_;
};

}  // namespace subledger
