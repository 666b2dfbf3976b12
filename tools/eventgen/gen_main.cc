// subledger-gen: writes a realistic, deterministic Stripe event stream as
// JSON Lines (one event body per line) to stdout or --out FILE.
//
//   subledger-gen --events N --seed S [--customers C] [--shuffle]
//                 [--duplicates FRACTION] [--start UNIX_SECONDS] [--out FILE]
//
// The events' `created` times span a year from --start (default
// 2026-01-01). subledger import refuses a `created` more than a day ahead of
// the machine's clock (revenue model v2 §1): give an earlier --start for a
// stream entirely in the past.
//
// Statistics (events, deliveries, customers, subscriptions, MB, seconds) go
// to stderr as one JSON line. Bodies are rendered on up to 4 threads; the
// output does not depend on the thread count.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "tools/eventgen/event_generator.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "subledger-gen: %s\nusage: subledger-gen --events N --seed S [--customers C] [--shuffle] "
               "[--duplicates FRACTION] [--start UNIX_SECONDS] [--out FILE]\n",
               why);
  return 2;
}

bool ParseUint(const char* s, uint64_t* out) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || s[0] == '-') return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using subledger::eventgen::EventGenerator;
  using subledger::eventgen::GeneratorOptions;
  GeneratorOptions options;
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--shuffle") {
      options.shuffle = true;
    } else if (arg == "--events" && has_value) {
      if (!ParseUint(argv[++i], &options.events)) return Usage("--events needs a non-negative integer");
    } else if (arg == "--seed" && has_value) {
      if (!ParseUint(argv[++i], &options.seed)) return Usage("--seed needs a non-negative integer");
    } else if (arg == "--customers" && has_value) {
      if (!ParseUint(argv[++i], &options.customers)) return Usage("--customers needs a non-negative integer");
    } else if (arg == "--duplicates" && has_value) {
      char* end = nullptr;
      options.duplicates = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(options.duplicates >= 0 && options.duplicates <= 10)) {
        return Usage("--duplicates needs a fraction between 0 and 10");
      }
    } else if (arg == "--start" && has_value) {
      uint64_t start = 0;
      if (!ParseUint(argv[++i], &start) || start > (uint64_t{1} << 40)) {
        return Usage("--start needs Unix seconds");
      }
      options.start = static_cast<int64_t>(start);
    } else if (arg == "--out" && has_value) {
      out_path = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      Usage("writes N realistic Stripe events as JSON Lines");
      return 0;
    } else {
      return Usage(("unknown or incomplete argument: " + arg).c_str());
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  EventGenerator gen(options);
  FILE* out = stdout;
  if (!out_path.empty()) {
    out = std::fopen(out_path.c_str(), "wb");
    if (!out) {
      std::fprintf(stderr, "subledger-gen: cannot open %s: %s\n", out_path.c_str(), std::strerror(errno));
      return 1;
    }
  }
  // Bodies are rendered on `threads` threads in chunks and written in order.
  const unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  constexpr size_t kChunk = 4096;
  std::vector<std::string> chunks(threads);
  uint64_t bytes = 0;
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
      bytes += text.size();
      if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
        std::fprintf(stderr, "subledger-gen: write failed: %s\n", std::strerror(errno));
        return 1;
      }
    }
  }
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
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
