#include "ledger/committer.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "ledger/log_database.h"
#include "ledger/record_codec.h"
#include "ledger/thread_name.h"

namespace subledger {

void AppendWaiter::Complete(size_t index, const Result<AppendOutcome>& result) {
  // Notify under the lock: the waiter may destroy *this as soon as it can
  // observe remaining_ == 0, which it cannot before we release mu_.
  MutexLock lock(mu_);
  if (result.ok()) {
    outcomes_[index] = *result;
  } else if (error_.ok()) {
    error_ = result.status();
  }
  if (--remaining_ == 0) cv_.notify_all();
}

Status AppendWaiter::Wait() {
  MutexLock lock(mu_);
  while (remaining_ != 0) lock.Wait(cv_);
  return error_;
}

Committer::Committer(const CommitTarget& target, const Clock* clock, size_t max_batch,
                     RecoveryOptions recovery)
    : target_(target),
      clock_(clock),
      max_batch_(std::max<size_t>(1, max_batch)),
      recovery_(std::move(recovery)),
      existing_(new rocksdb::PinnableSlice[std::max<size_t>(1, max_batch)]),
      last_sequence_(target.last_sequence),
      last_event_created_(target.last_created) {
  lookup_status_.resize(max_batch_);
  thread_ = std::thread([this] {
    NameThisThread("sl-committer");
    Run();
  });
}

Committer::~Committer() { Stop(); }

Status Committer::Admit(const char* what) {
  if (stopping_) return Status::Unavailable(std::string(what) + ": the event log is closed");
  if (failed_.load(std::memory_order_relaxed)) return sticky_;
  return Status::Ok();
}

Status Committer::Enqueue(AppendRequest&& request) {
  bool wake = false;
  {
    MutexLock lock(mu_);
    if (Status s = Admit("append"); !s.ok()) return s;
    queue_.push_back(std::move(request));
    wake = idle_;
    idle_ = false;
  }
  if (wake) wake_.notify_one();
  return Status::Ok();
}

Status Committer::EnqueueAll(std::vector<AppendRequest>&& requests) {
  bool wake = false;
  {
    MutexLock lock(mu_);
    if (Status s = Admit("append"); !s.ok()) return s;
    for (AppendRequest& r : requests) queue_.push_back(std::move(r));
    wake = idle_;
    idle_ = false;
  }
  if (wake) wake_.notify_one();
  return Status::Ok();
}

void Committer::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Committer::Run() {
  for (;;) {
    bool recover = false;
    {
      MutexLock lock(mu_);
      for (;;) {
        if (!queue_.empty() || !state_queue_.empty()) break;
        if (stopping_) return;  // and everything queued is done
        idle_ = true;
        if (!recovering_) {
          lock.Wait(wake_);
          continue;
        }
        const int64_t wait = next_attempt_nanos_ - clock_->MonotonicNanos();
        if (wait <= 0) {
          recover = true;
          break;
        }
        // Real time bounds the wait; the Clock decides when the attempt is due.
        lock.WaitFor(wake_, std::chrono::nanoseconds(std::min(wait, backoff_nanos_)));
      }
      idle_ = false;
      if (!recover) {
        if (queue_.size() <= max_batch_) {
          batch_.swap(queue_);
        } else {
          auto end = queue_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
          std::move(queue_.begin(), end, std::back_inserter(batch_));
          queue_.erase(queue_.begin(), end);
        }
        state_batch_.swap(state_queue_);
      }
    }
    if (recover) {
      TryRecover();
      continue;
    }
    if (!batch_.empty()) {
      CommitBatch();
      RunBatchDoneHook();
    }
    batch_.clear();
    for (StateRequest* r : state_batch_) WriteStateNow(*r);
    state_batch_.clear();
  }
}

void Committer::Complete(AppendRequest& request, const Result<AppendOutcome>& result) {
  if (request.waiter != nullptr) {
    request.waiter->Complete(request.index, result);
  } else if (request.callback) {
    request.callback(result);
  }
}

void Committer::FailBatch(const Status& status) {
  for (AppendRequest& r : batch_) Complete(r, status);
}

Status Committer::GroupAndLookUp() {
  const size_t n = batch_.size();
  order_.resize(n);
  std::iota(order_.begin(), order_.end(), 0u);
  std::sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
    const int c = batch_[a].event.envelope.id.compare(batch_[b].event.envelope.id);
    return c < 0 || (c == 0 && a < b);
  });
  group_of_.resize(n);
  group_first_.clear();
  unique_keys_.clear();
  for (size_t k = 0; k < n; ++k) {
    const uint32_t i = order_[k];
    const std::string& id = batch_[i].event.envelope.id;
    if (k == 0 || id != batch_[order_[k - 1]].event.envelope.id) {
      group_first_.push_back(i);
      unique_keys_.emplace_back(id);
    }
    group_of_[i] = static_cast<uint32_t>(group_first_.size() - 1);
  }
  const size_t groups = unique_keys_.size();
  target_.db->MultiGet(rocksdb::ReadOptions(), target_.event_ids, groups, unique_keys_.data(), existing_.get(),
                lookup_status_.data(), /*sorted_input=*/true);
  group_seq_.assign(groups, 0);
  Status result;
  for (size_t g = 0; g < groups && result.ok(); ++g) {
    const rocksdb::Status& s = lookup_status_[g];
    if (s.ok()) {
      Result<SequenceNumber> seq = storage::DecodeSequence(existing_[g].ToStringView());
      if (!seq.ok() || *seq == 0) {
        result = Status::Corruption("append " + unique_keys_[g].ToString() +
                                    ": the event_ids entry is malformed (run subledger verify)");
      } else {
        group_seq_[g] = *seq;
      }
    } else if (!s.IsNotFound()) {
      result = FromRocksStatus(s, "append " + unique_keys_[g].ToString() + ": index lookup");
    }
  }
  for (size_t g = 0; g < groups; ++g) existing_[g].Reset();
  return result;
}

