#include "ledger/log_database.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_manager.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "ledger/column_families.h"
#include "ledger/data_dir.h"
#include "ledger/info_log.h"
#include "ledger/rocksdb_crc32c.h"
#include "ledger/wal_check.h"

namespace subledger {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

rocksdb::CompressionType BodyCompression() {
  const auto supported = rocksdb::GetSupportedCompressions();
  const bool lz4 = std::find(supported.begin(), supported.end(), rocksdb::kLZ4Compression) !=
                   supported.end();
  return lz4 ? rocksdb::kLZ4Compression : rocksdb::kNoCompression;
}

// FileDeletion::kPaced: obsolete WAL and SST files are deleted by RocksDB's
// delete scheduler, a truncation of kDeleteChunkBytes at a time at most
// kDeleteBytesPerSecond, not by one unlink each. On ext4 (and the benchmark's disk is mounted with
// `discard`) freeing a file's extents is journal work that the next WAL
// fdatasync waits for: every flush deleted a ~70 MiB WAL, and at 64
// connections ~20 group commits per 10 s took 8-33 ms (their fdatasync), each
// holding every connection's request; paced in 2 MiB steps, 0-3 took over
// 15 ms (docs/storage.md "Tuning"). The pace is far above the rate files
// become obsolete (the WAL is written at ~100 MB/s at 20,000 events/s). A
// file waiting for the scheduler is named <name>.trash; one left at exit is
// deleted by the next open (RocksDB's cleanup at open). The trash
// ratio is high because WAL files are not counted in the database's size:
// with RocksDB's default (0.25) a young database deletes them at once. Bulk
// writers keep RocksDB's immediate deletion: paced, a rebuild of a 160,000-
// event log took ~7 % longer (its truncations' fsyncs), and nothing of theirs
// waits on a single fdatasync.
constexpr int64_t kDeleteBytesPerSecond = int64_t{512} << 20;
constexpr uint64_t kDeleteChunkBytes = uint64_t{2} << 20;
constexpr double kMaxTrashToDatabaseRatio = 100;

// Buckets of the event_ids hash memtable: a 16 MiB memtable holds ~300,000
// ids, so a bucket's list stays a node or two long. The bucket array (8 bytes
// each, 1.6 MiB) is taken from the memtable's own budget.
constexpr size_t kEventIdsHashBuckets = 200000;

std::shared_ptr<rocksdb::SstFileManager> MakePacedDeletion(rocksdb::Env* env) {
  rocksdb::Status made;
  std::shared_ptr<rocksdb::SstFileManager> manager(rocksdb::NewSstFileManager(
      env, /*info_log=*/nullptr, /*trash_dir=*/"", kDeleteBytesPerSecond, /*delete_existing_trash=*/false, &made,
      kMaxTrashToDatabaseRatio, kDeleteChunkBytes));
  // delete_existing_trash only concerns a separate trash_dir; without a
  // manager RocksDB deletes files at once.
  return made.ok() ? manager : nullptr;
}

rocksdb::DBOptions MakeDbOptions(const std::string& dir, bool read_only, rocksdb::Env* env,
                                 FileDeletion deletion) {
  rocksdb::DBOptions o;
  o.create_if_missing = !read_only;
  o.create_missing_column_families = !read_only;
  o.max_background_jobs = 2;
  o.bytes_per_sync = 1 << 20;
  // Families written rarely ("meta", "state") would otherwise pin old WAL
  // files (and their replay time on open) until their memtables fill.
  o.max_total_wal_size = 128u << 20;
  o.keep_log_file_num = 5;
  // An incomplete last WAL record is a write that never completed (so was
  // never acknowledged) and is dropped; a bad checksum elsewhere fails the
  // open. (RocksDB's default, kPointInTimeRecovery, would silently stop
  // replaying at a damaged record and lose the acknowledged events after it.)
  // RocksDB cannot tell a damaged length field in a file's last block from a
  // torn tail; CheckWalFiles (wal_check.h), run before this open, can.
  // paranoid_checks (the default) makes those reports fail the open.
  o.paranoid_checks = true;
  // The event_ids hash memtable cannot take concurrent inserts; the
  // committer is the one writer anyway.
  o.allow_concurrent_memtable_write = false;
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  o.info_log = read_only ? NewDiscardingInfoLog() : NewInfoLogFile(dir + "/LOG");
  if (env != nullptr) o.env = env;
  if (!read_only && deletion == FileDeletion::kPaced) o.sst_file_manager = MakePacedDeletion(o.env);
  return o;
}

std::vector<rocksdb::ColumnFamilyDescriptor> MakeFamilies(bool with_workflows) {
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(64 << 20);
  const rocksdb::CompressionType compression = BodyCompression();

  // 64 KiB blocks: LZ4 then sees a dozen bodies at once and stores a Stripe
  // body in ~1,000 bytes instead of ~1,500 (16 KiB), with full scans no slower
  // and point reads a microsecond or two dearer (tools/bench/bench_compression,
  // docs/storage.md "Tuning").
  rocksdb::BlockBasedTableOptions events_table;
  events_table.block_cache = cache;
  events_table.block_size = 64 << 10;
  rocksdb::ColumnFamilyOptions events;
  events.write_buffer_size = LogDatabase::kEventsMemtableBytes;
  events.compression = compression;
  events.level_compaction_dynamic_level_bytes = true;
  events.table_factory.reset(rocksdb::NewBlockBasedTableFactory(events_table));

  // The idempotency index: point lookups of mostly absent keys, so a bloom
  // filter on SST files and on the memtable.
  rocksdb::BlockBasedTableOptions ids_table;
  ids_table.block_cache = cache;
  ids_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  ids_table.data_block_index_type = rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
  rocksdb::ColumnFamilyOptions ids;
  ids.write_buffer_size = LogDatabase::kEventIdsMemtableBytes;
  ids.memtable_whole_key_filtering = true;
  ids.memtable_prefix_bloom_size_ratio = 0.05;
  // A hash memtable keyed by the whole id (a "prefix" of up to 64 bytes;
  // Stripe's ids are 28): inserting a random id into a skip list of ~300,000
  // was ~3 µs of the committer's time per event (a cache miss per level), on
  // every request's path; a hash bucket takes a fraction of that. The sorted
  // order is built once, by the flush (docs/storage.md "Tuning"). Every
  // iterator over this family must set total_order_seek (LogVerifier does).
  ids.prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(64));
  ids.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(kEventIdsHashBuckets));
  ids.level_compaction_dynamic_level_bytes = true;
  ids.table_factory.reset(rocksdb::NewBlockBasedTableFactory(ids_table));

  // The projections' state: besides prefix scans, point lookups of keys that
  // are mostly absent while the log grows (a customer or subscription seen
  // for the first time), so a bloom filter on SST files and on the memtable,
  // as for the index.
  rocksdb::ColumnFamilyOptions state;
  state.compression = compression;
  state.memtable_whole_key_filtering = true;
  state.memtable_prefix_bloom_size_ratio = 0.05;
  rocksdb::BlockBasedTableOptions state_table;
  state_table.block_cache = cache;
  state_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  state.table_factory.reset(rocksdb::NewBlockBasedTableFactory(state_table));

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {std::string(storage::kEventsFamily), events},
      {std::string(storage::kEventIdsFamily), ids},
      {std::string(storage::kMetaFamily), rocksdb::ColumnFamilyOptions()},
      {std::string(storage::kStateFamily), state},
  };
  // Workflow runs: small JSON records, rewritten at every step (synced); looked
  // up by known keys, so no memtable bloom.
  rocksdb::ColumnFamilyOptions workflows = state;
  workflows.memtable_prefix_bloom_size_ratio = 0;
  if (with_workflows) families.emplace_back(std::string(storage::kWorkflowsFamily), workflows);
  return families;
}

