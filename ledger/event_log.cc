// EventLog: open, append, read, verify, close. The committer does the
// writing (committer.h); the layout is in docs/storage.md.
#include "ledger/event_log.h"

#include <rocksdb/db.h>

#include "ledger/event_log_impl.h"
#include "ledger/log_tail.h"
#include "ledger/log_verifier.h"
#include "ledger/record_codec.h"

namespace subledger {
namespace {

CommitTarget TargetOf(const LogDatabase& db, const LogTail& tail) {
  CommitTarget target;
  target.db = db.db();
  target.events = db.events();
  target.event_ids = db.event_ids();
  target.state = db.state();
  target.workflows = db.workflows();
  target.last_sequence = tail.last_seq;
  target.last_created = tail.last_created;
  return target;
}

// The tail of a writer's log, if the open invariants hold (log_tail.h).
Result<LogTail> CheckedTail(const LogDatabase& db) {
  Result<LogTail> tail = ReadLogTail(db);
  if (!tail.ok()) return Status::Corruption(tail.status().message() + " (run subledger verify)");
  if (Status s = CheckOpenInvariants(db, *tail); !s.ok()) return s;
  return tail;
}

}  // namespace

EventLog::EventLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EventLog::~EventLog() { Close(); }

Result<std::unique_ptr<EventLog>> EventLog::Open(const EventLogOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.clock == nullptr) impl->options.clock = &SystemClock::Instance();
  Result<std::unique_ptr<LogDatabase>> db =
      LogDatabase::Open(options.data_dir, options.read_only, options.env, options.file_deletion);
  if (!db.ok()) return db.status();
  impl->database = std::move(db).value();
  impl->torn_wal_tails_cut = impl->database->torn_wal_tails_cut();

  if (options.read_only) {
    // A reader opens even a damaged log, so that verify can say what is wrong.
    Result<LogTail> tail = ReadLogTail(*impl->database);
    impl->read_only_last_sequence = tail.ok() ? tail->last_seq : 0;
  } else {
    Result<LogTail> tail = CheckedTail(*impl->database);
    if (!tail.ok()) return tail.status();
    RecoveryOptions recovery;
    Impl* self = impl.get();
    recovery.reopen = [self] { return self->Reopen(); };
    recovery.initial_backoff_nanos = options.recovery_initial_backoff_nanos;
    recovery.max_backoff_nanos = options.recovery_max_backoff_nanos;
    impl->committer = std::make_unique<Committer>(TargetOf(*impl->database, *tail),
                                                  impl->options.clock, options.max_batch,
                                                  std::move(recovery));
  }
  return std::unique_ptr<EventLog>(new EventLog(std::move(impl)));
}

std::vector<std::string> EventLog::TornWalTailsCut() const { return impl_->torn_wal_tails_cut; }

Result<AppendOutcome> EventLog::Append(PendingEvent event) {
  if (event.envelope.id.empty()) return Status::InvalidArgument("append: the event has no id");
  if (!impl_->committer) return Status::InvalidArgument("append: the event log is open read-only");
  AppendOutcome outcome;
  AppendWaiter waiter(1, &outcome);
  AppendRequest request;
  request.event = std::move(event);
  request.received_at_micros = impl_->options.clock->NowUnixMicros();
  request.waiter = &waiter;
  if (Status s = impl_->committer->Enqueue(std::move(request)); !s.ok()) return s;
  if (Status s = waiter.Wait(); !s.ok()) return s;
  return outcome;
}

Result<std::vector<AppendOutcome>> EventLog::AppendMany(std::vector<PendingEvent> events) {
  if (!impl_->committer) return Status::InvalidArgument("append: the event log is open read-only");
  for (const PendingEvent& e : events) {
    if (e.envelope.id.empty()) return Status::InvalidArgument("append: an event has no id");
  }
  std::vector<AppendOutcome> outcomes(events.size());
  if (events.empty()) return outcomes;
  AppendWaiter waiter(events.size(), outcomes.data());
  const int64_t now = impl_->options.clock->NowUnixMicros();
  std::vector<AppendRequest> requests(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    requests[i].event = std::move(events[i]);
    requests[i].received_at_micros = now;
    requests[i].waiter = &waiter;
    requests[i].index = i;
  }
  if (Status s = impl_->committer->EnqueueAll(std::move(requests)); !s.ok()) return s;
  if (Status s = waiter.Wait(); !s.ok()) return s;
  return outcomes;
}

void EventLog::AppendAsync(PendingEvent event, std::function<void(Result<AppendOutcome>)> done) {
  if (event.envelope.id.empty()) {
    done(Status::InvalidArgument("append: the event has no id"));
    return;
  }
  if (!impl_->committer) {
    done(Status::InvalidArgument("append: the event log is open read-only"));
    return;
  }
  AppendRequest request;
  request.event = std::move(event);
  request.received_at_micros = impl_->options.clock->NowUnixMicros();
  request.callback = std::move(done);
  if (Status s = impl_->committer->Enqueue(std::move(request)); !s.ok()) request.callback(s);
}

SequenceNumber EventLog::LastSequence() const {
  return impl_->committer ? impl_->committer->last_sequence() : impl_->read_only_last_sequence;
}