void Committer::CommitBatch() {
  if (failed_.load(std::memory_order_acquire)) {
    Status sticky = health();
    FailBatch(sticky);
    return;
  }
  if (Status s = GroupAndLookUp(); !s.ok()) {
    FailBatch(s);
    return;
  }
  const size_t n = batch_.size();
  is_new_.assign(n, 0);
  write_batch_.Clear();
  SequenceNumber next = last_sequence_.load(std::memory_order_relaxed);
  int64_t max_created = last_event_created_.load(std::memory_order_relaxed);
  char key[storage::kSequenceKeySize];
  size_t appended = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t g = group_of_[i];
    if (group_seq_[g] != 0) continue;  // already indexed, or earlier in this batch
    AppendRequest& r = batch_[i];
    group_seq_[g] = ++next;
    is_new_[i] = 1;
    ++appended;
    storage::EncodeSequence(next, key);
    storage::EncodeRecordHeader({&r.event.envelope, r.received_at_micros, r.event.source}, &value_buffer_);
    const rocksdb::Slice key_part(key, sizeof key);
    const rocksdb::Slice value_parts[] = {value_buffer_, r.event.body};
    write_batch_.Put(target_.events, rocksdb::SliceParts(&key_part, 1), rocksdb::SliceParts(value_parts, 2));
    max_created = std::max(max_created, r.event.envelope.created);
  }
  for (const uint32_t i : order_) {
    if (!is_new_[i]) continue;
    storage::EncodeSequence(group_seq_[group_of_[i]], key);
    write_batch_.Put(target_.event_ids, batch_[i].event.envelope.id, rocksdb::Slice(key, sizeof key));
  }

  CommitObserver* observer;
  {
    MutexLock lock(hooks_mu_);
    observer = observer_;
  }

  int64_t commit_nanos = 0;
  if (appended > 0) {
    rocksdb::WriteOptions options;
    options.sync = true;
    const int64_t start = clock_->MonotonicNanos();
    rocksdb::Status s = target_.db->Write(options, &write_batch_);
    commit_nanos = clock_->MonotonicNanos() - start;
    if (!s.ok()) {
      Status failure = FromRocksStatus(s, "append: durable write of " + std::to_string(appended) +
                                              " events failed");
      write_errors_.fetch_add(1, std::memory_order_relaxed);
      Fail(failure, s.IsNoSpace());
      if (observer != nullptr) observer->OnCommitFailed(failure);
      FailBatch(failure);
      return;
    }
    last_sequence_.store(next, std::memory_order_release);
    last_event_created_.store(max_created, std::memory_order_relaxed);
    batches_committed_.fetch_add(1, std::memory_order_relaxed);
    wal_syncs_.fetch_add(1, std::memory_order_relaxed);
  }
  events_appended_.fetch_add(appended, std::memory_order_relaxed);
  duplicates_.fetch_add(n - appended, std::memory_order_relaxed);

  for (size_t i = 0; i < n; ++i) {
    AppendOutcome outcome;
    outcome.kind = is_new_[i] ? AppendOutcome::Kind::kAppended : AppendOutcome::Kind::kDuplicate;
    outcome.seq = group_seq_[group_of_[i]];
    Complete(batch_[i], outcome);
  }
  if (observer != nullptr) observer->OnBatchCommitted(appended, n - appended, commit_nanos);
  if (appended > 0) NotifyListeners(next);
}

