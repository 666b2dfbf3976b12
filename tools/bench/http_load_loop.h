// HttpLoadLoop: drives an HTTP/1.1 server over N keep-alive connections from
// one thread with epoll. Each connection keeps exactly one request in flight
// (no pipelining); when a response completes, the next request is sent.
//
// Latency is measured per request from the first byte written to the last
// byte of the response read. Every 200 is recorded by its request's tag, so
// the caller can check afterwards that each acknowledged event is stored. Requests started before the warm-up ends or
// finishing after the deadline are not counted.
// Thread safety: one object per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace subledger::bench {

struct LoadOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  int connections = 64;
  double warmup_seconds = 1.0;
  double duration_seconds = 10.0;  // measured window, after the warm-up
};

struct LoadResult {
  uint64_t ok = 0;                  // 200 and not a duplicate
  uint64_t duplicates = 0;          // 200 {"duplicate":true}: ids must be unique, so an error here
  uint64_t http_errors = 0;         // any other status
  uint64_t transport_errors = 0;    // connect/reset/EOF mid-request
  std::vector<uint32_t> latencies_us;  // counted requests (ok + duplicates + http_errors)
  double measured_seconds = 0;
  std::vector<std::string> error_samples;  // first few failures, for the report
  // The tag of every request answered 200 (fresh or duplicate), warm-up
  // included: each is an event the server acknowledged as durable.
  std::vector<uint64_t> acknowledged;
};

// Points *request at the next request to send (a complete HTTP/1.1 message)
// and returns its tag (e.g. the event's serial number), reported in
// LoadResult::acknowledged when the server answers 200. The request must stay
// valid until the connection's next request: either storage the source keeps,
// or *scratch (the connection's own string, which the source may fill).
using RequestSource = std::function<uint64_t(std::string* scratch, std::string_view* request)>;

LoadResult RunLoad(const LoadOptions& options, const RequestSource& next_request);

}  // namespace subledger::bench
