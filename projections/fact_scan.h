// ScanFactsParallel: the facts (EventFact) of a range of the log, read on up
// to `threads` threads — each thread scans its own contiguous range of
// sequence numbers and extracts facts inline (no record copies) — returned
// in sequence order. Rebuild runs it over the whole log; the online
// projector over one batch (one thread unless the batch is large).
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
                         const ProgressFn& progress, std::vector<EventFact>* out);

}  // namespace subledger
