// bench_compression: which RocksDB compression should the `events` family
// use? Issue 11 asks for the choice on evidence. Stores the same Stripe-mix
// bodies (pretty-printed, mean 5.1 KB; tools/bench/body_mix.h) under each
// candidate and measures what a user pays:
//
//   bench_compression [--events N] [--seed S] [--dir D]
//
//  * bytes on disk per event, after a flush and a full compaction (what a log
//    of N events occupies for good);
//  * the CPU of writing, flushing and compacting them (paid in the
//    background, off the request path);
//  * a full scan reading every body (what `rebuild`, `export` and `verify`
//    pay), as events/s and µs per event;
//  * random point reads (the read API's /events/{seq}), as µs per read.
//
// The family is configured as ledger/log_database.cc configures `events`
// (16 KiB blocks, 64 MiB memtables, dynamic level bytes); only the
// compression (and, for one candidate, the block size) differs. Keys are big-endian sequence numbers, values the
// bodies: the record header the log adds is ~100 bytes of 5,100.
#include <rocksdb/db.h>
#include <rocksdb/table.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "tools/bench/proc_snapshot.h"
#include "tools/bench/webhook_event_generator.h"

namespace {

struct Candidate {
  const char* name;
  rocksdb::CompressionType compression;
  rocksdb::CompressionType bottommost;  // kDisableCompressionOption: as `compression` (all used here)
  int level = 32767;                    // CompressionOptions::level (kDefaultCompressionLevel)
  uint32_t dictionary_bytes = 0;        // a dictionary per SST file (ZSTD: trained; LZ4: sampled)
  size_t block_bytes = 16 << 10;
};

struct Args {
  uint64_t events = 200000;
  uint64_t seed = 7;
  std::string dir;
};

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string Key(uint64_t seq) {
  std::string k(8, '\0');
  for (int i = 7; i >= 0; --i, seq >>= 8) k[i] = static_cast<char>(seq & 0xff);
  return k;
}

rocksdb::Options OptionsFor(const Candidate& c) {
  rocksdb::Options o;
  o.create_if_missing = true;
  o.max_background_jobs = 2;
  o.write_buffer_size = 64 << 20;
  o.level_compaction_dynamic_level_bytes = true;
  o.compression = c.compression;
  o.bottommost_compression = c.bottommost;
  o.compression_opts.level = c.level;
  o.compression_opts.max_dict_bytes = c.dictionary_bytes;
  o.compression_opts.zstd_max_train_bytes = c.compression == rocksdb::kZSTD ? c.dictionary_bytes * 100 : 0;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = c.block_bytes;
  table.block_cache = rocksdb::NewLRUCache(64 << 20);
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

uint64_t SstBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().extension() == ".sst") total += f.file_size();
  }
  return total;
}

bool Check(const rocksdb::Status& s, const char* what) {
  if (!s.ok()) std::fprintf(stderr, "bench_compression: %s: %s\n", what, s.ToString().c_str());
  return s.ok();
}

