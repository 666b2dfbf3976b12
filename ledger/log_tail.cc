// LogTail (log_tail.h): the end of the log and the invariants checked at open.
#include "ledger/log_tail.h"

#include <rocksdb/db.h>

#include <memory>
#include <string>

#include "ledger/record_codec.h"

namespace subledger {
namespace {

// The record at the iterator, decoded; `which` names it in messages.
Result<EventRecord> DecodeAt(const LogDatabase& db, const rocksdb::Iterator& it, const char* which) {
  Result<SequenceNumber> seq = storage::DecodeSequence(it.key().ToStringView());
  if (!seq.ok()) return seq.status().WithContext("open " + db.dir() + ": the " + which + " record key");
  EventRecord record;
  if (Status s = storage::DecodeRecordValue(*seq, it.value().ToStringView(), &record); !s.ok()) {
    return s.WithContext("open " + db.dir() + ": the " + which + " record is unreadable");
  }
  return record;
}

// kCorruption unless event_ids maps the record's id to its sequence number.
Status CheckIndexed(const LogDatabase& db, const EventRecord& record, const char* which) {
  std::string value;
  rocksdb::Status s = db.db()->Get(rocksdb::ReadOptions(), db.event_ids(),
                                   rocksdb::Slice(record.envelope.id), &value);
  const std::string what = "open " + db.dir() + ": the " + which + " record (" +
                           std::to_string(record.seq) + ", " + record.envelope.id + ")";
  if (s.IsNotFound()) {
    return Status::Corruption(what + " is missing from the event id index; the data directory "
                                     "is damaged (run subledger verify)");
  }
  if (!s.ok()) return FromRocksStatus(s, what + ": index lookup");
  Result<SequenceNumber> indexed = storage::DecodeSequence(value);
  if (!indexed.ok() || *indexed != record.seq) {
    return Status::Corruption(what + ": the event id index points elsewhere (" +
                              (indexed.ok() ? std::to_string(*indexed) : std::string("malformed")) +
                              "); the data directory is damaged (run subledger verify)");
  }
  return Status::Ok();
}

}  // namespace

Result<LogTail> ReadLogTail(const LogDatabase& db) {
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(rocksdb::ReadOptions(), db.events()));
  it->SeekToLast();
  LogTail tail;
  if (it->Valid()) {
    Result<EventRecord> last = DecodeAt(db, *it, "last");
    if (!last.ok()) return last.status();
    tail.last_seq = last->seq;
    tail.last_created = last->envelope.created;
  }
  if (!it->status().ok()) return FromRocksStatus(it->status(), "open " + db.dir() + ": seek to last");
  return tail;
}

Status CheckOpenInvariants(const LogDatabase& db, const LogTail& tail) {
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(rocksdb::ReadOptions(), db.events()));
  it->SeekToFirst();
  if (!it->status().ok()) return FromRocksStatus(it->status(), "open " + db.dir() + ": seek to first");
  if (!it->Valid()) {
    if (tail.last_seq == 0) return Status::Ok();  // empty
    return Status::Corruption("open " + db.dir() + ": the log has no first record");
  }
  Result<EventRecord> first = DecodeAt(db, *it, "first");
  if (!first.ok()) return first.status();
  if (first->seq != 1) {
    return Status::Corruption("open " + db.dir() + ": sequence gap: the first record is " +
                              std::to_string(first->seq) + ", expected 1; records 1.." +
                              std::to_string(first->seq - 1) +
                              " are missing, the data directory is damaged (run subledger verify)");
  }
  if (Status s = CheckIndexed(db, *first, "first"); !s.ok()) return s;
  if (tail.last_seq == first->seq) return Status::Ok();
  it->SeekToLast();
  if (!it->Valid()) return FromRocksStatus(it->status(), "open " + db.dir() + ": seek to last");
  Result<EventRecord> last = DecodeAt(db, *it, "last");
  if (!last.ok()) return last.status();
  return CheckIndexed(db, *last, "last");
}

}  // namespace subledger
