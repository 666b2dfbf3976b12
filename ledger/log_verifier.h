// VerifyLog: checks the event log's invariants over a consistent snapshot.
//
//  1. every key in "events" is an 8-byte sequence number; they run 1, 2, 3...
//     with no gap;
//  2. every record decodes, its body is a valid event (ExtractEnvelope) and
//     the header stored beside it matches what the body says;
//  3. every record's event id is in "event_ids" and points at that record
//     (so no id is stored twice);
//  4. "event_ids" holds nothing else: every entry is an 8-byte sequence
//     number of an existing record holding that id.
// Returns OK or kCorruption naming the first problem found (seq and event id).
// `progress` (optional) is called every few thousand records with
// (records checked, records expected).
//
// Thread safety: read-only; safe alongside appends (uses a snapshot).
#pragma once

#include <functional>

#include "ledger/event_record.h"
#include "ledger/log_database.h"
#include "ledger/status.h"

namespace subledger {

Status VerifyLog(const LogDatabase& database, SequenceNumber last_sequence,
                 const std::function<void(uint64_t done, uint64_t total)>& progress);

}  // namespace subledger
