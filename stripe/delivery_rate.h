// Webhook delivery rate: of the Stripe events known for a time window, the
// share that arrived by webhook.
//
//   rate = webhook / (webhook + import + backfill)
//
// counted over events whose envelope `created` (event time) lies in
// [from, to). Snapshot events (EventSource::kSnapshot) are subledger's own
// fetches, not Stripe events a webhook could have delivered, so they are
// counted but kept out of the rate. Events present in the log are counted
// once each (the log is distinct by id), so duplicate deliveries never
// inflate the rate. The rate is undefined (nullopt) when the window holds no
// Stripe events.
//
// DeliveryCounter accumulates incrementally (a metrics exporter can feed it
// each committed record); CountEventsBySource scans the whole log.
//
// Thread safety: DeliveryCounter is a value (not synchronised);
// CountEventsBySource is as thread-safe as EventLog::Scan.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "ledger/event_log.h"
#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger {

struct SourceCounts {
  uint64_t webhook = 0;
  uint64_t import = 0;
  uint64_t backfill = 0;
  uint64_t snapshot = 0;

  uint64_t stripe_events() const { return webhook + import + backfill; }
  // webhook / stripe_events(), or nullopt when there are none.
  std::optional<double> WebhookDeliveryRate() const;
};

class DeliveryCounter {
 public:
  // Window [from, to) on envelope.created (Unix seconds).
  DeliveryCounter(int64_t created_from = std::numeric_limits<int64_t>::min(),
                  int64_t created_to = std::numeric_limits<int64_t>::max())
      : from_(created_from), to_(created_to) {}

  void Add(const EventRecord& record);
  const SourceCounts& counts() const { return counts_; }

 private:
  int64_t from_, to_;
  SourceCounts counts_;
};

// Scans the log once and counts events by source for the window [from, to).
Result<SourceCounts> CountEventsBySource(const EventLog& log, int64_t created_from, int64_t created_to);

// The same counts for a recent window, reading only the tail of the log: an
// event created at time T cannot have been received before T - slack (slack
// covers clock skew between Stripe and this host), and the log is in receipt
// order, so the scan starts at the first record received at or after
// created_from - slack (found by binary search on received_at). For the
// daemon's periodic gauge; equal to CountEventsBySource whenever no event was
// received more than `slack_seconds` before its `created`.
Result<SourceCounts> CountRecentEventsBySource(const EventLog& log, int64_t created_from, int64_t created_to,
                                               int64_t slack_seconds = 86400);

// For `report`: {"webhook": n, "import": n, "backfill": n, "snapshot": n,
//  "webhook_delivery_rate": rate or null} in this key order.
nlohmann::ordered_json DeliveryRateJson(const SourceCounts& counts);

// The first sequence number whose received_at is >= `unix_micros` (assuming
// received_at grows with the sequence number), or LastSequence() + 1.
Result<SequenceNumber> FirstSequenceReceivedAtOrAfter(const EventLog& log, int64_t unix_micros);

}  // namespace subledger
