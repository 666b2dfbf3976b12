#include "projections/fact_scan.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace subledger {

Status ScanFactsParallel(const EventLog& log, SequenceNumber from, SequenceNumber to, int threads,
                         const ProgressFn& progress, std::vector<EventFact>* out) {
  const uint64_t total = to >= from ? to - from + 1 : 0;
  const size_t n = std::max<size_t>(1, std::min<uint64_t>(threads, total / 4096 + 1));
  // Each thread fills its own slice of `out` in place: a rebuild's facts
  // (about 1 KB each, the whole log) are never moved or held twice.
  out->clear();
  out->resize(total);
  std::vector<Status> statuses(n);
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> found{0};
  std::mutex progress_mu;
  auto work = [&](size_t t) {
    const SequenceNumber begin = from + total * t / n;
    const SequenceNumber end = from + total * (t + 1) / n - 1;
    uint64_t local = 0;
    statuses[t] = log.Scan(begin, [&](const EventRecord& r) {
      if (r.seq > end) return false;
      (*out)[r.seq - from] = ExtractFact(r);
      found.fetch_add(1, std::memory_order_relaxed);
      if (++local % 8192 == 0 && progress) {
        const uint64_t now = done.fetch_add(8192) + 8192;
        std::lock_guard<std::mutex> lock(progress_mu);
        progress(now, total);
      }
      return true;
    });
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (const Status& st : statuses) {
    if (!st.ok()) return st;
  }
  if (found.load() != total) {  // the range ran past the log's end: drop the unfilled slots
    std::erase_if(*out, [](const EventFact& f) { return f.seq == 0; });
  }
  if (progress) progress(out->size(), total);
  return Status::Ok();
}

}  // namespace subledger
