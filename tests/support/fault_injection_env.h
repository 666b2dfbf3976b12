// FaultInjectionEnv: a rocksdb::Env over Env::Default() whose write-ahead-log
// files (*.log) fail Append or Sync on demand, to test what the event log
// does when a durable write fails (error state, nothing acknowledged, and
// recovery from a full disk).
//
// Usage: FaultInjectionEnv env; options.env = &env; ... env.FailWalSyncs(true);
// The env must outlive every database opened with it.
//
// Thread safety: the switches and counters are atomics; RocksDB may call the
// files from any thread.
#pragma once

#include <rocksdb/env.h>

#include <atomic>
#include <memory>
#include <string>

namespace subledger::testing {

class FaultInjectionEnv : public rocksdb::EnvWrapper {
 public:
  FaultInjectionEnv();

  // From now on, Sync/Fsync (resp. Append) of WAL files return an IO error.
  void FailWalSyncs(bool fail) { fail_syncs_.store(fail); }
  void FailWalAppends(bool fail) { fail_appends_.store(fail); }
  // From now on, WAL appends fail as on a full disk (IOError with RocksDB's
  // NoSpace subcode, what ENOSPC becomes), which the log recovers from.
  void FailWalAppendsWithNoSpace(bool fail) { no_space_.store(fail); }
  // How many WAL syncs / appends were failed on purpose.
  int failed_syncs() const { return failed_syncs_.load(); }
  int failed_appends() const { return failed_appends_.load(); }
  // WAL syncs that reached the real file.
  int wal_syncs() const { return wal_syncs_.load(); }

  const char* Name() const override { return "FaultInjectionEnv"; }
  rocksdb::Status NewWritableFile(const std::string& fname,
                                  std::unique_ptr<rocksdb::WritableFile>* result,
                                  const rocksdb::EnvOptions& options) override;
  rocksdb::Status ReopenWritableFile(const std::string& fname,
                                     std::unique_ptr<rocksdb::WritableFile>* result,
                                     const rocksdb::EnvOptions& options) override;
  rocksdb::Status ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                    std::unique_ptr<rocksdb::WritableFile>* result,
                                    const rocksdb::EnvOptions& options) override;

 private:
  friend class FaultyWalFile;
  rocksdb::Status Wrap(const std::string& fname, rocksdb::Status s,
                       std::unique_ptr<rocksdb::WritableFile>* result);

  std::atomic<bool> fail_syncs_{false};
  std::atomic<bool> fail_appends_{false};
  std::atomic<bool> no_space_{false};
  std::atomic<int> failed_syncs_{0};
  std::atomic<int> failed_appends_{0};
  std::atomic<int> wal_syncs_{0};
};

}  // namespace subledger::testing
