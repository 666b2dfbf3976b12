// bench_json_check: the request path's JSON checks on Stripe's body mix,
// ledger/json_view (ExtractEnvelope) against simdjson's on-demand API
// (SimdjsonEnvelope: the same checks, simdjson_envelope.h).
//
//   bench_json_check [--events 4096] [--seconds 3] [--bodies stripe|small] [--seed 1]
//   bench_json_check_haswell [same flags]
//
// simdjson 3.0's On-Demand runs stage 1 (structural index, UTF-8) with the
// kernel libsimdjson picks at run time, but stage 2 (the walk) is inline code
// compiled for the translation unit's target: "fallback" (scalar) with the
// project's x86-64 baseline flags. bench_json_check is built that way (what
// the daemon would get); bench_json_check_haswell is the same program built
// with -march=x86-64-v3 -mpclmul (stage 2 "haswell"; it exits 0 saying so on
// a CPU without AVX2). The table names the kernels ("icelake+fallback").
// json_view comes from subledger_ledger, built with the baseline flags, in both.
//
// 1. Parity: every generated body must give both the same envelope, and a
//    set of malformed variants (duplicate keys, bad UTF-8, too deep, an
//    integer past int64, trailing content...) must be refused by both.
//    A disagreement is printed and the exit code is 1.
// 2. Speed: each method runs over the bodies (round robin) for --seconds;
//    prints ns per event and MB/s. Single thread. The numbers mean something
//    only on a quiet machine: the load average before the run is printed,
//    with a warning above 0.5 per core.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ledger/event_envelope.h"
#include "tools/bench/bench_json_cases.h"
#include "tools/bench/simdjson_envelope.h"
#include "tools/bench/webhook_event_generator.h"

namespace subledger::bench {
namespace {

struct Args {
  uint64_t events = 4096;
  double seconds = 3;
  BodyKind bodies = BodyKind::kStripe;
  uint64_t seed = 1;
};

bool Parse(int argc, char** argv, Args* a) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    bool ok = true;
    if (flag == "--events") a->events = std::strtoull(value.c_str(), nullptr, 10);
    else if (flag == "--seconds") a->seconds = std::atof(value.c_str());
    else if (flag == "--bodies") a->bodies = ParseBodyKind(value, &ok);
    else if (flag == "--seed") a->seed = std::strtoull(value.c_str(), nullptr, 10);
    else ok = false;
    if (!ok) return false;
  }
  return argc % 2 == 1 && a->events > 0 && a->seconds > 0;
}

struct Timing {
  double ns_per_event = 0, mb_per_s = 0;
  uint64_t events = 0;
};

template <typename Check>
Timing Measure(const std::vector<std::string>& bodies, double seconds, Check check) {
  using Clock = std::chrono::steady_clock;
  uint64_t events = 0, bytes = 0, accepted = 0;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    for (const std::string& b : bodies) {
      accepted += check(b);
      bytes += b.size();
    }
    events += bodies.size();
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (accepted != events) std::fprintf(stderr, "bench_json_check: %llu bodies refused while timing\n",
                                       static_cast<unsigned long long>(events - accepted));
  return {elapsed * 1e9 / static_cast<double>(events), static_cast<double>(bytes) / 1e6 / elapsed, events};
}

std::string LoadLine() {
  std::ifstream f("/proc/loadavg");
  double one = 0, five = 0, fifteen = 0;
  f >> one >> five >> fifteen;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  char buf[200];
  std::snprintf(buf, sizeof buf, "load average before the run: %.2f %.2f %.2f (%u cores)%s", one, five, fifteen,
                cores, one > 0.5 * cores ? "\nWARNING: the machine is loaded: these timings are not comparable" : "");
  return buf;
}

}  // namespace
}  // namespace subledger::bench

int main(int argc, char** argv) {
  using namespace subledger::bench;
#ifdef __AVX2__
  // bench_json_check_haswell: built for x86-64-v3, so simdjson's haswell kernel runs.
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi") || !__builtin_cpu_supports("pclmul")) {
    std::printf("bench_json_check: this build needs AVX2, BMI and PCLMUL; this CPU lacks one: skipped\n");
    return 0;
  }
#endif
  Args a;
  if (!Parse(argc, argv, &a)) {
    std::fprintf(stderr, "usage: bench_json_check [--events N] [--seconds S] [--bodies stripe|small] [--seed N]\n");
    return 2;
  }
  const std::string load = LoadLine();
  GeneratorOptions g;
  g.secret = "whsec_json_check";
  g.run_tag = "jsoncheck";
  g.bodies = a.bodies;
  g.seed = a.seed;
  WebhookEventGenerator gen(g);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<std::string> bodies(a.events);
  for (std::string& b : bodies) {
    gen.NextBody(now, &b);
    b.reserve(b.size() + SimdjsonEnvelope::Padding());  // simdjson reads up to the padding
  }
  std::printf("bench_json_check: %s %s-mix bodies (seed %llu)\n", Grouped(a.events).c_str(), gen.mix().name.c_str(),
              static_cast<unsigned long long>(a.seed));
  gen.stats().Print(stdout, "  ");
  std::printf("%s\n", load.c_str());

  SimdjsonEnvelope simd;
  const bool parity = CheckParity(bodies, simd, stdout);
  const Timing view = Measure(bodies, a.seconds, [](const std::string& b) { return subledger::ExtractEnvelope(b).ok(); });
  const Timing sj = Measure(bodies, a.seconds, [&](const std::string& b) { return simd.Extract(b, b.capacity()).ok(); });
  std::printf("\n| method                                     | ns/event | MB/s    | events timed |\n"
              "|--------------------------------------------|----------|---------|--------------|\n");
  std::printf("| %-42s | %8.0f | %7.0f | %12s |\n", "json_view (ExtractEnvelope)", view.ns_per_event, view.mb_per_s,
              Grouped(view.events).c_str());
  const std::string label = "simdjson " + SimdjsonEnvelope::Version() + " on-demand, " + SimdjsonEnvelope::Kernel();
  std::printf("| %-42s | %8.0f | %7.0f | %12s |\n", label.c_str(), sj.ns_per_event, sj.mb_per_s,
              Grouped(sj.events).c_str());
  std::printf("simdjson / json_view time: %.2f\n", sj.ns_per_event / view.ns_per_event);
  return parity ? 0 : 1;
}
