// RequestPool: the load generator's requests, made and signed before the load
// starts, so that during the load bench_ingest only does HTTP I/O on the cores
// it shares with the daemon (a Stripe delivery is built on Stripe's machines,
// not on the receiver's).
//
// Fill() draws `count` requests from a WebhookEventGenerator into one arena,
// each signed at the Unix time it was made: a run's oldest request is as old
// as the pool's fill time plus the load's length (seconds; Stripe's tolerance
// and subledgerd's default are 300 s). When the load outruns the pool, Next()
// falls back to making the request there and then, and counts it: the report
// says how many were made during the load.
//
// Thread safety: one pool per thread (the load loop's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/bench/webhook_event_generator.h"

namespace subledger::bench {

class RequestPool {
 public:
  RequestPool(WebhookEventGenerator* generator, std::string host_header, std::string path);

  // Makes `count` requests now (signed with the current Unix time).
  void Fill(uint64_t count);

  // Points *request at the next request and returns its event's serial. The
  // view stays valid until the pool is destroyed, or, for a request made
  // during the load, until *scratch changes.
  uint64_t Next(std::string* scratch, std::string_view* request);

  uint64_t prepared() const { return offsets_.size(); }
  uint64_t made_during_load() const { return made_during_load_; }

 private:
  WebhookEventGenerator* generator_;
  std::string host_header_;
  std::string path_;
  std::string arena_;              // the prepared requests, back to back
  std::vector<uint64_t> offsets_;  // start of request i in arena_; its end is the next start
  std::vector<uint64_t> serials_;
  uint64_t next_ = 0;
  uint64_t made_during_load_ = 0;
};

}  // namespace subledger::bench
