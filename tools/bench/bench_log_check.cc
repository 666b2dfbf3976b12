// bench_log_check: after a benchmark row, with the daemon stopped.
//
//   bench_log_check --data-dir D [--acked FILE] [--flush]
//
// 1. Every event id in FILE (one per line: the ids the load generator got a
//    200 for) must be in the log: looked up in the id index of a read-only
//    open, and the record at that sequence number must carry the same id.
//    Any missing id is printed (the first ten) and the exit code is 1.
// 2. Bytes on disk per stored event: SST bytes per column family (RocksDB's
//    metadata), WAL bytes (*.log files), everything else in the directory,
//    as the daemon left them. With --flush it then opens the log as a writer
//    (this changes D: use it on a benchmark's throwaway copy), flushes the
//    memtables to SST (EventLog::Flush) and measures again: the steady state,
//    compressed, without the events still only in the WAL.
//
// Output: a first line "summary acked=N missing=M events=E bytes_per_event=B
// bytes_per_event_as_left=L" (B = (SST + WAL) / E after the flush, or as left
// without --flush) for the harness, then the same for people.
// Exit codes: 0 all acknowledged ids present, 1 some missing or the log
// could not be read, 2 usage.
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ledger/event_log.h"
#include "ledger/log_database.h"

namespace subledger {
namespace {

struct AckCheck {
  uint64_t acked = 0;
  std::vector<std::string> missing;
  uint64_t events = 0;
};

Status CheckAcked(const std::string& dir, const std::string& acked_path, AckCheck* out) {
  EventLogOptions options;
  options.data_dir = dir;
  options.read_only = true;
  auto log = EventLog::Open(options);
  if (!log.ok()) return log.status();
  out->events = (*log)->LastSequence();
  if (acked_path.empty()) return Status::Ok();
  std::ifstream in(acked_path);
  if (!in) return Status::InvalidArgument("cannot read " + acked_path);
  for (std::string id; std::getline(in, id);) {
    if (id.empty()) continue;
    ++out->acked;
    auto seq = (*log)->Lookup(id);
    if (!seq.ok()) return seq.status();
    bool found = seq->has_value();
    if (found) {
      auto record = (*log)->Get(**seq);
      found = record.ok() && record->envelope.id == id;
    }
    if (!found) out->missing.push_back(id);
  }
  return Status::Ok();
}

struct DiskUsage {
  uint64_t wal = 0, other = 0, sst = 0;
  std::vector<std::pair<std::string, rocksdb::ColumnFamilyMetaData>> families;
};

Status MeasureDisk(const std::string& dir, DiskUsage* out) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const uint64_t size = entry.file_size();
    const std::string ext = entry.path().extension();
    if (ext == ".log") out->wal += size;
    else if (ext != ".sst") out->other += size;
  }
  auto db = LogDatabase::Open(dir, /*read_only=*/true, nullptr);
  if (!db.ok()) return db.status();
  for (rocksdb::ColumnFamilyHandle* cf : {(*db)->events(), (*db)->event_ids(), (*db)->state(), (*db)->meta(),
                                          (*db)->workflows()}) {
    if (cf == nullptr) continue;
    rocksdb::ColumnFamilyMetaData meta;
    (*db)->db()->GetColumnFamilyMetaData(cf, &meta);
    out->sst += meta.size;
    out->families.emplace_back(cf->GetName(), meta);
  }
  return Status::Ok();
}

double Mb(uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

uint64_t PerEvent(const DiskUsage& disk, uint64_t events) { return events ? (disk.sst + disk.wal) / events : 0; }

void ReportDisk(const char* when, const DiskUsage& disk, uint64_t events) {
  std::printf("disk, %s: %.1f MB SST + %.1f MB WAL = %llu B per event (plus %.1f MB other files)\n", when,
              Mb(disk.sst), Mb(disk.wal), static_cast<unsigned long long>(PerEvent(disk, events)), Mb(disk.other));
  std::printf("  SST per column family:");
  for (const auto& [name, meta] : disk.families) {
    std::printf(" %s %.1f MB (%zu files)", name.c_str(), Mb(meta.size), meta.file_count);
  }
  std::printf("\n");
}

Status FlushLog(const std::string& dir) {
  EventLogOptions options;
  options.data_dir = dir;
  auto log = EventLog::Open(options);
  if (!log.ok()) return log.status();
  Status st = (*log)->Flush();
  (*log)->Close();
  return st;
}

void Report(const AckCheck& ack, const DiskUsage& as_left, const DiskUsage* flushed) {
  std::printf("summary acked=%llu missing=%zu events=%llu bytes_per_event=%llu bytes_per_event_as_left=%llu\n",
              static_cast<unsigned long long>(ack.acked), ack.missing.size(),
              static_cast<unsigned long long>(ack.events),
              static_cast<unsigned long long>(PerEvent(flushed ? *flushed : as_left, ack.events)),
              static_cast<unsigned long long>(PerEvent(as_left, ack.events)));
  if (ack.missing.empty()) {
    std::printf("acknowledged ids: %llu, every one in the log (which holds %llu events)\n",
                static_cast<unsigned long long>(ack.acked), static_cast<unsigned long long>(ack.events));
  } else {
    std::printf("FAIL: %zu of %llu acknowledged ids are NOT in the log (which holds %llu events); first:\n",
                ack.missing.size(), static_cast<unsigned long long>(ack.acked),
                static_cast<unsigned long long>(ack.events));
    for (size_t i = 0; i < ack.missing.size() && i < 10; ++i) std::printf("  %s\n", ack.missing[i].c_str());
  }
  ReportDisk("as the daemon left it", as_left, ack.events);
  if (flushed) ReportDisk("after flushing the memtables", *flushed, ack.events);
}

}  // namespace
}  // namespace subledger

int main(int argc, char** argv) {
  std::string dir, acked;
  bool flush = false, usage = argc < 3;
  for (int i = 1; i < argc && !usage; ++i) {
    const std::string flag = argv[i];
    if (flag == "--flush") flush = true;
    else if (flag == "--data-dir" && i + 1 < argc) dir = argv[++i];
    else if (flag == "--acked" && i + 1 < argc) acked = argv[++i];
    else usage = true;
  }
  if (usage || dir.empty()) {
    std::fprintf(stderr, "usage: bench_log_check --data-dir D [--acked FILE] [--flush]\n");
    return 2;
  }
  subledger::AckCheck ack;
  subledger::DiskUsage as_left, flushed;
  subledger::Status st = subledger::CheckAcked(dir, acked, &ack);
  if (st.ok()) st = subledger::MeasureDisk(dir, &as_left);
  if (st.ok() && flush) st = subledger::FlushLog(dir);
  if (st.ok() && flush) st = subledger::MeasureDisk(dir, &flushed);
  if (!st.ok()) {
    std::printf("FAIL: bench_log_check: %s\n", st.ToString().c_str());
    return 1;
  }
  subledger::Report(ack, as_left, flush ? &flushed : nullptr);
  return ack.missing.empty() ? 0 : 1;
}
