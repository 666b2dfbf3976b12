#include "projections/projector.h"
#include "ledger/thread_name.h"

#include <algorithm>
#include <exception>

namespace subledger {
namespace {

// What a rebuild's fold leaves behind: the facts of the whole log and the
// state computed from them (already written).
struct SpentFold {
  FactParts facts;
  std::unique_ptr<ProjectionState> state;
};

// Keeps `spent` reachable (leak checkers stay quiet) and never frees it:
// the process's exit reclaims it at once.
void LeaveToExit(std::unique_ptr<SpentFold> spent) {
  static std::mutex mu;
  static auto* kept = new std::vector<std::unique_ptr<SpentFold>>();
  std::lock_guard<std::mutex> lock(mu);
  kept->push_back(std::move(spent));
}

// The persisted state, read through the event log.
class LogStore : public StateStore {
 public:
  explicit LogStore(const EventLog* log) : log_(log) {}
  Result<std::optional<std::string>> Get(const std::string& key) const override {
    std::string value;
    Status st = log_->GetState(key, &value);
    if (st.code() == Status::Code::kNotFound) return std::optional<std::string>();
    if (!st.ok()) return st;
    return std::optional<std::string>(std::move(value));
  }
  Status Scan(std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return log_->ScanState(prefix, fn);
  }

 private:
  const EventLog* log_;
};

}  // namespace

Projector::Projector(EventLog* log, ProjectorOptions options, std::unique_ptr<StateStore> store)
    : log_(log), options_(options), store_(std::move(store)) {}

Projector::~Projector() { Stop(); }

Result<std::unique_ptr<Projector>> Projector::Open(EventLog* log, ProjectorOptions options) {
  std::unique_ptr<Projector> p(new Projector(log, options, std::make_unique<LogStore>(log)));
  p->state_ = std::make_unique<ProjectionState>(p->store_.get());
  auto restored = options.restore ? p->state_->Restore()
                                  : Result<ProjectionState::Restored>(ProjectionState::Restored::kFresh);
  if (!restored.ok()) {
    Status st = p->Reset("the projection state could not be read (" + restored.status().ToString() +
                         "); it is recomputed from the log");
    if (!st.ok()) return st.WithContext("open projections");
  } else if (*restored == ProjectionState::Restored::kOldFormat) {
    Status st = p->Reset("the projection state had an older format; it is recomputed from the log");
    if (!st.ok()) return st.WithContext("open projections");
  } else if (*restored == ProjectionState::Restored::kFresh && options.persist) {
    // No state, or an interrupted rebuild: start clean.
    Status dropped = log->DropState();
    if (!dropped.ok()) return dropped.WithContext("open projections");
  } else if (p->state_->checkpoint() > log->LastSequence()) {
    Status st = p->Reset("the projection checkpoint was beyond the end of the log; it is recomputed from the log");
    if (!st.ok()) return st.WithContext("open projections");
  }
  p->checkpoint_ = p->state_->checkpoint();
  p->Publish();
  return p;
}

// Forgets the persisted state and starts from an empty one.
Status Projector::Reset(const std::string& why) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    notice_ = why;
  }
  if (options_.persist) {
    Status st = log_->DropState();
    if (!st.ok()) return st;
  }
  state_ = std::make_unique<ProjectionState>(options_.persist ? store_.get() : nullptr);
  return Status::Ok();
}

void Projector::Publish() {
  std::shared_ptr<const ProjectionSnapshot> previous = Snapshot();
  auto next = state_->Snapshot(previous);
  PublishListener listener;
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot_ = next;
    listener = publish_listener_;
  }
  if (listener) listener(next);
}

void Projector::SetPublishListener(PublishListener listener) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    publish_listener_ = listener;
  }
  if (listener) listener(Snapshot());
}

std::shared_ptr<const ProjectionSnapshot> Projector::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

Status Projector::health() const {
  std::lock_guard<std::mutex> lock(mu_);
  return health_;
}

std::string Projector::notice() const {
  std::lock_guard<std::mutex> lock(mu_);
  return notice_;
}

ProjectionLag Projector::Lag() const {
  ProjectionLag lag;
  const SequenceNumber last = log_->LastSequence();
  const SequenceNumber done = checkpoint_.load();
  lag.events = last > done ? last - done : 0;
  if (lag.events > 0) {
    // The age of the oldest event not yet projected (a point read).
    auto oldest = log_->Get(done + 1);
    if (oldest.ok()) {
      lag.seconds = std::max<int64_t>(0, options_.clock->NowUnixMicros() - oldest->received_at_micros) / 1e6;
    }
  }
  return lag;
}

Status Projector::Persist() {
  StateBatch batch = state_->TakeWrites();
  if (!options_.persist) return Status::Ok();
  return log_->CommitState(batch);
}

Status Projector::FoldOnline(SequenceNumber from, SequenceNumber to, const ProgressFn& progress, uint64_t* applied) {
  *applied = 0;
  const uint64_t total = to >= from ? to - from + 1 : 0;
  SequenceNumber next = from;
  while (next <= to) {
    const SequenceNumber end = std::min<SequenceNumber>(to, next + options_.max_batch - 1);
    FactParts facts;
    Status st = ScanFactsParallel(*log_, next, end, options_.threads, nullptr, &facts);
    if (!st.ok()) return st.WithContext("read log");
    const size_t count = FactCount(facts);
    if (count == 0) break;
    const SequenceNumber last = LastFactSequence(facts);
    next = last + 1;
    *applied += count;
    st = state_->ApplyBatch(facts, last, 1);
    if (!st.ok()) return st;
    st = Persist();
    if (!st.ok()) return st.WithContext("persist projections");
    checkpoint_ = last;
    Publish();
    if (progress) progress(*applied, total);
  }
  return Status::Ok();
}

