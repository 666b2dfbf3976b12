// libFuzzer entry point for one target; SUBLEDGER_FUZZ_TARGET names the
// function from tests/fuzz/fuzz_targets.h (set per executable in CMake).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  subledger::fuzz::SUBLEDGER_FUZZ_TARGET(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
