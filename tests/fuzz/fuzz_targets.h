// The fuzz targets: one function per input surface that an outsider (or an
// imported file) controls. Each takes arbitrary bytes, must never crash, leak
// or hit undefined behaviour, and checks its own properties against a naive
// oracle; a violated property aborts with a message (FuzzCheck).
//
// The same functions run under libFuzzer (tests/fuzz/fuzz_main.cc, built with
// -DSUBLEDGER_FUZZ=ON and clang) and in the normal build's GoogleTest
// (tests/fuzz/fuzz_regressions_test.cc), which replays the committed seed
// corpus and every input in tests/fuzz/regressions/<target>/.
//
// Thread safety: each call is independent; they may run concurrently.
#pragma once

#include <string_view>
#include <vector>

namespace subledger::fuzz {

// Stripe-Signature verification. Input: first line = header, rest = body.
// Checks: the fuzzed header verifies only if it really carries the HMAC of
// "<t>.<body>" (naive OpenSSL oracle); a header signed by us over a fuzzed
// timestamp text is OK/kStale/kUnauthenticated exactly as the SDKs' rules say;
// a header signed with another secret never verifies.
void FuzzStripeSignature(std::string_view data);

// ExtractEnvelope on a request body. Checks against nlohmann::json: whatever
// ExtractEnvelope accepts is valid JSON, an object, and has the same id, type,
// created, livemode, api_version, data.object.id and data.object.object.
void FuzzEventEnvelope(std::string_view data);

// The importer's splitting of a file into events (tools/cli/event_file_reader):
// every item lies inside the text, in order, without overlap, with a plausible
// line number, and its verdict is ExtractEnvelope's on its bytes (plus the
// reader's own rule: a top-level "object", when present, must be "event").
void FuzzImportLines(std::string_view data);

// A subscription object (data.object) of arbitrary JSON, projected: wrapped
// into a customer.subscription.updated envelope and run through ExtractFact,
// and parsed directly with ParseSubscription. Checks: MRR never negative,
// zero unless counted, the fact agrees with the direct parse.
void FuzzSubscription(std::string_view data);

struct FuzzTarget {
  const char* name;  // directory name under corpus/ and regressions/
  void (*fn)(std::string_view);
};

// Every target, by name.
const std::vector<FuzzTarget>& AllFuzzTargets();

// Aborts with "fuzz property violated: <what>" when !ok.
void FuzzCheck(bool ok, std::string_view what);

}  // namespace subledger::fuzz
