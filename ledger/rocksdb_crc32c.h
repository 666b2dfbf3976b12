// RocksDB's CRC32C on the CPU's CRC instructions.
//
// Debian's librocksdb 7.8 is built portable, without its SSE4.2 code: its
// CRC32C -- computed over every WAL record when it is written and again when
// the WAL is replayed at open -- is a table-driven loop, 3.7 µs per 5 KB
// Stripe body on this project's benchmark machine, ~20 % of the committer
// thread's time under load.
//
// rocksdb_crc32c.cc defines rocksdb::crc32c::Extend in the executable.
// librocksdb calls that function through its PLT, so the dynamic linker binds
// those calls to this definition (symbol interposition, the way a malloc
// replacement works). It computes the same function with Crc32c
// (ledger/crc32c.h: ISA-L's crc32_iscsi, which picks SSE4.2, PCLMUL or AVX-512
// at run time): 0.09 µs per 5 KB. The WAL's bytes do not change.
//
// Safety: on its first use the definition checks, on fixed test vectors,
// that ISA-L gives exactly what the library's own Extend (found with
// dlsym(RTLD_NEXT)) gives; if it does not, every call goes to the library's.
// A librocksdb that binds its calls internally (-Bsymbolic) simply never
// calls this one: slower, never wrong.
//
// Thread safety: Extend and these functions are safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// The interposed function, declared as rocksdb/util/crc32c.h declares it (that
// header is not installed); defined in rocksdb_crc32c.cc.
namespace rocksdb::crc32c {
uint32_t Extend(uint32_t crc, const char* data, size_t size);
}  // namespace rocksdb::crc32c

namespace subledger {

// Its mangled name: dlsym(RTLD_NEXT, ...) finds the library's own definition.
inline constexpr char kRocksDbExtendSymbol[] = "_ZN7rocksdb6crc32c6ExtendEjPKcm";

// What RocksDB's CRC32C runs on: "isa-l" once librocksdb has called the
// interposed function and ISA-L passed the check; else "rocksdb" (the
// library's own: after a failed check, before any database was opened, or
// with a librocksdb that binds its calls internally). Calling it also links
// the definition above into the executable: LogDatabase::Open does.
std::string RocksDbCrc32cImplementation();

// How many times RocksDB (or anyone) called the interposed Extend: lets a test
// see that the library's calls really arrive here.
uint64_t RocksDbCrc32cCalls();

}  // namespace subledger
