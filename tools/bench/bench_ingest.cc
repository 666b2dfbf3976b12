// bench_ingest: load generator for subledgerd's webhook endpoint.
//
// Sends signed Stripe webhook deliveries (by default Stripe's real body
// distribution, webhook_event_generator.h) over N concurrent keep-alive
// connections for a bounded time and prints events/s, latency percentiles
// and the error count. One epoll thread, so it takes as little CPU as
// possible from the daemon it shares the machine with.
//
//   bench_ingest --port P [--host 127.0.0.1] [--secret whsec_...]
//                [--connections 64] [--duration 10] [--warmup 1]
//                [--path /webhooks/stripe] [--format text|row]
//                [--bodies stripe|small] [--seed 1] [--customers 20000]
//                [--acked-ids FILE] [--details FILE]
//                [--snapshot-pid PID --snapshot-prefix P [--admin-port A]]
//                [--pregenerate N]
//   bench_ingest --self-check [--events 100000] [--seed 1]
//   bench_ingest --print-bodies N [--bodies stripe|small] [--seed 1]
//
// --acked-ids writes the id of every event answered 200 (warm-up included),
// one per line: the harness checks each is in the log (bench_log_check).
// --details writes the body size distribution, this process's CPU and the
// acknowledged count, for the harness's report.
// --snapshot-pid/--snapshot-prefix: CPU snapshots of the daemon's threads and
// of the machine (proc_snapshot.h) when the load starts (P.t0, P.s0) and ends
// (P.t1, P.s1), and the load's wall seconds (P.seconds). With --admin-port,
// the largest lag_events its /readyz reported, sampled every 250 ms during the
// load, goes to P.lag (-1: no reading).
// --pregenerate N: requests made and signed before the load (request_pool.h;
// default 25,000 per second of warm-up and load, in at most a third of the
// available memory); beyond them, requests are
// made during the load and the details say how many.
// --self-check draws --events bodies of the Stripe mix with a fixed `now`,
// prints their distribution and checks it against issue 11's targets
// (body_stats.h) and that the same seed gives the same bodies.
//
// The secret defaults to the first of STRIPE_WEBHOOK_SECRET. Exit code 0
// when every counted request got a fresh 200 (or the self-check passed),
// 1 otherwise, 2 on usage errors.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>

#include "ledger/clock.h"
#include "tools/bench/bench_ingest_args.h"
#include "tools/bench/http_load_loop.h"
#include "tools/bench/lag_sampler.h"
#include "tools/bench/proc_snapshot.h"
#include "tools/bench/request_pool.h"
#include "tools/bench/webhook_event_generator.h"

namespace subledger::bench {
namespace {

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t idx = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(idx, sorted.size() - 1)] / 1000.0;
}

GeneratorOptions Generator(const BenchArgs& a, const std::string& run_tag) {
  GeneratorOptions g;
  g.secret = a.secret;
  g.run_tag = run_tag;
  g.bodies = a.bodies;
  g.seed = a.seed;
  g.customers = a.customers;
  return g;
}

int SelfCheck(const BenchArgs& a) {
  constexpr int64_t kNow = 1780000000;
  WebhookEventGenerator gen(Generator(a, "selfchk0")), again(Generator(a, "selfchk0"));
  std::string body, other;
  bool same = true;
  for (uint64_t i = 0; i < a.events; ++i) {
    gen.NextBody(kNow, &body);
    if (i < 2000) {
      again.NextBody(kNow, &other);
      same = same && body == other;
    }
  }
  std::printf("bench_ingest --self-check: %s mix, seed %llu, %s customers\n", gen.mix().name.c_str(),
              static_cast<unsigned long long>(a.seed), Grouped(a.customers).c_str());
  gen.stats().Print(stdout, "  ");
  std::vector<std::string> failures =
      a.bodies == BodyKind::kStripe ? CheckStripeTargets(gen.stats()) : std::vector<std::string>{};
  if (!same) failures.push_back("the same seed gave different bodies");
  for (const std::string& f : failures) std::printf("  FAIL: %s\n", f.c_str());
  std::printf("self-check: %s\n", failures.empty() ? "PASS" : "FAIL");
  return failures.empty() ? 0 : 1;
}

int PrintBodies(const BenchArgs& a) {
  WebhookEventGenerator gen(Generator(a, "printout"));
  std::string body;
  for (uint64_t i = 0; i < a.print_bodies; ++i) {
    gen.NextBody(SystemClock::Instance().NowUnixSeconds(), &body);
    std::printf("%s\n", body.c_str());
  }
  return 0;
}

bool WriteAckedIds(const std::string& path, const WebhookEventGenerator& gen, const LoadResult& r) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  for (uint64_t serial : r.acknowledged) std::fprintf(f, "%s\n", gen.EventId(serial).c_str());
  return std::fclose(f) == 0;
}

void WriteDetails(const std::string& path, const WebhookEventGenerator& gen, const RequestPool& pool,
                  const LoadResult& r, double cpu) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  std::fprintf(f, "bodies made (%s mix):\n", gen.mix().name.c_str());
  gen.stats().Print(f, "  ");
  std::fprintf(f, "load generator: %.2f s CPU during the load; %s events acknowledged (200), warm-up included; "
               "%s requests made and signed before the load, %s during it\n",
               cpu, Grouped(r.acknowledged.size()).c_str(), Grouped(pool.prepared()).c_str(),
               Grouped(pool.made_during_load()).c_str());
  std::fclose(f);
}

