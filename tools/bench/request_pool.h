// RequestPool: the load generator's requests, made and signed before the load
// starts, so that during the load bench_ingest only does HTTP I/O on the cores
// it shares with the daemon (a Stripe delivery is built on Stripe's machines,
// not on the receiver's).
//
// Fill() draws `count` requests from a WebhookEventGenerator into one arena,
// each signed at the Unix time it was made. Next() hands them out in order
// while the oldest is younger than kMaxAge (240 s: Stripe's tolerance and
// subledgerd's default are 300 s); when the load outruns the pool, or the pool
// outlives kMaxAge, it makes the request there and then, and counts it: the
// report says how many were made during the load.
//
// Thread safety: one pool per thread (the load loop's).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/bench/webhook_event_generator.h"

namespace subledger::bench {

class RequestPool {
 public:
  RequestPool(WebhookEventGenerator* generator, std::string host_header, std::string path);

  static constexpr std::chrono::seconds kMaxAge{240};

  // Makes `count` requests now (signed with the current Unix time). Call
  // before the first Next(): it may move the arena the views point into.
  void Fill(uint64_t count);

  // Points *request at the next request and returns its event's serial. The
  // view stays valid until the pool is destroyed (or Fill is called), or, for
  // a request made during the load, until *scratch changes.
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
  std::chrono::steady_clock::time_point filled_at_;
  uint64_t next_ = 0;
  uint64_t made_during_load_ = 0;
};

}  // namespace subledger::bench
