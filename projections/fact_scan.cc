#include "projections/fact_scan.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace subledger {

Status ScanFactsParallel(const EventLog& log, SequenceNumber from, SequenceNumber to, int threads,
                         const ProgressFn& progress, FactParts* out) {
  const uint64_t total = to >= from ? to - from + 1 : 0;
  const size_t n = std::max<size_t>(1, std::min<uint64_t>(threads, total / 4096 + 1));
  // Four ranges per thread, taken in turn: a thread whose ranges parse
  // slower does not hold up the others. Each range fills its own part: a
  // rebuild's facts (the whole log) are constructed where they stay, on the
  // thread that reads them.
  const size_t ranges = n == 1 ? 1 : 4 * n;
  out->assign(ranges, {});
  std::vector<Status> statuses(ranges);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0};
  std::mutex progress_mu;
  auto scan_range = [&](size_t r) {
    const SequenceNumber begin = from + total * r / ranges;
    const SequenceNumber end = from + total * (r + 1) / ranges - 1;
    std::vector<EventFact>& part = (*out)[r];
    part.reserve(end - begin + 1);
    statuses[r] = log.ScanBodies(begin, [&](const EventRecord& rec, std::string_view body) {
      if (rec.seq > end) return false;
      part.push_back(ExtractFact(rec.seq, rec.envelope, body, rec.source, rec.received_at_micros));
      if (part.size() % 8192 == 0 && progress) {
        const uint64_t now = done.fetch_add(8192) + 8192;
        std::lock_guard<std::mutex> lock(progress_mu);
        progress(now, total);
      }
      return true;
    });
  };
  auto work = [&] {
    for (size_t r = next++; r < ranges; r = next++) scan_range(r);
  };
  std::vector<std::jthread> pool;
  for (size_t t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  pool.clear();  // joins
  for (const Status& st : statuses) {
    if (!st.ok()) return st;
  }
  if (progress) progress(FactCount(*out), total);
  return Status::Ok();
}

size_t FactCount(const FactParts& parts) {
  size_t count = 0;
  for (const auto& part : parts) count += part.size();
  return count;
}

SequenceNumber LastFactSequence(const FactParts& parts) {
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!it->empty()) return it->back().seq;
  }
  return 0;
}

}  // namespace subledger
