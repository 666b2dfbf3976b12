// ScanFactsParallel: the facts (EventFact) of a range of the log, read on up
// to `threads` threads — the range is cut into contiguous sub-ranges of
// sequence numbers (four per thread, taken in turn), each scanned with its
// facts extracted inline from the stored bodies (EventLog::ScanBodies: no
// body is copied) into its own part — returned as parts in sequence order
// (concatenated, they are the range in log order). Rebuild runs it over the
// whole log; the online projector over one batch (one thread unless the
// batch is large).
//
// Thread safety: reads the log only; `progress` is called under a lock.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ledger/event_log.h"
#include "projections/event_fact.h"

namespace subledger {

// (done, total) events, for progress bars.
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

Status ScanFactsParallel(const EventLog& log, SequenceNumber from, SequenceNumber to, int threads,
                         const ProgressFn& progress, FactParts* out);

// The number of facts in `parts`, and the sequence number of the last (0
// when there is none).
size_t FactCount(const FactParts& parts);
SequenceNumber LastFactSequence(const FactParts& parts);

}  // namespace subledger
