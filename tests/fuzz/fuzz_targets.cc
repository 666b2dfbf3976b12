#include "tests/fuzz/fuzz_targets.h"

#include <cstdio>
#include <cstdlib>

namespace subledger::fuzz {

const std::vector<FuzzTarget>& AllFuzzTargets() {
  static const std::vector<FuzzTarget> targets = {
      {"stripe_signature", &FuzzStripeSignature},
      {"event_envelope", &FuzzEventEnvelope},
      {"import_lines", &FuzzImportLines},
      {"subscription", &FuzzSubscription},
  };
  return targets;
}

void FuzzCheck(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

}  // namespace subledger::fuzz
