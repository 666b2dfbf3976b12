#include "ledger/log_verifier.h"

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "ledger/event_envelope.h"
#include "ledger/record_codec.h"

namespace subledger {
namespace {

constexpr size_t kIndexChunk = 1024;  // records whose index entries are checked per MultiGet
constexpr uint64_t kProgressEvery = 4096;

std::string Describe(SequenceNumber seq, const std::string& id) {
  return "record " + std::to_string(seq) + " (" + id + ")";
}

// The first envelope field where the stored header and the body disagree, or "".
std::string EnvelopeMismatch(const EventEnvelope& stored, const EventEnvelope& body) {
  if (stored.id != body.id) return "id \"" + stored.id + "\" vs \"" + body.id + "\"";
  if (stored.type != body.type) return "type \"" + stored.type + "\" vs \"" + body.type + "\"";
  if (stored.created != body.created) {
    return "created " + std::to_string(stored.created) + " vs " + std::to_string(body.created);
  }
  if (stored.object_id != body.object_id) return "object id \"" + stored.object_id + "\" vs \"" + body.object_id + "\"";
  if (stored.object_type != body.object_type) {
    return "object type \"" + stored.object_type + "\" vs \"" + body.object_type + "\"";
  }
  if (stored.livemode != body.livemode) return "livemode";
  if (stored.api_version != body.api_version) {
    return "api_version \"" + stored.api_version + "\" vs \"" + body.api_version + "\"";
  }
  if (stored.account != body.account) {
    return "account \"" + stored.account + "\" vs \"" + body.account + "\"";
  }
  return "";
}

class Verifier {
 public:
  Verifier(const LogDatabase& db, SequenceNumber last_sequence,
           const std::function<void(uint64_t, uint64_t)>& progress)
      : db_(db), total_(last_sequence), progress_(progress) {
    snapshot_ = db_.db()->GetSnapshot();
    options_.snapshot = snapshot_;
    options_.fill_cache = false;
    options_.total_order_seek = true;  // event_ids has a prefix extractor (whole-id hash memtable)
    options_.readahead_size = 4 << 20;
  }
  ~Verifier() { db_.db()->ReleaseSnapshot(snapshot_); }

  Status Run() {
    if (Status s = CheckRecords(); !s.ok()) return s;
    return CheckIndex();
  }

 private:
  // Pass 1: records are gap-free, decode, match their bodies, and are indexed.
  Status CheckRecords() {
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(options_, db_.events()));
    SequenceNumber expected = 1;
    EventRecord record;
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
      Result<SequenceNumber> seq = storage::DecodeSequence(it->key().ToStringView());
      if (!seq.ok()) {
        return Status::Corruption("events key after record " + std::to_string(expected - 1) +
                                  ": " + seq.status().message());
      }
      if (*seq != expected) {
        return Status::Corruption("sequence gap: expected record " + std::to_string(expected) +
                                  ", found record " + std::to_string(*seq) + " next");
      }
      if (Status s = storage::DecodeRecordValue(*seq, it->value().ToStringView(), &record);
          !s.ok()) {
        return s;
      }
      Result<EventEnvelope> body = ExtractEnvelope(record.body);
      if (!body.ok()) {
        return Status::Corruption(Describe(*seq, record.envelope.id) +
                                  ": the body is not a valid event: " + body.status().message());
      }
      if (std::string diff = EnvelopeMismatch(record.envelope, *body); !diff.empty()) {
        return Status::Corruption(Describe(*seq, record.envelope.id) +
                                  ": the stored header does not match the body: " + diff);
      }
      pending_ids_.push_back(record.envelope.id);
      pending_seqs_.push_back(*seq);
      if (pending_ids_.size() == kIndexChunk) {
        if (Status s = CheckIndexed(); !s.ok()) return s;
      }
      if (progress_ && expected % kProgressEvery == 0) progress_(expected, total_);
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "verify: read events");
    if (Status s = CheckIndexed(); !s.ok()) return s;
    records_ = expected - 1;
    if (progress_) progress_(records_, total_);
    return Status::Ok();
  }

