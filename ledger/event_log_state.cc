// EventLog's projection state: the "state" column family, owned by the
// projector; and the workflow runs' family "workflows" (docs/workflows.md),
// whose writes are synced. Reads go straight to RocksDB; writes go through the committer
// thread (Committer::WriteState), the database's one writer. CommitState's
// batches have no fsync of their own: the state is derived data, and the next
// synced append also syncs it (one WAL). DropState and ReplaceState are synced.
#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <filesystem>

#include "ledger/event_log.h"
#include "ledger/event_log_impl.h"

namespace subledger {
namespace {

// ReplaceState's file, beside the database's own (which RocksDB names by
// number: it never takes this one for its own). A crash can leave it
// behind; the next ReplaceState overwrites it.
constexpr char kReplacementFile[] = "state-replacement.sst";

// Sorts `puts` by key, the last of equal keys kept (as a write batch would
// leave them).
void SortLastWins(std::vector<std::pair<std::string, std::string>>& puts) {
  std::stable_sort(puts.begin(), puts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t kept = 0;
  for (size_t i = 0; i < puts.size(); ++i) {
    if (i + 1 < puts.size() && puts[i + 1].first == puts[i].first) continue;
    if (kept != i) puts[kept] = std::move(puts[i]);
    ++kept;
  }
  puts.resize(kept);
}

// Writes sorted, distinct `puts` as an SST file of the "state" family.
Status WriteStateFile(const LogDatabase& db, const std::string& path,
                      const std::vector<std::pair<std::string, std::string>>& puts) {
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), db.db()->GetOptions(db.state()), db.state());
  rocksdb::Status s = writer.Open(path);
  for (size_t i = 0; s.ok() && i < puts.size(); ++i) s = writer.Put(puts[i].first, puts[i].second);
  if (s.ok()) s = writer.Finish();
  return FromRocksStatus(s, "write " + path);
}

}  // namespace

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

Status EventLog::ReplaceState(std::vector<std::pair<std::string, std::string>> puts) {
  if (!impl_->committer) return Status::InvalidArgument("replace state: the event log is open read-only");
  if (puts.empty()) return DropState().WithContext("replace state");
  SortLastWins(puts);
  std::string path;
  {
    // Released before the committer is asked: its recovery may reopen the
    // database, which waits for every reader.
    Impl::Reader reader(*impl_);
    Status closed;
    const LogDatabase* db = reader.get("replace state", &closed);
    if (db == nullptr) return closed;
    path = db->dir() + "/" + kReplacementFile;
    Status written = WriteStateFile(*db, path, puts);
    if (!written.ok()) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      return written.WithContext("replace state");
    }
  }
  Status st = impl_->committer->ReplaceState(path).WithContext("replace state");
  std::error_code ignored;
  std::filesystem::remove(path, ignored);  // linked into the database by now, or not wanted
  return st;
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