// A read-only open may only name families that exist: a version 1 database
// has no "workflows" yet (a writer's open creates it).
bool HasWorkflowsFamily(const std::string& dir, const rocksdb::DBOptions& options) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(options, dir, &names).ok()) return true;  // let Open report it
  return std::find(names.begin(), names.end(), std::string(storage::kWorkflowsFamily)) != names.end();
}

// A writer's open of a directory it cannot write.
Status ReadOnlyError(const std::string& dir, const std::string& why) {
  return Status::IOError("open " + dir + ": the data directory is read-only (" + why +
                         "): subledger export, verify and report can read it; subledgerd, import, "
                         "rebuild and backfill need to write");
}

Status OpenError(const std::string& dir, const rocksdb::Status& s) {
  const std::string msg = s.ToString();
  const std::string what = "open " + dir;
  // Opening LOCK for writing fails on a read-only directory too: that is not
  // another process holding it.
  if (s.IsIOError() && Contains(msg, "Read-only file system")) return ReadOnlyError(dir, "read-only file system");
  if (s.IsIOError() && Contains(msg, "for lock") && Contains(msg, "Permission denied")) {
    return ReadOnlyError(dir, "no write permission");
  }
  if (s.IsIOError() && (Contains(msg, "lock") || Contains(msg, "Lock"))) {
    return Status::Busy(what +
                        ": the database is locked by another process (is subledgerd running?)");
  }
  if (s.IsCorruption()) return Status::Corruption(what + ": the database is damaged: " + msg);
  if (s.IsInvalidArgument() && Contains(msg, "olumn famil")) {
    return Status::InvalidArgument(what + ": not a subledger event log (" + msg + ")");
  }
  if (s.IsInvalidArgument() && Contains(msg, "does not exist")) {
    return Status::NotFound(what + ": no event log here (" + msg + ")");
  }
  return FromRocksStatus(s, what);
}

}  // namespace

