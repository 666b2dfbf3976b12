#include "ledger/rocksdb_crc32c.h"

#include <dlfcn.h>

#include <atomic>
#include <cstddef>
#include <string_view>

#include "ledger/crc32c.h"

namespace subledger {
namespace {

using ExtendFn = uint32_t (*)(uint32_t, const char*, size_t);

std::atomic<uint64_t> calls{0};

uint32_t IsalExtend(uint32_t crc, const char* data, size_t size) { return Crc32c(std::string_view(data, size), crc); }

// Whether ISA-L computes what the library does: every length up to 300
// bytes from an aligned and an unaligned start, four starting values, and
// one input of 64 KiB.
bool SameAsLibrary(ExtendFn library) {
  static char bytes[64 << 10];
  uint32_t state = 0x9e3779b9;
  for (char& b : bytes) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<char>(state >> 24);
  }
  for (size_t start : {0, 1}) {
    for (size_t n = 0; n <= 300; ++n) {
      for (uint32_t crc : {0u, 0xffffffffu, 0x12345678u, static_cast<uint32_t>(n) * 0x01000193u}) {
        if (IsalExtend(crc, bytes + start, n) != library(crc, bytes + start, n)) return false;
      }
    }
  }
  return IsalExtend(7, bytes, sizeof bytes) == library(7, bytes, sizeof bytes);
}

struct Choice {
  ExtendFn extend = nullptr;
  const char* name = "";
};

const Choice& Chosen() {
  static const Choice choice = [] {
    auto library = reinterpret_cast<ExtendFn>(dlsym(RTLD_NEXT, kRocksDbExtendSymbol));
    // No other definition to agree with (RTLD_NEXT finds none, or this one):
    // ISA-L, which the tests hold to the standard CRC-32C.
    if (library == nullptr || library == &rocksdb::crc32c::Extend) return Choice{IsalExtend, "isa-l"};
    if (SameAsLibrary(library)) return Choice{IsalExtend, "isa-l"};
    return Choice{library, "rocksdb"};
  }();
  return choice;
}

}  // namespace

std::string RocksDbCrc32cImplementation() {
  const Choice& choice = Chosen();
  return RocksDbCrc32cCalls() > 0 ? choice.name : "rocksdb";
}

uint64_t RocksDbCrc32cCalls() { return calls.load(std::memory_order_relaxed); }

}  // namespace subledger

uint32_t rocksdb::crc32c::Extend(uint32_t crc, const char* data, size_t size) {
  subledger::calls.fetch_add(1, std::memory_order_relaxed);
  return subledger::Chosen().extend(crc, data, size);
}
