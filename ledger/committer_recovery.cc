// Committer: the failed state and the recovery from a full disk
// (committer.h, "States").
#include <algorithm>

#include "ledger/committer.h"
#include "ledger/log_database.h"

namespace subledger {
namespace {

bool Retryable(const Status& s) {
  return s.code() == Status::Code::kIOError || s.code() == Status::Code::kBusy;
}

}  // namespace

void Committer::Fail(const Status& status, bool disk_full) {
  MutexLock lock(mu_);
  if (failed_.load(std::memory_order_relaxed)) return;
  recovering_ = disk_full && static_cast<bool>(recovery_.reopen);
  if (recovering_) {
    sticky_ = Status::IOError(
        "the event log stopped accepting appends after a failed write (the disk is full); it "
        "reopens the database by itself and accepts appends again once a synced write succeeds: " +
        status.message());
    backoff_nanos_ = std::max<int64_t>(1, recovery_.initial_backoff_nanos);
    next_attempt_nanos_ = clock_->MonotonicNanos() + backoff_nanos_;
  } else {
    sticky_ = Status::IOError(
        "the event log stopped accepting appends after a failed write; restart (reopen the log) "
        "to recover: " + status.message());
  }
  failed_.store(true, std::memory_order_release);
}

Status Committer::health() const {
  MutexLock lock(mu_);
  return sticky_;
}

void Committer::TryRecover() {
  // Nothing is queued (Admit refuses work while failed, and what was queued
  // before has been failed), so the old handles are no longer in use.
  Result<CommitTarget> reopened = recovery_.reopen();
  if (!reopened.ok()) {
    MutexLock lock(mu_);
    if (!Retryable(reopened.status())) {
      recovering_ = false;
      if (reopened.status().code() != Status::Code::kUnavailable) {  // closed: nothing to say
        sticky_ = Status::IOError(
            "the event log stopped accepting appends after a failed write and could not "
            "reopen the database; restart to recover: " + reopened.status().ToString());
      }
      return;
    }
    backoff_nanos_ = std::max<int64_t>(1, std::min(backoff_nanos_ * 2, recovery_.max_backoff_nanos));
    next_attempt_nanos_ = clock_->MonotonicNanos() + backoff_nanos_;
    return;
  }
  target_ = *reopened;
  const SequenceNumber before = last_sequence_.load(std::memory_order_relaxed);
  if (reopened->last_sequence < before) {  // acknowledged records are gone: never go on
    MutexLock lock(mu_);
    recovering_ = false;
    sticky_ = Status::IOError(
        "the event log stopped accepting appends after a failed write; the reopened database "
        "ends at record " + std::to_string(reopened->last_sequence) + " but record " +
        std::to_string(before) + " was acknowledged; restart and run subledger verify");
    return;
  }
  // The WAL on disk is the truth: a batch whose write failed may have landed.
  last_sequence_.store(reopened->last_sequence, std::memory_order_release);
  last_event_created_.store(
      std::max(last_event_created_.load(std::memory_order_relaxed), reopened->last_created),
      std::memory_order_relaxed);
  recoveries_.fetch_add(1, std::memory_order_relaxed);
  {
    MutexLock lock(mu_);
    recovering_ = false;
    sticky_ = Status::Ok();
    failed_.store(false, std::memory_order_release);
  }
  if (reopened->last_sequence != before) NotifyListeners(reopened->last_sequence);
}

}  // namespace subledger
