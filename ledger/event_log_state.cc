// EventLog's projection state: the "state" column family, owned by the
// projector. Writes are atomic WriteBatches without their own fsync: the
// state is derived data, and the next synced append also syncs it (one WAL).
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "ledger/event_log.h"
#include "ledger/event_log_impl.h"

namespace subledger {

Status EventLog::GetState(std::string_view key, std::string* value) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("get state", &closed);
  if (db == nullptr) return closed;
  rocksdb::Status s = db->db()->Get(rocksdb::ReadOptions(), db->state(), rocksdb::Slice(key), value);
  if (s.IsNotFound()) return Status::NotFound("get state " + std::string(key) + ": not found");
  return FromRocksStatus(s, "get state " + std::string(key));
}

Status EventLog::CommitState(const StateBatch& batch) {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("commit state", &closed);
  if (db == nullptr) return closed;
  if (db->read_only()) return Status::InvalidArgument("commit state: the event log is open read-only");
  if (Status h = health(); !h.ok()) return h.WithContext("commit state");
  rocksdb::WriteBatch wb;
  for (const auto& [key, value] : batch.puts) wb.Put(db->state(), key, value);
  for (const std::string& key : batch.deletes) wb.Delete(db->state(), key);
  rocksdb::Status s = db->db()->Write(rocksdb::WriteOptions(), &wb);
  if (!s.ok()) {
    Status failure = FromRocksStatus(s, "commit state");
    if (impl_->committer) impl_->committer->Fail(failure);
    return failure;
  }
  return Status::Ok();
}

Status EventLog::ScanState(
    std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("scan state", &closed);
  if (db == nullptr) return closed;
  std::unique_ptr<rocksdb::Iterator> it(db->db()->NewIterator(rocksdb::ReadOptions(), db->state()));
  for (it->Seek(rocksdb::Slice(prefix)); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  return FromRocksStatus(it->status(), "scan state " + std::string(prefix));
}

Status EventLog::DropState() {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("drop state", &closed);
  if (db == nullptr) return closed;
  if (db->read_only()) return Status::InvalidArgument("drop state: the event log is open read-only");
  if (Status h = health(); !h.ok()) return h.WithContext("drop state");
  std::string end;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db->db()->NewIterator(rocksdb::ReadOptions(), db->state()));
    it->SeekToLast();
    if (!it->status().ok()) return FromRocksStatus(it->status(), "drop state");
    if (!it->Valid()) return Status::Ok();  // already empty
    end = it->key().ToString();
    end.push_back('\0');  // the smallest key after the last one
  }
  rocksdb::WriteOptions options;
  options.sync = true;
  rocksdb::Status s = db->db()->DeleteRange(options, db->state(), rocksdb::Slice(), end);
  if (!s.ok()) {
    Status failure = FromRocksStatus(s, "drop state");
    if (impl_->committer) impl_->committer->Fail(failure);
    return failure;
  }
  return Status::Ok();
}

}  // namespace subledger
