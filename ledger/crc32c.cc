#include "ledger/crc32c.h"

#include <isa-l/crc.h>

#include <cstddef>

namespace subledger {

uint32_t Crc32c(std::string_view data, uint32_t crc) {
  // RocksDB inverts the register on entry and exit; crc32_iscsi works on the
  // register itself, and takes an int length.
  constexpr size_t kChunk = size_t{1} << 30;
  uint32_t reg = ~crc;
  while (!data.empty()) {
    const size_t n = data.size() < kChunk ? data.size() : kChunk;
    reg = crc32_iscsi(reinterpret_cast<unsigned char*>(const_cast<char*>(data.data())), static_cast<int>(n), reg);
    data.remove_prefix(n);
  }
  return ~reg;
}

}  // namespace subledger