Status FromRocksStatus(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  const std::string msg = what + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument() || s.IsNotSupported()) return Status::InvalidArgument(msg);
  if (s.IsBusy() || s.IsTryAgain()) return Status::Busy(msg);
  if (s.IsShutdownInProgress()) return Status::Unavailable(msg);
  if (s.IsIOError() || s.IsNoSpace() || s.IsIncomplete()) return Status::IOError(msg);
  return Status::IOError(msg);
}

Result<std::unique_ptr<LogDatabase>> LogDatabase::Open(const std::string& dir, bool read_only,
                                                       rocksdb::Env* env, FileDeletion deletion) {
  if (dir.empty()) return Status::InvalidArgument("open: no data directory given");
  // Makes RocksDB's CRC32C choice before the first WAL write, and links the
  // interposed definition into every program that opens a log.
  (void)RocksDbCrc32cImplementation();
  std::unique_ptr<LogDatabase> self(new LogDatabase());
  self->dir_ = dir;
  self->read_only_ = read_only;
  self->env_ = env != nullptr ? env : rocksdb::Env::Default();

  std::error_code ec;
  std::string why;
  const DataDirAccess access = ProbeDataDir(dir, &why);
  if (read_only) {
    if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
      return Status::NotFound("open " + dir + ": no event log here (no RocksDB CURRENT file)");
    }
    // OpenForReadOnly does not lock; take the lock ourselves so a reader
    // never races a running daemon and reports Busy like a writer would. A
    // directory this process cannot write (a read-only copy) cannot be
    // locked either -- nor written by this user: read it without the lock.
    if (access != DataDirAccess::kReadOnly) {
      rocksdb::Status s = self->env_->LockFile(dir + "/LOCK", &self->read_only_lock_);
      if (!s.ok()) return OpenError(dir, s);
    }
    if (Status wal = CheckWalFiles(dir); !wal.ok()) return wal.WithContext("open " + dir);
  } else {
    if (access == DataDirAccess::kReadOnly) return ReadOnlyError(dir, why);
    if (Status made = CreatePrivateDirectory(dir); !made.ok()) return made.WithContext("open " + dir);
    // DB::Open replays the WAL and then deletes it, so the WAL check runs
    // first, under the LOCK (DB::Open takes it again right after: if another
    // process takes it in between, DB::Open reports Busy).
    rocksdb::FileLock* lock = nullptr;
    rocksdb::Status s = self->env_->LockFile(dir + "/LOCK", &lock);
    if (!s.ok()) return OpenError(dir, s);
    Status wal = CheckWalFiles(dir, WalTails::kCut, &self->torn_wal_tails_cut_);
    self->env_->UnlockFile(lock).PermitUncheckedError();
    if (!wal.ok()) return wal.WithContext("open " + dir);
  }

  rocksdb::DBOptions db_options = MakeDbOptions(dir, read_only, env, deletion);
  std::vector<rocksdb::ColumnFamilyDescriptor> families =
      MakeFamilies(!read_only || HasWorkflowsFamily(dir, db_options));
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(db_options, dir, families, &self->handles_, &raw)
                : rocksdb::DB::Open(db_options, dir, families, &self->handles_, &raw);
  if (!s.ok()) {
    self->Close();
    return OpenError(dir, s);
  }
  self->db_.reset(raw);
  self->events_ = self->handles_[1];
  self->event_ids_ = self->handles_[2];
  self->meta_ = self->handles_[3];
  self->state_ = self->handles_[4];
  if (self->handles_.size() > 5) self->workflows_ = self->handles_[5];
  if (Status v = self->CheckFormatVersion(); !v.ok()) return v;
  return self;
}