// Every fact on all threads, one fold (each customer derived once), then the
// whole state (the global entry — the checkpoint — with it) replaces the
// persisted one at once (EventLog::ReplaceState): an interrupted rebuild
// leaves no checkpoint, and the next open starts clean.
Status Projector::FoldRebuild(const ProgressFn& progress, uint64_t* applied) {
  FactParts facts;
  Status st = ScanFactsParallel(*log_, 1, log_->LastSequence(), options_.threads, progress, &facts);
  if (!st.ok()) return st.WithContext("read log");
  *applied = FactCount(facts);
  const SequenceNumber last = LastFactSequence(facts);
  st = state_->ApplyBatch(facts, last, options_.threads);
  if (!st.ok()) return st;
  StateBatch all = state_->TakeWrites();
  if (!options_.persist) return Status::Ok();
  // Nothing reads the rebuild's facts and state again (Rebuild() reads the
  // written state back): their memory — the whole log's — is released on
  // another thread while the state is written, or left to the process's
  // exit. (ApplyBatch took the subscription facts out of `facts`; the rest
  // is still there.)
  auto spent = std::make_unique<SpentFold>(SpentFold{std::move(facts), std::move(state_)});
  state_ = std::make_unique<ProjectionState>(nullptr);
  std::jthread release;  // joined on return, after the write
  if (options_.free_rebuild_memory) {
    release = std::jthread([spent = std::move(spent)]() mutable { spent.reset(); });
  } else {
    LeaveToExit(std::move(spent));
  }
  return log_->ReplaceState(std::move(all.puts)).WithContext("persist projections");
}

Result<uint64_t> Projector::CatchUp(const ProgressFn& progress) {
  uint64_t applied = 0;
  try {
    Status st = FoldOnline(checkpoint_.load() + 1, log_->LastSequence(), progress, &applied);
    if (!st.ok()) return st;
  } catch (const std::exception& e) {
    // E.g. std::bad_alloc: the projection stalls and says so; the daemon
    // and its log stay up.
    return Status::Internal(std::string("projection failed: ") + e.what());
  }
  return applied;
}

Result<uint64_t> Projector::Rebuild(const ProgressFn& progress) {
  if (options_.persist) {
    Status st = log_->DropState();
    if (!st.ok()) return st.WithContext("rebuild: drop projections");
  }
  state_ = std::make_unique<ProjectionState>(nullptr);
  state_->set_walk_cache_limit(0);  // every customer is derived once, in bulk
  checkpoint_ = 0;
  uint64_t applied = 0;
  Status st = FoldRebuild(progress, &applied);
  if (!st.ok()) {
    state_ = std::make_unique<ProjectionState>(nullptr);  // not what is persisted: reopen
    return st.WithContext("rebuild");
  }
  if (options_.persist) {
    // The new state is in an SST file; flush what the WAL still holds (the
    // drop) so the next start replays nothing. Then read the state back as a
    // restart would (unless options_.restore is off): customers load lazily
    // again (the fold's memory is gone: see FoldRebuild).
    st = log_->Flush();
    if (!st.ok()) return st.WithContext("rebuild");
    if (options_.restore) {
      auto fresh = std::make_unique<ProjectionState>(store_.get());
      auto restored = fresh->Restore();
      if (!restored.ok()) return restored.status().WithContext("rebuild");
      state_ = std::move(fresh);
    }
  }
  checkpoint_ = state_->checkpoint();
  Publish();
  return applied;
}

void Projector::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (running_) return;
    running_ = true;
    stop_ = false;
  }
  log_->SetCommitListener([this](SequenceNumber) { wake_.notify_one(); });
  thread_ = std::thread([this] {
    NameThisThread("sl-projector");
    Run();
  });
}

void Projector::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  log_->SetCommitListener(nullptr);
  std::lock_guard<std::mutex> lock(mu_);
  running_ = false;
}

// A catch-up after a failed one starts from what is persisted.
Result<uint64_t> Projector::CatchUpOrReload() {
  try {
    if (reload_) {
      // The failed catch-up folded a batch into state_ that it could not
      // persist: start again from what is persisted (the log may have
      // recovered from a full disk), or that batch would be counted twice.
      auto fresh = std::make_unique<ProjectionState>(store_.get());
      auto restored = fresh->Restore();
      if (!restored.ok()) return restored.status();
      state_ = std::move(fresh);
      checkpoint_ = state_->checkpoint();
      reload_ = false;
    }
    return CatchUp();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("projection failed: ") + e.what());
  }
}

void Projector::Run() {
  int backoff_ms = 100;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(500),
                     [this] { return stop_ || log_->LastSequence() > checkpoint_.load(); });
      if (stop_) return;
      if (options_.coalesce_delay.count() > 0) {
        wake_.wait_for(lock, options_.coalesce_delay, [this] {
          return stop_ || log_->LastSequence() - checkpoint_.load() >= options_.max_batch;
        });
        if (stop_) return;
      }
    }
    if (log_->LastSequence() <= checkpoint_.load()) continue;
    Result<uint64_t> applied = CatchUpOrReload();
    std::unique_lock<std::mutex> lock(mu_);
    if (applied.ok()) {
      health_ = Status::Ok();
      backoff_ms = 100;
    } else {
      reload_ = true;
      health_ = applied.status();
      // Retry later (e.g. the disk was full); the checkpoint did not move.
      backoff_ms = std::min(backoff_ms * 2, 5000);
      wake_.wait_for(lock, std::chrono::milliseconds(backoff_ms), [this] { return stop_; });
    }
  }
}

}  // namespace subledger
