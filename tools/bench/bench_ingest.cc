// bench_ingest: load generator for subledgerd's webhook endpoint.
//
// Sends realistic signed Stripe events (2-4 KB, unique ids) over N
// concurrent keep-alive connections for a bounded time and prints events/s,
// latency percentiles and the error count. One epoll thread, so it takes as
// little CPU as possible from the daemon it shares the machine with.
//
//   bench_ingest --port P [--host 127.0.0.1] [--secret whsec_...]
//                [--connections 64] [--duration 10] [--warmup 1]
//                [--path /webhooks/stripe] [--format text|row]
//
// The secret defaults to the first of STRIPE_WEBHOOK_SECRET. Exit code 0
// when every counted request got a fresh 200, 1 otherwise, 2 on usage errors.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "tools/bench/http_load_loop.h"
#include "tools/bench/webhook_event_generator.h"

namespace {

int Usage(const std::string& msg) {
  std::fprintf(stderr,
               "bench_ingest: %s\nusage: bench_ingest --port P [--host H] [--secret S] [--connections N] "
               "[--duration SEC] [--warmup SEC] [--path P] [--format text|row]\n",
               msg.c_str());
  return 2;
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t idx = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(idx, sorted.size() - 1)] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  subledger::bench::LoadOptions load;
  std::string secret, path = "/webhooks/stripe", format = "text";
  if (const char* env = std::getenv("STRIPE_WEBHOOK_SECRET")) {
    secret = env;
    secret = secret.substr(0, secret.find(','));
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::exit(Usage(a + " needs a value"));
      }
      return argv[++i];
    };
    if (a == "--port") load.port = static_cast<uint16_t>(std::stoi(value()));
    else if (a == "--host") load.host = value();
    else if (a == "--secret") secret = value();
    else if (a == "--connections") load.connections = std::stoi(value());
    else if (a == "--duration") load.duration_seconds = std::stod(value());
    else if (a == "--warmup") load.warmup_seconds = std::stod(value());
    else if (a == "--path") path = value();
    else if (a == "--format") format = value();
    else return Usage("unknown argument " + a);
  }
  if (load.port == 0) return Usage("--port is required");
  if (secret.empty()) return Usage("no secret: pass --secret or set STRIPE_WEBHOOK_SECRET");
  if (load.connections < 1 || load.connections > 10000) return Usage("--connections must be 1..10000");
  if (load.duration_seconds <= 0 || load.duration_seconds > 3600) return Usage("--duration must be in (0, 3600]");
  if (format != "text" && format != "row") return Usage("--format must be text or row");

  // A per-run tag keeps ids unique across runs against the same daemon.
  std::mt19937_64 rng(std::random_device{}());
  char tag[9];
  std::snprintf(tag, sizeof tag, "%08llx", static_cast<unsigned long long>(rng() & 0xffffffffULL));
  subledger::bench::WebhookEventGenerator generator(secret, tag);
  const std::string host_header = load.host + ":" + std::to_string(load.port);
  auto next = [&](std::string* out) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    generator.NextRequest(host_header, path, now, out);
  };

  subledger::bench::LoadResult r = subledger::bench::RunLoad(load, next);
  std::sort(r.latencies_us.begin(), r.latencies_us.end());
  const double rate = static_cast<double>(r.ok) / r.measured_seconds;
  const uint64_t errors = r.http_errors + r.transport_errors + r.duplicates;
  const double p50 = Percentile(r.latencies_us, 0.50), p90 = Percentile(r.latencies_us, 0.90),
               p99 = Percentile(r.latencies_us, 0.99),
               max = r.latencies_us.empty() ? 0 : r.latencies_us.back() / 1000.0;
  if (format == "row") {
    std::printf("| %11d | %10.0f | %8.2f | %8.2f | %8.2f | %8.2f | %6llu |\n", load.connections, rate, p50, p90,
                p99, max, static_cast<unsigned long long>(errors));
  } else {
    std::string sizes;
    for (size_t s : generator.TemplateSizes()) sizes += (sizes.empty() ? "" : "/") + std::to_string(s);
    std::printf("bench_ingest: %d connections, %.1f s measured after %.1f s warm-up, bodies %s bytes\n",
                load.connections, load.duration_seconds, load.warmup_seconds, sizes.c_str());
    std::printf("  events/s      %.0f (%llu acknowledged)\n", rate, static_cast<unsigned long long>(r.ok));
    std::printf("  latency ms    p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", p50, p90, p99, max);
    std::printf("  errors        %llu (http %llu, transport %llu, unexpected duplicates %llu)\n",
                static_cast<unsigned long long>(errors), static_cast<unsigned long long>(r.http_errors),
                static_cast<unsigned long long>(r.transport_errors),
                static_cast<unsigned long long>(r.duplicates));
  }
  for (const auto& e : r.error_samples) std::fprintf(stderr, "  error sample: %s\n", e.c_str());
  return errors == 0 && r.ok > 0 ? 0 : 1;
}
