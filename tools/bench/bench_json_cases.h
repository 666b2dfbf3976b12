// CheckParity: do ExtractEnvelope (ledger/json_view) and SimdjsonEnvelope
// accept the same bodies and extract the same envelopes? For
// bench_json_check, before it times them.
//
// Checks every body in `bodies` (both must accept it, with equal envelopes),
// then malformed and edge-case variants of bodies[0]: duplicate keys at the
// levels the envelope reads, invalid and overlong UTF-8, a lone surrogate, a
// bad escape, a raw control character, 64 and 65 nested containers, an
// integer past int64, a float overflow, a non-integer "created", NaN, a
// leading zero, trailing content, a truncated body, a non-object root, a
// missing "id", a numeric "account". Each variant has an expected verdict;
// both must give it. Prints a summary line and every disagreement to `out`;
// returns true when there was none.
//
// Thread safety: uses the caller's SimdjsonEnvelope.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "tools/bench/simdjson_envelope.h"

namespace subledger::bench {

bool CheckParity(const std::vector<std::string>& bodies, SimdjsonEnvelope& simd, FILE* out);

}  // namespace subledger::bench
