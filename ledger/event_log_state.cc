// EventLog's projection state: the "state" column family, owned by the
// projector; and the workflow runs' family "workflows" (docs/workflows.md),
// whose writes are synced. Reads go straight to RocksDB; writes go through the committer
// thread (Committer::WriteState), the database's one writer. CommitState's
// batches have no fsync of their own: the state is derived data, and the next
// synced append also syncs it (one WAL). DropState is synced.
#include <rocksdb/db.h>

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
  if (!impl_->committer) return Status::InvalidArgument("commit state: the event log is open read-only");
  return impl_->committer->WriteState(&batch).WithContext("commit state");
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

Status EventLog::GetWorkflowRecord(std::string_view key, std::string* value) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("get workflow record", &closed);
  if (db == nullptr) return closed;
  if (db->workflows() == nullptr) {
    return Status::NotFound("get workflow record " + std::string(key) + ": not found");
  }
  rocksdb::Status s = db->db()->Get(rocksdb::ReadOptions(), db->workflows(), rocksdb::Slice(key), value);
  if (s.IsNotFound()) return Status::NotFound("get workflow record " + std::string(key) + ": not found");
  return FromRocksStatus(s, "get workflow record " + std::string(key));
}

Status EventLog::CommitWorkflowRecords(const StateBatch& batch) {
  if (!impl_->committer) {
    return Status::InvalidArgument("commit workflow records: the event log is open read-only");
  }
  return impl_->committer->WriteWorkflows(batch).WithContext("commit workflow records");
}

Status EventLog::ScanWorkflowRecords(
    std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("scan workflow records", &closed);
  if (db == nullptr) return closed;
  if (db->workflows() == nullptr) return Status::Ok();  // a version 1 database: no runs
  std::unique_ptr<rocksdb::Iterator> it(db->db()->NewIterator(rocksdb::ReadOptions(), db->workflows()));
  for (it->Seek(rocksdb::Slice(prefix)); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  return FromRocksStatus(it->status(), "scan workflow records " + std::string(prefix));
}

Status EventLog::DropState() {
  if (!impl_->committer) return Status::InvalidArgument("drop state: the event log is open read-only");
  return impl_->committer->WriteState(nullptr).WithContext("drop state");
}

Status EventLog::Flush() {
  if (!impl_->committer) return Status::InvalidArgument("flush: the event log is open read-only");
  Impl::Reader reader(*impl_);
  Status closed;
  const LogDatabase* db = reader.get("flush", &closed);
  if (db == nullptr) return closed;
  rocksdb::FlushOptions options;
  options.wait = true;
  std::vector<rocksdb::ColumnFamilyHandle*> families = {db->events(), db->event_ids(), db->meta(),
                                                        db->state()};
  if (db->workflows() != nullptr) families.push_back(db->workflows());
  return FromRocksStatus(db->db()->Flush(options, families), "flush");
}

}  // namespace subledger
