// Snapshot refetch: fetches a subscription's authoritative state from the
// API and appends it to the log as a `subledger.subscription.snapshot`
// event (spec §2), so a rebuild from the log reproduces the same numbers
// without calling Stripe again.
//
// Request: GET /v1/subscriptions/{id}?expand[]=discounts (discounts as full
// objects, not ids -- what webhooks cannot give from API 2025-03-31 on).
//
// The appended event (EventSource::kSnapshot):
//   {"id": "evt_snap_<subscription id>_<created>", "object": "event",
//    "api_version": <the client's pinned Stripe-Version>,
//    "created": <fetch time, Unix seconds, from the Clock>,
//    "data": {"object": <the subscription exactly as fetched>},
//    "livemode": <the subscription's livemode>, "pending_webhooks": 0,
//    "request": null, "type": "subledger.subscription.snapshot"}
// Id rule: "evt_snap_" + subscription id + "_" + decimal created. Two
// refetches of one subscription in the same second therefore yield one event
// (the second is a duplicate and writes nothing); refetches in different
// seconds yield distinct events, the later one winning in canonical order.
//
// Thread safety: uses the caller's client (one thread); the log is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/status.h"
#include "stripe/stripe_client.h"

namespace subledger {

inline constexpr const char* kSnapshotEventType = "subledger.subscription.snapshot";

struct SnapshotOutcome {
  EventId event_id;
  int64_t created = 0;
  SequenceNumber seq = 0;
  bool appended = false;  // false: an event with this id was already in the log
  std::string status;     // the subscription's status as fetched
};

// "evt_snap_<subscription_id>_<created>".
std::string SnapshotEventId(std::string_view subscription_id, int64_t created);

// "sub_" followed by 1..250 letters, digits or '_'; kInvalidArgument otherwise.
Status ValidateSubscriptionId(std::string_view subscription_id);

// The event body described above (compact JSON).
std::string BuildSnapshotEventBody(const nlohmann::ordered_json& subscription, int64_t created,
                                   std::string_view api_version);

// Fetches and appends. Fails with Stripe's error (e.g. kNotFound "No such
// subscription"), kInvalidArgument for a malformed id, or kInternal when the
// response is not the requested subscription; nothing is appended then.
Result<SnapshotOutcome> RefetchSubscription(StripeClient* client, EventLog* log, const Clock& clock,
                                            std::string_view subscription_id);

}  // namespace subledger
