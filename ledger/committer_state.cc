// Committer: the projection state's writes (EventLog::CommitState, DropState
// and ReplaceState) and the workflow runs' synced writes (CommitWorkflowRecords),
// queued for the committer thread so that the database has one writer
// (committer.h).
#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "ledger/committer.h"
#include "ledger/log_database.h"

namespace subledger {

namespace {

// The puts' indices in key order, equal keys in their given order: the
// committer inserts them so (committer.h).
std::vector<uint32_t> PutOrder(const StateBatch& batch) {
  const auto& puts = batch.puts;
  std::vector<uint32_t> order(puts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&puts](uint32_t a, uint32_t b) { return puts[a].first < puts[b].first; });
  return order;
}

}  // namespace

Status Committer::WriteState(const StateBatch* batch) {
  StateRequest request;
  request.batch = batch;
  if (batch != nullptr) request.put_order = PutOrder(*batch);
  return Submit(request);
}

Status Committer::WriteWorkflows(const StateBatch& batch) {
  StateRequest request;
  request.batch = &batch;
  request.put_order = PutOrder(batch);
  request.family = StateFamily::kWorkflows;
  request.sync = true;
  return Submit(request);
}

Status Committer::ReplaceState(const std::string& path) {
  StateRequest request;
  request.ingest = &path;
  return Submit(request);
}

Status Committer::Submit(StateRequest& request) {
  bool wake = false;
  {
    MutexLock lock(mu_);
    if (Status s = Admit("write"); !s.ok()) return s;
    state_queue_.push_back(&request);
    wake = idle_;
    idle_ = false;
  }
  if (wake) wake_.notify_one();
  MutexLock lock(request.mu);
  while (!request.done) lock.Wait(request.cv);
  return request.status;
}

void Committer::WriteStateNow(StateRequest& request) {
  Status result;
  if (failed_.load(std::memory_order_acquire)) {
    result = health();
  } else {
    rocksdb::WriteBatch wb;
    rocksdb::WriteOptions options;
    options.sync = request.sync;
    rocksdb::Status s;
    rocksdb::ColumnFamilyHandle* family =
        request.family == StateFamily::kWorkflows ? target_.workflows : target_.state;
    if (request.batch != nullptr) {
      const auto& puts = request.batch->puts;
      for (const uint32_t i : request.put_order) {
        if (s.ok()) s = wb.Put(family, puts[i].first, puts[i].second);
      }
      for (const std::string& key : request.batch->deletes) {
        if (s.ok()) s = wb.Delete(family, key);
      }
    } else {
      // Every key: from "" to just past the last one.
      std::unique_ptr<rocksdb::Iterator> it(
          target_.db->NewIterator(rocksdb::ReadOptions(), target_.state));
      it->SeekToLast();
      s = it->status();
      if (s.ok() && it->Valid()) {
        std::string end = it->key().ToString();
        end.push_back('\0');  // the smallest key after the last one
        s = wb.DeleteRange(target_.state, rocksdb::Slice(), end);
        options.sync = true;
      }
    }
    if (s.ok() && wb.Count() > 0) {
      s = target_.db->Write(options, &wb);
      if (!s.ok()) {
        write_errors_.fetch_add(1, std::memory_order_relaxed);
        Fail(FromRocksStatus(s, "write"), s.IsNoSpace());
      }
    }
    result = FromRocksStatus(s, "write");
    if (result.ok() && request.ingest != nullptr) result = IngestState(*request.ingest);
  }
  MutexLock lock(request.mu);
  request.status = std::move(result);
  request.done = true;
  request.cv.notify_all();  // under the lock: the waiter owns the request
}

// The file's keys become the (just emptied) family's, in one version edit.
// A failure here leaves the family empty — as a rebuild interrupted before
// its last write would — and the log healthy: nothing of the log was written.
Status Committer::IngestState(const std::string& path) {
  rocksdb::IngestExternalFileOptions options;
  options.move_files = true;  // hard-linked into the database (copied if that fails)
  rocksdb::Status s = target_.db->IngestExternalFile(target_.state, {path}, options);
  return FromRocksStatus(s, "ingest state");
}

}  // namespace subledger
