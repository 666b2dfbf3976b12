#include "projections/projector.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <map>

#include "projections/byte_codec.h"
#include "projections/subscription_view.h"

namespace subledger {
namespace {

constexpr char kTotalsKey[] = "t";
constexpr char kCustomerPrefix[] = "c/";
constexpr char kSubscriptionPrefix[] = "s/";
constexpr size_t kRebuildWriteChunk = 20000;

std::string EncodeSubscriptionPointer(const std::string& customer, SequenceNumber seq) {
  ByteWriter w;
  w.Str(customer);
  w.U64(seq);
  return w.Take();
}

// Each thread scans its own contiguous range of sequence numbers and extracts
// facts inline (no record copies); results come back in order. Rebuild runs
// it over the whole log, online catch-up over one batch (one thread unless
// the batch is large).
Status ScanFactsParallel(const EventLog& log, SequenceNumber from, SequenceNumber to, int threads,
                         const ProgressFn& progress, std::vector<EventFact>* out) {
  const uint64_t total = to >= from ? to - from + 1 : 0;
  const size_t n = std::max<size_t>(1, std::min<uint64_t>(threads, total / 4096 + 1));
  std::vector<std::vector<EventFact>> parts(n);
  std::vector<Status> statuses(n);
  std::atomic<uint64_t> done{0};
  std::mutex progress_mu;
  auto work = [&](size_t t) {
    const SequenceNumber begin = from + total * t / n;
    const SequenceNumber end = from + total * (t + 1) / n - 1;
    parts[t].reserve(end - begin + 1);
    uint64_t local = 0;
    statuses[t] = log.Scan(begin, [&](const EventRecord& r) {
      if (r.seq > end) return false;
      EventFact fact = ExtractFact(r);
      if (fact.kind == FactKind::kOther) fact.event_id.clear();  // only created/source matter
      parts[t].push_back(std::move(fact));
      if (++local % 8192 == 0) {
        uint64_t now = done.fetch_add(8192) + 8192;
        if (progress) {
          std::lock_guard<std::mutex> lock(progress_mu);
          progress(now, total);
        }
      }
      return true;
    });
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (const Status& st : statuses) {
    if (!st.ok()) return st;
  }
  size_t count = 0;
  for (const auto& p : parts) count += p.size();
  out->clear();
  out->reserve(count);
  for (auto& p : parts) std::move(p.begin(), p.end(), std::back_inserter(*out));
  if (progress) progress(out->size(), total);
  return Status::Ok();
}

}  // namespace

Projector::Projector(EventLog* log, ProjectorOptions options, RevenueTotals totals, bool load_persisted)
    : log_(log), options_(options) {
  checkpoint_ = totals.checkpoint;
  EventLog* l = log_;
  state_ = std::make_unique<ProjectionState>(
      std::move(totals),
      [l, load_persisted](const std::string& customer) -> Result<std::optional<std::vector<EventFact>>> {
        if (!load_persisted) return std::optional<std::vector<EventFact>>();
        std::string bytes;
        Status st = l->GetState(kCustomerPrefix + customer, &bytes);
        if (st.code() == Status::Code::kNotFound) return std::optional<std::vector<EventFact>>();
        if (!st.ok()) return st;
        auto facts = DecodeCustomerFacts(bytes, customer);
        if (!facts.ok()) return facts.status();
        return std::optional<std::vector<EventFact>>(std::move(*facts));
      });
  Publish();
}

Projector::~Projector() { Stop(); }

Result<std::unique_ptr<Projector>> Projector::Open(EventLog* log, ProjectorOptions options) {
  std::string bytes;
  Status st = log->GetState(kTotalsKey, &bytes);
  RevenueTotals totals;
  bool load_persisted = true;
  if (st.ok()) {
    auto decoded = RevenueTotals::Decode(bytes);
    if (!decoded.ok()) return decoded.status().WithContext("open projections");
    totals = std::move(*decoded);
    if (totals.checkpoint > log->LastSequence()) {
      return Status::Corruption("open projections: checkpoint " + std::to_string(totals.checkpoint) +
                                " is beyond the end of the log (" + std::to_string(log->LastSequence()) +
                                "); run `subledger rebuild`");
    }
  } else if (st.code() == Status::Code::kNotFound) {
    // No totals: either never projected or an interrupted rebuild. Start clean.
    if (options.persist) {
      Status dropped = log->DropState();
      if (!dropped.ok()) return dropped.WithContext("open projections");
    } else {
      load_persisted = false;  // whatever customers are there belong to no checkpoint
    }
  } else {
    return st.WithContext("open projections");
  }
  return std::unique_ptr<Projector>(new Projector(log, options, std::move(totals), load_persisted));
}

void Projector::Publish() {
  auto copy = std::make_shared<const RevenueTotals>(state_->totals());
  std::function<void(const std::shared_ptr<const RevenueTotals>&)> listener;
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot_ = copy;
    listener = publish_listener_;
  }
  if (listener) listener(copy);
}

void Projector::SetPublishListener(std::function<void(const std::shared_ptr<const RevenueTotals>&)> listener) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    publish_listener_ = std::move(listener);
  }
  if (publish_listener_) publish_listener_(Snapshot());
}

