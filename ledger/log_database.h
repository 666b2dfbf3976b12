// LogDatabase: the RocksDB instance behind the event log, opened with the
// column families of docs/storage.md and tuned for the log's workload.
//
// Open() turns RocksDB's failures into Statuses a person can act on:
//  * kBusy        "open D: the database is locked by another process (is
//                 subledgerd running?)" when the LOCK is held (by another
//                 process or another handle in this one);
//  * kIOError     "open D: the data directory is read-only (...)" for a
//                 writer's open of a directory it cannot write (data_dir.h:
//                 a read-only filesystem, no write permission);
//  * kCorruption  "open D: the database is damaged: ..." for unreadable files,
//                 and "open D: WAL file F is corrupt at byte N ..." for a WAL
//                 damaged before its end (wal_check.h; checked before RocksDB
//                 replays and deletes the WAL, under the LOCK);
//  * kNotFound    for a read-only open of a directory without a database;
//  * kInvalidArgument for a directory that is not a subledger database or
//                 was written by a newer format version.
// A read-write open creates the directory (mode 0700, data_dir.h) and the
// database if missing and records the format version. A read-only open takes
// the LOCK too (so it never reads a database a daemon is writing) but writes
// nothing; on a directory this process cannot write (a read-only copy, e.g.
// a mounted backup) it cannot take the LOCK and opens without it.
//
// Thread safety: the handles may be used from any thread (RocksDB is
// thread-safe); the object itself is owned by one EventLog.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "ledger/file_deletion.h"
#include "ledger/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
class FileLock;
class Status;
}  // namespace rocksdb

namespace subledger {

class LogDatabase {
 public:
  // `deletion` matters to a writer only; a reader deletes nothing.
  static Result<std::unique_ptr<LogDatabase>> Open(const std::string& dir, bool read_only,
                                                   rocksdb::Env* env,
                                                   FileDeletion deletion = FileDeletion::kImmediate);
  ~LogDatabase();  // Close()s

  LogDatabase(const LogDatabase&) = delete;
  LogDatabase& operator=(const LogDatabase&) = delete;

  // The memtables' memory under a steady write load: for the events and the
  // index families, one memtable filling, one being flushed and one that a
  // reader (the projector's iterator) may still pin after its flush. Measured
  // at 64 connections: with two per family touched ahead the committer still
  // faulted ~8,000 pages per 10 s, with three ~30 (heap_retention.h). The
  // state and workflow families take little.
  static constexpr size_t kEventsMemtableBytes = size_t{64} << 20;
  static constexpr size_t kEventIdsMemtableBytes = size_t{16} << 20;
  static constexpr size_t kMemtableWorkingSetBytes = 3 * (kEventsMemtableBytes + kEventIdsMemtableBytes);

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* events() const { return events_; }
  rocksdb::ColumnFamilyHandle* event_ids() const { return event_ids_; }
  rocksdb::ColumnFamilyHandle* meta() const { return meta_; }
  rocksdb::ColumnFamilyHandle* state() const { return state_; }
  // Null only in a read-only open of a version 1 database (no such family yet).
  rocksdb::ColumnFamilyHandle* workflows() const { return workflows_; }
  const std::string& dir() const { return dir_; }
  bool read_only() const { return read_only_; }
  // A writer's open cut these WAL files at their torn tails (wal_check.h),
  // one line each; empty for a reader and in the common case.
  const std::vector<std::string>& torn_wal_tails_cut() const { return torn_wal_tails_cut_; }

  // A synced write that changes nothing (meta/format_version rewritten with
  // its own value): OK only if the WAL accepts and fsyncs a record. Used to
  // prove a reopened database writable before the log accepts appends again.
  // Writers only; call from the log's one writer thread.
  Status ProbeWrite();

  // Releases the column families, closes RocksDB, releases the lock. Idempotent.
  void Close();

 private:
  LogDatabase() = default;
  Status CheckFormatVersion();

  std::string dir_;
  bool read_only_ = false;
  std::vector<std::string> torn_wal_tails_cut_;
  rocksdb::Env* env_ = nullptr;
  rocksdb::FileLock* read_only_lock_ = nullptr;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* state_ = nullptr;
  rocksdb::ColumnFamilyHandle* workflows_ = nullptr;
};

// Converts a RocksDB status into ours, prefixed with "what: ".
Status FromRocksStatus(const rocksdb::Status& s, const std::string& what);

}  // namespace subledger