// Requests of ~5.6 KB (the Stripe mix, with headers) fitting in a third of
// /proc/meminfo's MemAvailable; 300,000 when it cannot be read.
double PoolCapacity() {
  FILE* f = std::fopen("/proc/meminfo", "r");
  if (!f) return 300000;
  char line[256];
  double available_kb = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "MemAvailable: %lf kB", &available_kb) == 1) break;
  }
  std::fclose(f);
  return available_kb > 0 ? available_kb * 1024 / 3 / 5600 : 300000;
}

void WriteNumber(const std::string& path, int64_t value) {
  if (FILE* f = std::fopen(path.c_str(), "w")) {
    std::fprintf(f, "%lld\n", static_cast<long long>(value));
    std::fclose(f);
  }
}

}  // namespace
}  // namespace subledger::bench

int main(int argc, char** argv) {
  using namespace subledger::bench;
  BenchArgs a;
  if (int code = ParseBenchArgs(argc, argv, &a); code >= 0) return code;
  if (a.self_check) return SelfCheck(a);
  if (a.print_bodies > 0) return PrintBodies(a);

  // A per-run tag keeps ids unique across runs against the same daemon.
  std::mt19937_64 rng(std::random_device{}());
  char tag[9];
  std::snprintf(tag, sizeof tag, "%08llx", static_cast<unsigned long long>(rng() & 0xffffffffULL));
  WebhookEventGenerator generator(Generator(a, tag));
  RequestPool pool(&generator, a.load.host + ":" + std::to_string(a.load.port), a.path);
  // By default 25,000 per second of load, in at most a third of the memory available.
  const double by_rate = 25000 * (a.load.warmup_seconds + a.load.duration_seconds);
  pool.Fill(a.pregenerate >= 0 ? static_cast<uint64_t>(a.pregenerate)
                               : static_cast<uint64_t>(std::min(by_rate, PoolCapacity())));
  auto next = [&](std::string* scratch, std::string_view* request) { return pool.Next(scratch, request); };

  const bool snapshots = a.snapshot_pid > 0 && !a.snapshot_prefix.empty();
  std::optional<LagSampler> lag;
  if (snapshots && a.admin_port != 0) lag.emplace(a.load.host, a.admin_port, std::chrono::milliseconds(250));
  const auto load_start = std::chrono::steady_clock::now();
  const double cpu_start = OwnCpuSeconds();
  if (snapshots) {
    WriteThreadSnapshot(a.snapshot_pid, a.snapshot_prefix + ".t0");
    WriteMachineSnapshot(a.snapshot_prefix + ".s0");
  }
  if (lag) lag->Start();
  LoadResult r = RunLoad(a.load, next);
  const double load_cpu = OwnCpuSeconds() - cpu_start;
  // The snapshots first: stopping the sampler may wait for a /readyz in flight.
  if (snapshots) {
    WriteMachineSnapshot(a.snapshot_prefix + ".s1");
    WriteThreadSnapshot(a.snapshot_pid, a.snapshot_prefix + ".t1");
    if (FILE* f = std::fopen((a.snapshot_prefix + ".seconds").c_str(), "w")) {
      std::fprintf(f, "%.3f\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());
      std::fclose(f);
    }
  }
  if (lag) WriteNumber(a.snapshot_prefix + ".lag", lag->Stop());
  std::sort(r.latencies_us.begin(), r.latencies_us.end());
  const double rate = static_cast<double>(r.ok) / r.measured_seconds;
  const uint64_t errors = r.http_errors + r.transport_errors + r.duplicates;
  const double p50 = Percentile(r.latencies_us, 0.50), p90 = Percentile(r.latencies_us, 0.90),
               p99 = Percentile(r.latencies_us, 0.99),
               max = r.latencies_us.empty() ? 0 : r.latencies_us.back() / 1000.0;
  bool ids_ok = a.acked_ids.empty() || WriteAckedIds(a.acked_ids, generator, r);
  if (!a.details.empty()) WriteDetails(a.details, generator, pool, r, load_cpu);
  if (a.format == "row") {
    std::printf("| %11d | %10.0f | %8.2f | %8.2f | %8.2f | %8.2f | %6llu |", a.load.connections, rate, p50, p90,
                p99, max, static_cast<unsigned long long>(errors));
  } else {
    std::printf("bench_ingest: %d connections, %.1f s measured after %.1f s warm-up, %s bodies\n",
                a.load.connections, a.load.duration_seconds, a.load.warmup_seconds, generator.mix().name.c_str());
    std::printf("  events/s      %.0f (%llu acknowledged in the window)\n", rate,
                static_cast<unsigned long long>(r.ok));
    std::printf("  latency ms    p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", p50, p90, p99, max);
    std::printf("  errors        %llu (http %llu, transport %llu, unexpected duplicates %llu)\n",
                static_cast<unsigned long long>(errors), static_cast<unsigned long long>(r.http_errors),
                static_cast<unsigned long long>(r.transport_errors), static_cast<unsigned long long>(r.duplicates));
    generator.stats().Print(stdout, "  ");
  }
  for (const auto& e : r.error_samples) std::fprintf(stderr, "  error sample: %s\n", e.c_str());
  if (!ids_ok) std::fprintf(stderr, "bench_ingest: cannot write %s\n", a.acked_ids.c_str());
  return errors == 0 && r.ok > 0 && ids_ok ? 0 : 1;
}