Status LogDatabase::CheckFormatVersion() {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), meta_, std::string(storage::kFormatVersionKey), &value);
  if (s.ok()) {
    if (value.size() != 1) {
      return Status::Corruption("open " + dir_ + ": meta/format_version has " +
                                std::to_string(value.size()) + " bytes, expected 1");
    }
    const uint8_t version = static_cast<uint8_t>(value[0]);
    if (version < storage::kOldestReadableFormatVersion || version > storage::kDatabaseFormatVersion) {
      return Status::InvalidArgument(
          "open " + dir_ + ": the database has format version " + std::to_string(version) +
          "; this subledger reads versions " + std::to_string(storage::kOldestReadableFormatVersion) +
          " to " + std::to_string(storage::kDatabaseFormatVersion));
    }
    // An older version opened by a writer: DB::Open has just created the
    // families it lacked, so record the current version below.
    if (version == storage::kDatabaseFormatVersion || read_only_) return Status::Ok();
  }
  if (!s.ok() && !s.IsNotFound()) return FromRocksStatus(s, "open " + dir_ + ": read format version");
  if (read_only_) return Status::Ok();  // a database that never had a writer's first open
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const char version = static_cast<char>(storage::kDatabaseFormatVersion);
  s = db_->Put(sync, meta_, std::string(storage::kFormatVersionKey), rocksdb::Slice(&version, 1));
  if (s.ok()) s = db_->Flush(rocksdb::FlushOptions(), meta_);  // so it pins no WAL file
  return FromRocksStatus(s, "open " + dir_ + ": write format version");
}

Status LogDatabase::ProbeWrite() {
  if (read_only_ || db_ == nullptr) return Status::InvalidArgument("probe write: not open for writing");
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const char version = static_cast<char>(storage::kDatabaseFormatVersion);
  rocksdb::Status s =
      db_->Put(sync, meta_, std::string(storage::kFormatVersionKey), rocksdb::Slice(&version, 1));
  return FromRocksStatus(s, "probe write to " + dir_);
}

LogDatabase::~LogDatabase() { Close(); }

void LogDatabase::Close() {
  if (db_ != nullptr) {
    for (rocksdb::ColumnFamilyHandle* h : handles_) db_->DestroyColumnFamilyHandle(h);
    handles_.clear();
    db_->Close().PermitUncheckedError();
    db_.reset();
  }
  events_ = event_ids_ = meta_ = state_ = workflows_ = nullptr;
  if (read_only_lock_ != nullptr) {
    env_->UnlockFile(read_only_lock_).PermitUncheckedError();
    read_only_lock_ = nullptr;
  }
}

}  // namespace subledger
