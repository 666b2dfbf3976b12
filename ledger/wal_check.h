// WAL check: finds damage in RocksDB's write-ahead log files that RocksDB's
// own recovery would silently accept.
//
// With wal_recovery_mode = kTolerateCorruptedTailRecords, RocksDB drops an
// incomplete record at the end of a WAL file (a write cut short by a crash:
// never acknowledged, so dropping it is right). But it cannot tell a torn
// tail from a record in the file's last 32 KiB block whose length field was
// damaged: both point past the end of the file, and RocksDB then stops
// reading that file without an error, dropping every acknowledged record
// after the damage.
//
// CheckWalFiles reads every `*.log` file in the directory, checks each
// physical record's length and CRC32C (the format: RocksDB's
// db/log_format.h, unchanged since LevelDB), and tells the two apart: damage
// followed by nothing but more damage is a torn tail (OK); damage followed by
// an intact record is a damaged log (kCorruption naming the file and byte).
//
// Must run while the caller holds the database's LOCK (no writer appending).
// It reads whole files: up to max_total_wal_size (docs/storage.md) of I/O and
// CRC work at open.
//
// Thread safety: stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/status.h"

namespace subledger {

// OK when every WAL file in `dir` is intact up to at most a torn tail;
// kCorruption ("WAL file D/000012.log is corrupt at byte N (checksum
// mismatch) and intact records follow it ...") otherwise; kIOError when a
// file cannot be read.
Status CheckWalFiles(const std::string& dir);

// The checks behind CheckWalFiles on one file's bytes; `name` is used in the
// message. Exposed for tests.
Status CheckWalBytes(std::string_view bytes, const std::string& name);

}  // namespace subledger