Result<std::optional<SequenceNumber>> EventLog::Lookup(std::string_view event_id) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("lookup", &closed);
  if (db == nullptr) return closed;
  std::string value;
  rocksdb::Status s =
      db->db()->Get(rocksdb::ReadOptions(), db->event_ids(), rocksdb::Slice(event_id), &value);
  if (s.IsNotFound()) return std::optional<SequenceNumber>();
  if (!s.ok()) return FromRocksStatus(s, "lookup " + std::string(event_id));
  Result<SequenceNumber> seq = storage::DecodeSequence(value);
  if (!seq.ok()) return seq.status().WithContext("lookup " + std::string(event_id));
  return std::optional<SequenceNumber>(*seq);
}

Result<EventRecord> EventLog::Get(SequenceNumber seq) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("get", &closed);
  if (db == nullptr) return closed;
  const std::string key = storage::EncodeSequence(seq);
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db->db()->Get(rocksdb::ReadOptions(), db->events(), key, &value);
  if (s.IsNotFound()) return Status::NotFound("get " + std::to_string(seq) + ": no such record");
  if (!s.ok()) return FromRocksStatus(s, "get " + std::to_string(seq));
  EventRecord record;
  if (Status d = storage::DecodeRecordValue(seq, value.ToStringView(), &record); !d.ok()) return d;
  return record;
}

Status EventLog::Scan(SequenceNumber from,
                      const std::function<bool(const EventRecord&)>& fn) const {
  EventRecord record;  // its strings' capacity is reused from record to record
  return ScanBodies(from, [&fn, &record](const EventRecord& header, std::string_view body) {
    record = header;  // every field (the body is empty)
    record.body.assign(body.data(), body.size());
    return fn(record);
  });
}

Status EventLog::ScanBodies(SequenceNumber from,
                            const std::function<bool(const EventRecord&, std::string_view body)>& fn) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("scan", &closed);
  if (db == nullptr) return closed;
  rocksdb::ReadOptions options;
  options.readahead_size = 2 << 20;
  options.fill_cache = false;  // sequential scans (rebuild, export, verify) would only evict hot blocks
  std::unique_ptr<rocksdb::Iterator> it(db->db()->NewIterator(options, db->events()));
  EventRecord record;
  std::string_view body;
  for (it->Seek(storage::EncodeSequence(from)); it->Valid(); it->Next()) {
    Result<SequenceNumber> seq = storage::DecodeSequence(it->key().ToStringView());
    if (!seq.ok()) return seq.status().WithContext("scan");
    if (Status s = storage::DecodeRecordHeader(*seq, it->value().ToStringView(), &record, &body); !s.ok()) {
      return s.WithContext("scan");
    }
    if (!fn(record, body)) return Status::Ok();
  }
  return FromRocksStatus(it->status(), "scan");
}

Status EventLog::health() const {
  if (!impl_->committer) return Status::Ok();
  return impl_->committer->health();
}

EventLogStats EventLog::stats() const {
  if (impl_->committer) return impl_->committer->stats();
  EventLogStats stats;
  stats.last_sequence = impl_->read_only_last_sequence;
  return stats;
}

void EventLog::SetCommitObserver(CommitObserver* observer) {
  if (impl_->committer) impl_->committer->SetCommitObserver(observer);
}

void EventLog::SetCommitListener(std::function<void(SequenceNumber)> listener) {
  if (impl_->committer) impl_->committer->SetCommitListener(std::move(listener));
}

void EventLog::SetBatchDoneHook(std::function<void()> hook) {
  if (impl_->committer) impl_->committer->SetBatchDoneHook(std::move(hook));
}

int EventLog::AddCommitListener(std::function<void(SequenceNumber)> listener) {
  return impl_->committer ? impl_->committer->AddCommitListener(std::move(listener)) : 0;
}

void EventLog::RemoveCommitListener(int id) {
  if (impl_->committer) impl_->committer->RemoveCommitListener(id);
}

Status EventLog::Verify(const std::function<void(uint64_t done, uint64_t total)>& progress) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("verify", &closed);
  if (db == nullptr) return closed;
  return VerifyLog(*db, LastSequence(), progress);
}

std::optional<uint64_t> EventLog::GetIntProperty(std::string_view property) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("property", &closed);
  if (db == nullptr) return std::nullopt;
  uint64_t value = 0;
  const std::string name(property);
  if (db->db()->GetAggregatedIntProperty(name, &value)) return value;
  if (db->db()->GetIntProperty(name, &value)) return value;
  return std::nullopt;
}

void EventLog::Close() {
  if (!impl_) return;
  MutexLock serial(impl_->close_call);
  if (impl_->committer) impl_->committer->Stop();  // drains what is queued
  WriterLock lock(impl_->lifetime);
  if (impl_->closed) return;
  impl_->closed = true;
  if (impl_->database) impl_->database->Close();
}

Result<CommitTarget> EventLog::Impl::Reopen() {
  WriterLock lock(lifetime);
  if (closed) return Status::Unavailable("reopen: the event log is closed");
  database.reset();  // closes RocksDB and releases the LOCK
  Result<std::unique_ptr<LogDatabase>> db =
      LogDatabase::Open(options.data_dir, false, options.env, options.file_deletion);
  if (!db.ok()) return db.status().WithContext("reopen");
  database = std::move(db).value();
  Result<LogTail> tail = CheckedTail(*database);
  if (!tail.ok()) return tail.status().WithContext("reopen");
  if (Status probe = database->ProbeWrite(); !probe.ok()) return probe.WithContext("reopen");
  return TargetOf(*database, *tail);
}

}  // namespace subledger
