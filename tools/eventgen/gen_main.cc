// subledger-gen: writes a realistic, deterministic Stripe event stream as
// JSON Lines (one event body per line) to stdout or --out FILE. Flags: see
// gen_flags.h (`subledger-gen --help`).
//
// Statistics (events, deliveries, customers, subscriptions, MB, seconds) go
// to stderr as one JSON line. Bodies are rendered on up to 4 threads; the
// output does not depend on the thread count.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "tools/eventgen/event_generator.h"
#include "tools/eventgen/gen_flags.h"

namespace {

using subledger::eventgen::EventGenerator;

// Renders every delivery in order to `out`; false on a write error. *bytes: bytes written.
bool WriteAll(const EventGenerator& gen, FILE* out, uint64_t* bytes) {
  // Bodies are rendered on `threads` threads in chunks and written in order.
  const unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  constexpr size_t kChunk = 4096;
  std::vector<std::string> chunks(threads);
  for (size_t begin = 0; begin < gen.size(); begin += kChunk * threads) {
    auto render = [&](unsigned t) {
      std::string& text = chunks[t];
      text.clear();
      const size_t from = begin + t * kChunk;
      for (size_t i = from; i < std::min(gen.size(), from + kChunk); ++i) {
        gen.AppendBody(i, &text);
        text.push_back('\n');
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(render, t);
    render(0);
    for (auto& th : pool) th.join();
    for (const std::string& text : chunks) {
      *bytes += text.size();
      if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) return false;
    }
  }
  return std::fflush(out) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  using subledger::eventgen::GenFlags;
  GenFlags flags;
  std::string error;
  if (!GenFlags::Parse(argc, argv, &flags, &error)) {
    std::fprintf(stderr, "subledger-gen: %s\n%s", error.c_str(), GenFlags::Usage().c_str());
    return 2;
  }
  if (flags.help) {
    std::fprintf(stdout, "subledger-gen: writes N realistic Stripe events as JSON Lines\n%s", GenFlags::Usage().c_str());
    return 0;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const EventGenerator gen(flags.options);
  FILE* out = stdout;
  if (!flags.out_path.empty()) {
    out = std::fopen(flags.out_path.c_str(), "wb");
    if (!out) {
      std::fprintf(stderr, "subledger-gen: cannot open %s: %s\n", flags.out_path.c_str(), std::strerror(errno));
      return 1;
    }
  }
  uint64_t bytes = 0;
  if (!WriteAll(gen, out, &bytes) || (out != stdout && std::fclose(out) != 0)) {
    std::fprintf(stderr, "subledger-gen: write failed: %s\n", std::strerror(errno));
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto st = gen.stats();
  std::fprintf(stderr,
               "{\"events\":%llu,\"deliveries\":%llu,\"customers\":%llu,\"subscriptions\":%llu,\"mb\":%.1f,"
               "\"seconds\":%.2f,\"events_per_second\":%.0f}\n",
               static_cast<unsigned long long>(st.distinct_events), static_cast<unsigned long long>(st.deliveries),
               static_cast<unsigned long long>(st.customers), static_cast<unsigned long long>(st.subscriptions),
               static_cast<double>(bytes) / 1e6, seconds, static_cast<double>(st.deliveries) / seconds);
  return 0;
}
