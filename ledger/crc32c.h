// CRC32C (Castagnoli), the checksum of RocksDB's (and LevelDB's) log format,
// on ISA-L's crc32_iscsi, which picks the CPU's CRC instructions (SSE4.2,
// PCLMUL, AVX-512) at run time.
//
// Crc32c(data, crc) continues from `crc` the way RocksDB's
// crc32c::Extend(crc, data, size) does (0 to start): the standard CRC-32C,
// so Crc32c("123456789") == 0xE3069283.
//
// Thread safety: a pure function.
#pragma once

#include <cstdint>
#include <string_view>

namespace subledger {

uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace subledger
