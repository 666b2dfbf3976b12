// The units of the event log: what the request path extracts from a body
// (EventEnvelope), what is handed to the log (PendingEvent) and what the log
// returns (EventRecord). The persisted encoding is in docs/storage.md.
#pragma once

#include <cstdint>
#include <string>

namespace subledger {

// Position of an event in the log: 1, 2, 3, ... gap-free, in append order.
using SequenceNumber = uint64_t;
// A Stripe event id ("evt_...").
using EventId = std::string;

// How an event reached the log. Persisted as one byte: never renumber.
enum class EventSource : uint8_t {
  kWebhook = 1,   // POST /webhooks/stripe with a valid signature
  kImport = 2,    // subledger import
  kBackfill = 3,  // recovered from Stripe's GET /v1/events
  kSnapshot = 4,  // subledger.subscription.snapshot fetched from the API
};
const char* EventSourceName(EventSource s);

// The fields the log needs, extracted in one pass over the raw body
// (ExtractEnvelope). Persisted in each record's header (docs/storage.md).
struct EventEnvelope {
  EventId id;                // "id" (required, string)
  std::string type;          // "type" (required, string)
  int64_t created = 0;       // "created" (required, integer Unix seconds)
  std::string object_id;     // data.object.id, "" when absent
  std::string object_type;   // data.object.object, "" when absent
  bool livemode = false;     // "livemode", false when absent
  std::string api_version;   // "api_version", "" when absent or null
  std::string account;       // "account" (the book, spec §0), "" when absent, null or ""
};

// An event on its way into the log.
struct PendingEvent {
  EventEnvelope envelope;
  std::string body;  // raw bytes exactly as received
  EventSource source = EventSource::kWebhook;
};

// An event as stored.
struct EventRecord {
  SequenceNumber seq = 0;
  EventEnvelope envelope;
  int64_t received_at_micros = 0;  // Clock::NowUnixMicros() at append
  EventSource source = EventSource::kWebhook;
  std::string body;
};

}  // namespace subledger
