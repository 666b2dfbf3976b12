// LogTail: what an open needs to know about the end of the log, and the
// cheap invariants checked before a writer appends after it.
//
// ReadLogTail reads the last record (one SeekToLast) and its `created`.
// CheckOpenInvariants then checks, with a handful of point reads, what a
// damaged data directory typically breaks without RocksDB noticing (a
// MANIFEST cut so that the version listing the oldest SST files is lost, a
// family's files gone):
//   * the first record is sequence 1 when the log is not empty;
//   * the last record's event id is in the index and points at it;
//   * the first record's event id is in the index and points at it.
// Each failure is kCorruption naming the problem and "run subledger verify";
// the full check (every record, every index entry) is Verify.
//
// Thread safety: reads only; safe from any thread while the database is open.
#pragma once

#include <cstdint>

#include "ledger/event_record.h"
#include "ledger/log_database.h"
#include "ledger/status.h"

namespace subledger {

struct LogTail {
  SequenceNumber last_seq = 0;  // 0: the log is empty
  int64_t last_created = 0;     // the last record's `created`
};

// kCorruption when the last key or record does not decode.
Result<LogTail> ReadLogTail(const LogDatabase& db);

// OK, or kCorruption naming the broken invariant. `tail` from ReadLogTail.
Status CheckOpenInvariants(const LogDatabase& db, const LogTail& tail);

}  // namespace subledger