  // Every pending record's id maps to exactly its sequence number.
  Status CheckIndexed() {
    const size_t n = pending_ids_.size();
    std::vector<rocksdb::Slice> keys(pending_ids_.begin(), pending_ids_.end());
    std::vector<rocksdb::PinnableSlice> values(n);
    std::vector<rocksdb::Status> statuses(n);
    db_.db()->MultiGet(options_, db_.event_ids(), n, keys.data(), values.data(), statuses.data());
    for (size_t i = 0; i < n; ++i) {
      const std::string what = Describe(pending_seqs_[i], pending_ids_[i]);
      if (statuses[i].IsNotFound()) {
        return Status::Corruption(what + ": the event id is missing from the event_ids index");
      }
      if (!statuses[i].ok()) return FromRocksStatus(statuses[i], "verify: index lookup for " + what);
      Result<SequenceNumber> seq = storage::DecodeSequence(values[i].ToStringView());
      if (!seq.ok()) {
        return Status::Corruption(what + ": its event_ids entry is malformed: " +
                                  seq.status().message());
      }
      if (*seq != pending_seqs_[i]) {
        return Status::Corruption(what + ": the event id is indexed at record " +
                                  std::to_string(*seq) + " (stored twice, or a stale index entry)");
      }
    }
    pending_ids_.clear();
    pending_seqs_.clear();
    return Status::Ok();
  }

  // Pass 2: the index holds exactly one entry per record and nothing else.
  Status CheckIndex() {
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(options_, db_.event_ids()));
    uint64_t entries = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string id = it->key().ToString();
      Result<SequenceNumber> seq = storage::DecodeSequence(it->value().ToStringView());
      if (!seq.ok()) {
        return Status::Corruption("event_ids entry " + id + " is malformed: " +
                                  seq.status().message());
      }
      if (*seq == 0 || *seq > records_) {
        return Status::Corruption("event_ids entry " + id + " points at record " +
                                  std::to_string(*seq) + ", but the log has records 1.." +
                                  std::to_string(records_));
      }
      if (entries == records_) return OrphanAt(id, *seq);
      ++entries;
    }
    if (!it->status().ok()) return FromRocksStatus(it->status(), "verify: read event_ids");
    if (entries != records_) {
      return Status::Corruption("event_ids has " + std::to_string(entries) + " entries for " +
                                std::to_string(records_) + " records");
    }
    return Status::Ok();
  }

  // More index entries than records: name one that points at a record holding
  // another id (found by checking each entry; only on this failure path).
  Status OrphanAt(const std::string& extra_id, SequenceNumber extra_seq) {
    std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(options_, db_.event_ids()));
    EventRecord record;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      Result<SequenceNumber> seq = storage::DecodeSequence(it->value().ToStringView());
      std::string value;
      rocksdb::Status s =
          db_.db()->Get(options_, db_.events(), storage::EncodeSequence(*seq), &value);
      if (!s.ok() || !storage::DecodeRecordValue(*seq, value, &record).ok() ||
          record.envelope.id != it->key().ToStringView()) {
        return Status::Corruption("event_ids entry " + it->key().ToString() + " points at record " +
                                  std::to_string(*seq) + ", which holds " +
                                  (s.ok() ? record.envelope.id : std::string("nothing")));
      }
    }
    return Status::Corruption("event_ids has more entries than records (e.g. " + extra_id +
                              " -> " + std::to_string(extra_seq) + ")");
  }

  const LogDatabase& db_;
  const SequenceNumber total_;
  const std::function<void(uint64_t, uint64_t)>& progress_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  rocksdb::ReadOptions options_;
  uint64_t records_ = 0;
  std::vector<std::string> pending_ids_;
  std::vector<SequenceNumber> pending_seqs_;
};

}  // namespace

Status VerifyLog(const LogDatabase& database, SequenceNumber last_sequence,
                 const std::function<void(uint64_t done, uint64_t total)>& progress) {
  return Verifier(database, last_sequence, progress).Run();
}

}  // namespace subledger
