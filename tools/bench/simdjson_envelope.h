// SimdjsonEnvelope: the request path's JSON checks (ExtractEnvelope,
// ledger/event_envelope.h) done with simdjson's on-demand API, for
// bench_json_check to compare the two on the same bodies. Not used by the
// daemon.
//
// The same checks and the same envelope:
//  * the whole body is well-formed JSON: simdjson's stage 1 validates UTF-8
//    and finds unescaped control characters over the whole input; every
//    value is then visited (keys and strings unescaped, so bad escapes and
//    lone surrogates fail; numbers parsed: an integer must fit an int64, a
//    float must be finite), nesting at most kMaxDepth containers, nothing
//    after the root value;
//  * the root is an object without duplicate keys (compared unescaped); data
//    has one "object"; data.object has one "id" and one "object";
//  * "id" and "type" are strings of 1-255 bytes, "created" an integer >= 0
//    (an integer literal: 1.0 is refused), "account" a string (<= 255 bytes),
//    null or absent; "livemode" true counts, anything else is false;
//    "api_version" a string or else "".
// Errors are kInvalidArgument with simdjson's or a short message (the
// messages differ from ExtractEnvelope's; which bodies are refused does not).
//
// Extract needs SIMDJSON_PADDING readable bytes after the body (`capacity`
// >= size + SIMDJSON_PADDING), as simdjson's padded_string_view does.
// Thread safety: one object per thread (it owns a parser).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger::bench {

class SimdjsonEnvelope {
 public:
  static constexpr int kMaxDepth = 64;  // as JsonDocument::kDefaultMaxDepth
  static size_t Padding();              // SIMDJSON_PADDING
  static std::string Version();         // e.g. "3.0.1"
  // "<stage 1>+<stage 2>": stage 1 (structural index, UTF-8 validation)
  // runs the kernel libsimdjson picks for this CPU at run time; stage 2 (the
  // On-Demand walk: unescaping, numbers) is inline code compiled into this
  // file for its target, "fallback" (scalar) with Debian's x86-64 baseline
  // flags, "haswell" with -march=x86-64-v3 -mpclmul. E.g. "icelake+fallback".
  static std::string Kernel();

  SimdjsonEnvelope();
  ~SimdjsonEnvelope();

  Result<EventEnvelope> Extract(std::string_view body, size_t capacity);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace subledger::bench
