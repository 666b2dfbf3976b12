// bench_log_append: durable appends per second straight into the EventLog
// (no HTTP), for 1, 8 and 64 concurrent appenders with ~3 KB event bodies.
//
//   bench_log_append [--seconds S] [--threads 1,8,64] [--body-bytes N] [--data-dir D]
//
// Each thread count runs for S seconds against a fresh log (in D, default a
// temp dir that is removed afterwards) and prints events/s, p50/p99/max
// append latency and the average group-commit batch size.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "ledger/event_log.h"

namespace {

using subledger::EventLog;
using subledger::PendingEvent;

struct Args {
  double seconds = 3;
  std::vector<int> threads = {1, 8, 64};
  size_t body_bytes = 3000;
  std::string data_dir;
};

bool ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--seconds" && (v = next())) {
      args->seconds = std::atof(v);
    } else if (a == "--body-bytes" && (v = next())) {
      args->body_bytes = std::strtoul(v, nullptr, 10);
    } else if (a == "--data-dir" && (v = next())) {
      args->data_dir = v;
    } else if (a == "--threads" && (v = next())) {
      args->threads.clear();
      for (std::string s = v; !s.empty();) {
        size_t comma = s.find(',');
        args->threads.push_back(std::atoi(s.substr(0, comma).c_str()));
        s = comma == std::string::npos ? "" : s.substr(comma + 1);
      }
    } else {
      std::fprintf(stderr,
                   "usage: bench_log_append [--seconds S] [--threads 1,8,64] [--body-bytes N] "
                   "[--data-dir D]\n");
      return false;
    }
  }
  return true;
}

// A Stripe-like invoice.paid event of about `bytes` bytes; envelope filled directly.
PendingEvent MakeEvent(int thread, uint64_t n, size_t bytes) {
  PendingEvent e;
  e.envelope.id = "evt_b" + std::to_string(thread) + "x" + std::to_string(n);
  e.envelope.type = "invoice.paid";
  e.envelope.created = 1700000000 + static_cast<int64_t>(n);
  e.envelope.object_id = "in_" + std::to_string(thread) + "_" + std::to_string(n);
  e.envelope.object_type = "invoice";
  e.envelope.api_version = "2024-06-20";
  std::string& b = e.body;
  b.reserve(bytes + 64);
  b = "{\n  \"id\": \"" + e.envelope.id + "\",\n  \"object\": \"event\",\n  \"api_version\": \"" +
      e.envelope.api_version + "\",\n  \"created\": " + std::to_string(e.envelope.created) +
      ",\n  \"data\": {\n    \"object\": {\n      \"id\": \"" + e.envelope.object_id +
      "\",\n      \"object\": \"invoice\",\n      \"amount_paid\": 4200,\n      \"lines\": [";
  uint64_t x = n * 2654435761u + static_cast<uint64_t>(thread);
  while (b.size() + 120 < bytes) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    b += "{\"id\": \"il_" + std::to_string(x % 100000000) + "\", \"amount\": " +
         std::to_string(x % 10000) + ", \"currency\": \"usd\"},";
  }
  b += "{}]\n    }\n  },\n  \"livemode\": false,\n  \"type\": \"invoice.paid\"\n}";
  return e;
}

// Sums the committer's synced-write time, to split latency into fsync vs the rest.
struct CommitTimer : subledger::CommitObserver {
  void OnBatchCommitted(size_t, size_t, int64_t commit_nanos) override {
    nanos.fetch_add(commit_nanos, std::memory_order_relaxed);
  }
  void OnCommitFailed(const subledger::Status&) override {}
  std::atomic<int64_t> nanos{0};
};

int RunOne(const Args& args, int threads) {
  const std::string dir = (args.data_dir.empty() ? std::filesystem::temp_directory_path().string()
                                                 : args.data_dir) +
                          "/bench-log-" + std::to_string(threads) + "-" +
                          std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  subledger::EventLogOptions options;
  options.data_dir = dir;
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    std::fprintf(stderr, "bench: %s\n", log.status().ToString().c_str());
    return 1;
  }
  CommitTimer timer;
  (*log)->SetCommitObserver(&timer);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> errors{0};
  std::vector<std::vector<int64_t>> latencies(threads);
  std::vector<std::thread> workers;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      for (uint64_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
        PendingEvent e = MakeEvent(t, n, args.body_bytes);
        const auto t0 = std::chrono::steady_clock::now();
        auto r = (*log)->Append(std::move(e));
        const auto t1 = std::chrono::steady_clock::now();
        if (!r.ok()) {
          errors.fetch_add(1);
          continue;
        }
        latencies[t].push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
  stop.store(true);
  for (auto& w : workers) w.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<int64_t> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))] / 1e6;
  };
  const subledger::EventLogStats stats = (*log)->stats();
  const auto sst = (*log)->GetIntProperty("rocksdb.total-sst-files-size").value_or(0);
  std::printf(
      "threads=%-3d events=%-8zu events/s=%-9.0f p50=%.2fms p99=%.2fms max=%.2fms "
      "batches=%lu avg_batch=%.1f avg_write=%.2fms errors=%lu sst_bytes=%lu\n",
      threads, all.size(), all.size() / elapsed, pct(0.50), pct(0.99),
      all.empty() ? 0.0 : all.back() / 1e6, static_cast<unsigned long>(stats.batches_committed),
      stats.batches_committed ? static_cast<double>(stats.events_appended) / stats.batches_committed
                              : 0.0,
      stats.batches_committed ? timer.nanos.load() / 1e6 / stats.batches_committed : 0.0,
      static_cast<unsigned long>(errors.load()), static_cast<unsigned long>(sst));
  std::fflush(stdout);
  (*log)->Close();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return errors.load() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  std::printf("bench_log_append: %.1fs per run, ~%zu-byte bodies, durable (fsync) group commit\n",
              args.seconds, args.body_bytes);
  int rc = 0;
  for (int t : args.threads) rc |= RunOne(args, t);
  return rc;
}
