// bench_json_check: the two JSON readers of event bodies on Stripe's body mix:
// ExtractEnvelope (ledger/event_envelope.h: simdjson DOM, the request
// path's check of the whole body and its envelope) and JsonDocument::Parse
// (ledger/json_view.h: the projections' reader, a validating parse into a
// flat node array); and ExtractFact (projections/event_fact.h: what the
// projector reads of each logged event, the parse included).
//
//   bench_json_check [--events 4096] [--seconds 3] [--bodies stripe|small] [--seed 1]
//
// Each reader runs over the bodies (round robin) for --seconds; prints ns per
// event and MB/s. Single thread. Every body must be accepted by both (exit 1
// otherwise). The numbers mean something only on a quiet machine: the load
// average before the run is printed, with a warning above 0.5 per core.
// docs/json.md has the measurements and why the request path uses simdjson.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <simdjson.h>

#include "ledger/event_envelope.h"
#include "ledger/json_view.h"
#include "projections/event_fact.h"
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
  uint64_t events = 0, refused = 0;
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
  return {elapsed * 1e9 / static_cast<double>(events), static_cast<double>(bytes) / 1e6 / elapsed, events,
          events - accepted};
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
  for (std::string& b : bodies) gen.NextBody(now, &b);
  std::printf("bench_json_check: %s %s-mix bodies (seed %llu)\n", Grouped(a.events).c_str(), gen.mix().name.c_str(),
              static_cast<unsigned long long>(a.seed));
  gen.stats().Print(stdout, "  ");
  std::printf("%s\n", load.c_str());

  subledger::JsonDocument doc;
  const Timing envelope =
      Measure(bodies, a.seconds, [](const std::string& b) { return subledger::ExtractEnvelope(b).ok(); });
  const Timing reader = Measure(bodies, a.seconds, [&](const std::string& b) { return doc.Parse(b).ok(); });
  std::vector<subledger::EventEnvelope> envelopes;
  for (const std::string& b : bodies) envelopes.push_back(subledger::ExtractEnvelope(b).value());
  const subledger::EventEnvelope* envelope_of = envelopes.data();
  const std::string* first_body = bodies.data();
  const Timing facts = Measure(bodies, a.seconds, [&](const std::string& b) {
    const subledger::EventEnvelope& e = envelope_of[&b - first_body];
    return subledger::ExtractFact(1, e, b).kind != subledger::FactKind::kImplausible;
  });
  std::printf("\n| reader                                                    | ns/event | MB/s    | events timed |\n"
              "|-----------------------------------------------------------|----------|---------|--------------|\n");
  const std::string label = "ExtractEnvelope (simdjson " + std::to_string(simdjson::SIMDJSON_VERSION_MAJOR) + "." +
                            std::to_string(simdjson::SIMDJSON_VERSION_MINOR) + "." +
                            std::to_string(simdjson::SIMDJSON_VERSION_REVISION) + ", " +
                            "DOM, " + simdjson::get_active_implementation()->name() + ")";
  std::printf("| %-57s | %8.0f | %7.0f | %12s |\n", label.c_str(), envelope.ns_per_event, envelope.mb_per_s,
              Grouped(envelope.events).c_str());
  std::printf("| %-57s | %8.0f | %7.0f | %12s |\n", "JsonDocument::Parse (json_view, the projections' reader)",
              reader.ns_per_event, reader.mb_per_s, Grouped(reader.events).c_str());
  std::printf("| %-57s | %8.0f | %7.0f | %12s |\n", "ExtractFact (projections: the fact of each logged event)",
              facts.ns_per_event, facts.mb_per_s, Grouped(facts.events).c_str());
  return envelope.refused + reader.refused + facts.refused == 0 ? 0 : 1;
}
