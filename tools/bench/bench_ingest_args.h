// BenchArgs: bench_ingest's command line (the flags are documented in
// bench_ingest.cc's header comment).
//
// ParseBenchArgs returns -1 when the arguments are valid, else the exit code
// (2) after printing the usage to stderr.
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>

#include "tools/bench/http_load_loop.h"
#include "tools/bench/webhook_event_generator.h"

namespace subledger::bench {

struct BenchArgs {
  LoadOptions load;
  std::string secret;
  std::string path = "/webhooks/stripe";
  std::string format = "text";
  BodyKind bodies = BodyKind::kStripe;
  uint64_t seed = 1;
  uint64_t customers = 20000;
  std::string acked_ids;
  std::string details;
  int snapshot_pid = 0;          // --snapshot-pid: the daemon
  std::string snapshot_prefix;   // --snapshot-prefix P: P.t0/.s0 at load start, P.t1/.s1 and P.seconds at its end
  uint16_t admin_port = 0;       // --admin-port: sample /readyz's lag_events into P.lag
  int64_t pregenerate = -1;      // --pregenerate N requests before the load; -1: 25,000/s of load
  bool self_check = false;
  uint64_t events = 100000;  // --self-check
  uint64_t print_bodies = 0;
};

int ParseBenchArgs(int argc, char** argv, BenchArgs* a);

}  // namespace subledger::bench