// One candidate: write, flush, compact, scan, point reads. Prints a row.
bool RunOne(const Candidate& c, const std::vector<std::string>& bodies, const std::string& dir) {
  std::filesystem::remove_all(dir);
  rocksdb::DB* raw = nullptr;
  if (!Check(rocksdb::DB::Open(OptionsFor(c), dir, &raw), "open")) return false;
  std::unique_ptr<rocksdb::DB> db(raw);

  const double cpu0 = subledger::bench::OwnCpuSeconds();
  rocksdb::WriteOptions w;
  w.disableWAL = true;  // the WAL is the same for every candidate (not compressed)
  for (size_t i = 0; i < bodies.size(); i += 64) {
    rocksdb::WriteBatch batch;
    for (size_t j = i; j < std::min(bodies.size(), i + 64); ++j) batch.Put(Key(j + 1), bodies[j]);
    if (!Check(db->Write(w, &batch), "write")) return false;
  }
  if (!Check(db->Flush(rocksdb::FlushOptions()), "flush")) return false;
  rocksdb::CompactRangeOptions all;
  all.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  if (!Check(db->CompactRange(all, nullptr, nullptr), "compact")) return false;
  const double write_cpu = subledger::bench::OwnCpuSeconds() - cpu0;  // includes the background threads
  const uint64_t bytes = SstBytes(dir);

  rocksdb::ReadOptions scan_options;
  scan_options.fill_cache = false;
  scan_options.readahead_size = 2 << 20;
  uint64_t sum = 0, seen = 0;
  const auto scan_start = std::chrono::steady_clock::now();
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(scan_options));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const rocksdb::Slice v = it->value();
    sum += static_cast<unsigned char>(v[v.size() / 2]);
    ++seen;
  }
  const double scan_s = Since(scan_start);
  if (!Check(it->status(), "scan") || seen != bodies.size()) return false;
  it.reset();  // before the database closes

  std::mt19937_64 rng(1);
  const int reads = 20000;
  std::string value;
  const auto get_start = std::chrono::steady_clock::now();
  for (int i = 0; i < reads; ++i) {
    if (!Check(db->Get(rocksdb::ReadOptions(), Key(rng() % bodies.size() + 1), &value), "get")) return false;
    sum += value.size();
  }
  const double get_s = Since(get_start);

  std::printf("| %s | %.0f | %.1f | %.2f | %.0f | %.2f | %.1f |\n", c.name,
              static_cast<double>(bytes) / bodies.size(), static_cast<double>(bytes) / (1 << 20),
              write_cpu * 1e6 / bodies.size(), seen / scan_s, scan_s * 1e6 / seen, get_s * 1e6 / reads);
  std::fflush(stdout);
  db.reset();
  std::filesystem::remove_all(dir);
  return sum != 1;  // keep the reads
}

bool ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--events" && v) {
      args->events = std::strtoull(v, nullptr, 10);
    } else if (a == "--seed" && v) {
      args->seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--dir" && v) {
      args->dir = v;
    } else {
      std::fprintf(stderr, "usage: bench_compression [--events N] [--seed S] [--dir D]\n");
      return false;
    }
    ++i;
  }
  return args->events > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  subledger::bench::GeneratorOptions g;
  g.secret = "whsec_bench";
  g.run_tag = "cmpbench";
  g.seed = args.seed;
  subledger::bench::WebhookEventGenerator generator(g);
  std::vector<std::string> bodies(args.events);
  uint64_t raw = 0;
  for (uint64_t i = 0; i < args.events; ++i) {
    generator.NextBody(1764547200 + static_cast<int64_t>(i), &bodies[i]);
    raw += bodies[i].size();
  }
  const std::string dir = (args.dir.empty() ? std::filesystem::temp_directory_path().string() : args.dir) +
                          "/bench-compression-" + std::to_string(getpid());
  std::printf("%llu Stripe-mix bodies (pretty-printed), mean %.0f B, %.1f MB raw\n\n",
              static_cast<unsigned long long>(args.events), static_cast<double>(raw) / args.events, raw / 1048576.0);
  std::printf("| compression | B/event on disk | MB on disk | write+flush+compact CPU µs/event | scan events/s | scan µs/event | random get µs |\n");
  std::printf("|-------------|-----------------|------------|----------------------------------|---------------|---------------|---------------|\n");
  const Candidate candidates[] = {
      {"none", rocksdb::kNoCompression, rocksdb::kDisableCompressionOption},
      {"LZ4 (today)", rocksdb::kLZ4Compression, rocksdb::kDisableCompressionOption},
      {"ZSTD level 1", rocksdb::kZSTD, rocksdb::kDisableCompressionOption, 1},
      {"ZSTD level 3", rocksdb::kZSTD, rocksdb::kDisableCompressionOption, 3},
      {"LZ4, 64 KiB blocks", rocksdb::kLZ4Compression, rocksdb::kDisableCompressionOption, 32767, 0, 64 << 10},
      {"LZ4, 16 KiB dictionary", rocksdb::kLZ4Compression, rocksdb::kDisableCompressionOption, 32767, 16 << 10},
      {"ZSTD level 3, 16 KiB dictionary", rocksdb::kZSTD, rocksdb::kDisableCompressionOption, 3, 16 << 10},
  };
  for (const Candidate& c : candidates) {
    if (!RunOne(c, bodies, dir)) return 1;
  }
  return 0;
}
