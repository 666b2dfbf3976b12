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
// A writer then cuts each file at its torn tail (WalTails::kCut): RocksDB
// drops a tail that ends the file mid-record by itself, but a tail that is
// whole in length with zeros or stale bytes inside (a crash on a file system
// that kept the file's new size, not all of its data: no journal, or a
// preallocated file) it calls corruption, and refuses to open. What is cut
// was never acknowledged: an acknowledged append was synced, so it is intact.
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
#include <vector>

#include "ledger/status.h"

namespace subledger {

enum class WalTails {
  kKeep,  // a reader: change nothing
  kCut,   // a writer: cut each file at its torn tail, synced
};

// OK when every WAL file in `dir` is intact up to at most a torn tail;
// kCorruption ("WAL file D/000012.log is corrupt at byte N (checksum
// mismatch) and intact records follow it ...") otherwise, and nothing is
// cut; kIOError when a file cannot be read or cut. With kCut, appends a line
// per file cut to *cut ("D/000012.log: cut 1234 bytes at byte 65536 (checksum
// mismatch)").
Status CheckWalFiles(const std::string& dir, WalTails tails = WalTails::kKeep,
                     std::vector<std::string>* cut = nullptr);

// The checks behind CheckWalFiles on one file's bytes; `name` is used in the
// message. Exposed for tests. *torn_at, when given, receives where the torn
// tail starts (bytes.size() when there is none) and *why what is wrong there.
Status CheckWalBytes(std::string_view bytes, const std::string& name, size_t* torn_at = nullptr,
                     const char** why = nullptr);

}  // namespace subledger