std::shared_ptr<const RevenueTotals> Projector::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

Status Projector::health() const {
  std::lock_guard<std::mutex> lock(mu_);
  return health_;
}

ProjectionLag Projector::Lag() const {
  ProjectionLag lag;
  SequenceNumber last = log_->LastSequence();
  SequenceNumber done = checkpoint_.load();
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

Status Projector::Persist(std::map<std::string, std::vector<std::string>> touched) {
  StateBatch batch;
  // Latest event per touched subscription, within its customer's history.
  for (const std::string& customer : state_->TakeDirty()) {
    const std::vector<EventFact>* facts = state_->Cached(customer);
    if (facts == nullptr) continue;
    batch.puts.emplace_back(kCustomerPrefix + customer, EncodeCustomerFacts(*facts));
    auto subs = touched[customer];
    std::sort(subs.begin(), subs.end());
    subs.erase(std::unique(subs.begin(), subs.end()), subs.end());
    for (const std::string& sub : subs) {
      for (auto it = facts->rbegin(); it != facts->rend(); ++it) {
        if (it->subscription.subscription_id == sub) {
          batch.puts.emplace_back(kSubscriptionPrefix + sub, EncodeSubscriptionPointer(customer, it->seq));
          break;
        }
      }
    }
  }
  batch.puts.emplace_back(kTotalsKey, state_->totals().Encode());
  return log_->CommitState(batch);
}

Status Projector::FoldRange(SequenceNumber from, SequenceNumber to, bool persist_every_batch,
                            const ProgressFn& progress, uint64_t* applied) {
  *applied = 0;
  if (persist_every_batch) {
    // Online: batches of max_batch events, each persisted with its checkpoint.
    const uint64_t total = to >= from ? to - from + 1 : 0;
    SequenceNumber next = from;
    while (next <= to) {
      const SequenceNumber end = std::min<SequenceNumber>(to, next + options_.max_batch - 1);
      std::vector<EventFact> facts;
      Status st = ScanFactsParallel(*log_, next, end, options_.threads, nullptr, &facts);
      if (!st.ok()) return st.WithContext("read log");
      if (facts.empty()) break;
      const SequenceNumber last = facts.back().seq;
      next = last + 1;
      *applied += facts.size();
      // Persist needs the batch's (customer, subscription) pairs.
      std::map<std::string, std::vector<std::string>> touched;
      for (const EventFact& f : facts) {
        if (f.kind == FactKind::kSubscription) {
          touched[f.subscription.customer_id].push_back(f.subscription.subscription_id);
        }
      }
      st = state_->ApplyBatch(std::move(facts), last, 1);
      if (!st.ok()) return st;
      st = options_.persist ? Persist(std::move(touched)) : Status::Ok();
      if (!st.ok()) return st.WithContext("persist projections");
      checkpoint_ = last;
      Publish();
      if (progress) progress(*applied, total);
    }
    return Status::Ok();
  }

  // Rebuild: read every fact on all threads, fold once (each customer is
  // derived exactly once), then write the state.
  std::vector<EventFact> facts;
  Status st = ScanFactsParallel(*log_, from, to, options_.threads, progress, &facts);
  if (!st.ok()) return st.WithContext("read log");
  if (facts.empty()) return Status::Ok();
  const SequenceNumber last = facts.back().seq;
  *applied = facts.size();
  st = state_->ApplyBatch(std::move(facts), last, options_.threads);
  if (!st.ok()) return st;
  // Customers and subscription pointers in chunks; totals (and so the
  // checkpoint) last, so an interrupted rebuild leaves no totals behind.
  StateBatch batch;
  for (const std::string& customer : state_->TakeDirty()) {
    const std::vector<EventFact>* customer_facts = state_->Cached(customer);
    if (customer_facts == nullptr) continue;
    batch.puts.emplace_back(kCustomerPrefix + customer, EncodeCustomerFacts(*customer_facts));
    std::map<std::string, SequenceNumber> latest;
    for (const EventFact& f : *customer_facts) latest[f.subscription.subscription_id] = f.seq;
    for (const auto& [sub, seq] : latest) {
      batch.puts.emplace_back(kSubscriptionPrefix + sub, EncodeSubscriptionPointer(customer, seq));
    }
    if (batch.puts.size() >= kRebuildWriteChunk) {
      st = log_->CommitState(batch);
      if (!st.ok()) return st.WithContext("persist projections");
      batch.puts.clear();
    }
  }
  batch.puts.emplace_back(kTotalsKey, state_->totals().Encode());
  st = log_->CommitState(batch);
  if (!st.ok()) return st.WithContext("persist projections");
  checkpoint_ = last;
  Publish();
  return Status::Ok();
}

Result<uint64_t> Projector::CatchUp(const ProgressFn& progress) {
  uint64_t applied = 0;
  SequenceNumber last = log_->LastSequence();
  Status st = FoldRange(checkpoint_.load() + 1, last, /*persist_every_batch=*/true, progress, &applied);
  if (!st.ok()) return st;
  return applied;
}

Result<uint64_t> Projector::Rebuild(const ProgressFn& progress) {
  if (!options_.persist) return Status::InvalidArgument("rebuild: the projector does not persist");
  Status st = log_->DropState();
  if (!st.ok()) return st.WithContext("rebuild: drop projections");
  state_ = std::make_unique<ProjectionState>();
  state_->set_walk_cache_limit(0);  // every customer is derived once, in bulk
  checkpoint_ = 0;
  uint64_t applied = 0;
  st = FoldRange(1, log_->LastSequence(), /*persist_every_batch=*/false, progress, &applied);
  if (!st.ok()) return st.WithContext("rebuild");
  // The new state is in the WAL; put it in SST files so the next start does
  // not replay it (a 1M-event rebuild would add ~1.5 s to it).
  st = log_->Flush();
  if (!st.ok()) return st.WithContext("rebuild");
  // Later online catch-up loads customers from the persisted state.
  auto fresh = Open(log_, options_);
  if (!fresh.ok()) return fresh.status();
  state_ = std::move((*fresh)->state_);
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
  thread_ = std::thread([this] { Run(); });
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
    Result<uint64_t> applied = uint64_t{0};
    if (reload_) {
      // The failed catch-up folded a batch into state_ that it could not
      // persist: start again from what is persisted (the log may have
      // recovered from a full disk), or that batch would be counted twice.
      auto fresh = Open(log_, options_);
      if (fresh.ok()) {
        state_ = std::move((*fresh)->state_);
        checkpoint_ = (*fresh)->checkpoint_.load();
        reload_ = false;
      } else {
        applied = fresh.status();
      }
    }
    if (!reload_) applied = CatchUp();
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

Result<std::string> Projector::SubscriptionView(const std::string& subscription_id) const {
  std::string bytes;
  Status st = log_->GetState(kSubscriptionPrefix + subscription_id, &bytes);
  if (st.code() == Status::Code::kNotFound) return Status::NotFound("subscription " + subscription_id + " not found");
  if (!st.ok()) return st;
  ByteReader r(bytes);
  std::string customer = r.Str();
  SequenceNumber seq = r.U64();
  if (!r.ok()) return Status::Corruption("subscription " + subscription_id + ": malformed pointer");
  auto record = log_->Get(seq);
  if (!record.ok()) return record.status().WithContext("subscription " + subscription_id);
  return RenderSubscriptionView(*record);
}

Result<std::string> Projector::CustomerView(const std::string& customer_id) const {
  std::string bytes;
  Status st = log_->GetState(kCustomerPrefix + customer_id, &bytes);
  if (st.code() == Status::Code::kNotFound) return Status::NotFound("customer " + customer_id + " not found");
  if (!st.ok()) return st;
  auto facts = DecodeCustomerFacts(bytes, customer_id);
  if (!facts.ok()) return facts.status();
  return RenderCustomerView(customer_id, DeriveCustomer(*facts));
}

}  // namespace subledger