void Committer::RunBatchDoneHook() {
  std::shared_ptr<const std::function<void()>> hook;
  {
    MutexLock lock(hooks_mu_);
    hook = batch_done_hook_;
  }
  if (hook && *hook) (*hook)();
}

void Committer::SetBatchDoneHook(std::function<void()> hook) {
  auto shared = std::make_shared<const std::function<void()>>(std::move(hook));
  MutexLock lock(hooks_mu_);
  batch_done_hook_ = std::move(shared);
}

void Committer::NotifyListeners(SequenceNumber last) {
  std::shared_ptr<const std::function<void(SequenceNumber)>> listener;
  std::shared_ptr<const ListenerList> more;
  {
    MutexLock lock(hooks_mu_);
    listener = listener_;
    more = more_listeners_;
  }
  if (listener && *listener) (*listener)(last);
  if (more) {
    for (const auto& [id, fn] : *more) fn(last);
  }
}

EventLogStats Committer::stats() const {
  EventLogStats s;
  s.events_appended = events_appended_.load(std::memory_order_relaxed);
  s.duplicates = duplicates_.load(std::memory_order_relaxed);
  s.batches_committed = batches_committed_.load(std::memory_order_relaxed);
  s.wal_syncs = wal_syncs_.load(std::memory_order_relaxed);
  s.write_errors = write_errors_.load(std::memory_order_relaxed);
  s.recoveries = recoveries_.load(std::memory_order_relaxed);
  s.last_sequence = last_sequence();
  s.last_event_created = last_event_created_.load(std::memory_order_relaxed);
  return s;
}

void Committer::SetCommitObserver(CommitObserver* observer) {
  MutexLock lock(hooks_mu_);
  observer_ = observer;
}

void Committer::SetCommitListener(std::function<void(SequenceNumber)> listener) {
  auto shared = std::make_shared<const std::function<void(SequenceNumber)>>(std::move(listener));
  MutexLock lock(hooks_mu_);
  listener_ = std::move(shared);
}

int Committer::AddCommitListener(std::function<void(SequenceNumber)> listener) {
  MutexLock lock(hooks_mu_);
  auto list = more_listeners_ ? std::make_shared<ListenerList>(*more_listeners_) : std::make_shared<ListenerList>();
  const int id = next_listener_id_++;
  list->emplace_back(id, std::move(listener));
  more_listeners_ = std::move(list);
  return id;
}

void Committer::RemoveCommitListener(int id) {
  MutexLock lock(hooks_mu_);
  if (!more_listeners_) return;
  auto list = std::make_shared<ListenerList>(*more_listeners_);
  list->erase(std::remove_if(list->begin(), list->end(), [id](const auto& l) { return l.first == id; }),
              list->end());
  more_listeners_ = std::move(list);
}

}  // namespace subledger
