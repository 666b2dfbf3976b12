// bench_projector_follow: does the online projector keep up with ingest?
//
//   bench_projector_follow [--events N] [--rate R] [--seed S] [--data-dir D]
//
// Appends N realistic events (tools/eventgen: ~100k subscriptions per 1M
// events) durably to a fresh EventLog at a steady R events/s (default
// 20,000/s, the ingest target) while a Projector follows the log on its
// background thread, exactly as in subledgerd. Samples the projection lag
// every 50 ms and prints the achieved append rate, the largest lag seen (in
// events, and the age of the oldest unprojected event) and how long after the last append the projections
// were current. No HTTP: this isolates
// the projector; tools/bench-ingest measures the whole daemon.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "ledger/event_envelope.h"
#include "ledger/event_log.h"
#include "projections/projector.h"
#include "tools/eventgen/event_generator.h"

namespace {

using namespace subledger;
using Steady = std::chrono::steady_clock;

struct Args {
  uint64_t events = 400000;
  double rate = 20000;
  uint64_t seed = 7;
  std::string data_dir;
};

bool ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (v == nullptr) return false;
    ++i;
    if (a == "--events") {
      args->events = std::strtoull(v, nullptr, 10);
    } else if (a == "--rate") {
      args->rate = std::atof(v);
    } else if (a == "--seed") {
      args->seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--data-dir") {
      args->data_dir = v;
    } else {
      return false;
    }
  }
  return args->events > 0 && args->rate > 0;
}

double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fprintf(stderr, "usage: bench_projector_follow [--events N] [--rate R] [--seed S] [--data-dir D]\n");
    return 2;
  }
  std::string dir = args.data_dir;
  const bool temp = dir.empty();
  if (temp) {
    char tmpl[] = "/tmp/subledger-follow.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return 1;
    dir = tmpl;
  }

  std::printf("generating %llu events (seed %llu)...\n", static_cast<unsigned long long>(args.events),
              static_cast<unsigned long long>(args.seed));
  eventgen::GeneratorOptions gen;
  gen.seed = args.seed;
  gen.events = args.events;
  eventgen::EventGenerator generator(gen);
  std::vector<PendingEvent> pending;
  pending.reserve(generator.size());
  size_t bytes = 0;
  for (size_t i = 0; i < generator.size(); ++i) {
    PendingEvent e;
    generator.AppendBody(i, &e.body);
    auto envelope = ExtractEnvelope(e.body);
    if (!envelope.ok()) {
      std::fprintf(stderr, "generated event %zu: %s\n", i, envelope.status().ToString().c_str());
      return 1;
    }
    e.envelope = std::move(envelope).value();
    bytes += e.body.size();
    pending.push_back(std::move(e));
  }

  EventLogOptions log_options;
  log_options.data_dir = dir + "/data";
  auto log = EventLog::Open(log_options);
  if (!log.ok()) {
    std::fprintf(stderr, "%s\n", log.status().ToString().c_str());
    return 1;
  }
  auto projector = Projector::Open(log->get());
  if (!projector.ok()) {
    std::fprintf(stderr, "%s\n", projector.status().ToString().c_str());
    return 1;
  }
  (*projector)->Start();

  std::atomic<uint64_t> acked{0}, failed{0};
  std::atomic<bool> appending{true};
  uint64_t max_lag_events = 0;
  double max_lag_seconds = 0;
  std::thread sampler([&] {
    while (appending.load()) {
      const ProjectionLag lag = (*projector)->Lag();
      max_lag_events = std::max(max_lag_events, lag.events);
      max_lag_seconds = std::max(max_lag_seconds, lag.seconds);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });

  std::printf("appending %zu events (%.0f MB) at %.0f/s with the projector following...\n", pending.size(),
              bytes / 1e6, args.rate);
  const auto start = Steady::now();
  size_t sent = 0;
  while (sent < pending.size()) {
    const size_t due = std::min<size_t>(pending.size(), static_cast<size_t>(Seconds(Steady::now() - start) * args.rate) + 1);
    for (; sent < due; ++sent) {
      (*log)->AppendAsync(std::move(pending[sent]), [&](Result<AppendOutcome> r) {
        (r.ok() ? acked : failed).fetch_add(1);
      });
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  while (acked.load() + failed.load() < pending.size()) std::this_thread::sleep_for(std::chrono::microseconds(200));
  const auto appended_at = Steady::now();
  while ((*projector)->Lag().events > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto current_at = Steady::now();
  appending = false;
  sampler.join();
  (*projector)->Stop();

  const double append_seconds = Seconds(appended_at - start);
  std::printf("appended: %llu events in %.2f s = %.0f events/s durable (%llu failed)\n",
              static_cast<unsigned long long>(acked.load()), append_seconds, acked.load() / append_seconds,
              static_cast<unsigned long long>(failed.load()));
  std::printf("projector: max lag %llu events, oldest unprojected event %.3f s old; current %.0f ms after the last append\n",
              static_cast<unsigned long long>(max_lag_events), max_lag_seconds,
              Seconds(current_at - appended_at) * 1e3);
  projector->reset();
  log->reset();
  if (temp) std::filesystem::remove_all(dir);
  return failed.load() == 0 ? 0 : 1;
}
