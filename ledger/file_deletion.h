// FileDeletion: how a writer of the event log deletes the WAL and SST files
// RocksDB no longer needs (ledger/log_database.cc, docs/storage.md "Tuning").
#pragma once

namespace subledger {

// How a writer deletes obsolete WAL and SST files (docs/storage.md "Tuning").
enum class FileDeletion {
  kImmediate,  // one unlink each, as RocksDB does by default (bulk writers: import, rebuild)
  kPaced,      // truncated 2 MiB at a time, at most 512 MiB/s, by RocksDB's delete
               // scheduler: a writer whose every WAL fdatasync an unlink of tens of MiB
               // would stall (subledgerd)
};

}  // namespace subledger
