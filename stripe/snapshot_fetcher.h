// Snapshot refetch: fetches an object's authoritative state from the API and
// appends it to the log as an event subledger makes itself (spec §0, §2,
// §3), so a rebuild from the log reproduces the same numbers without calling
// Stripe again -- the seed's rule "don't rely on event data alone, re-fetch
// the object".
//
// Requests (on the client's account: Stripe-Account when it has one):
//   subscription  GET /v1/subscriptions/{id}?expand[]=discounts
//                     &expand[]=items.data.price.tiers
//                 (+ &expand[]=discounts.source.coupon from API 2025-09-30 on,
//                 where a discount's coupon is otherwise only an id)
//   price         GET /v1/prices/{id}?expand[]=tiers
// Webhooks carry neither: since 2025-03-31 `discounts[]` holds only ids, and
// `tiers` is never included unless expanded.
//
// The appended event (EventSource::kSnapshot), keys in Stripe's order:
//   {"id": <SnapshotEventId>, "object": "event",
//    "account": <the connected account fetched for; absent for the platform>,
//    "api_version": <the client's Stripe-Version>,
//    "created": <fetch time, Unix seconds, from the Clock>,
//    "data": {"object": <the object exactly as fetched>},
//    "livemode": <the object's livemode>, "pending_webhooks": 0,
//    "request": null,
//    "type": "subledger.subscription.snapshot" | "subledger.price.snapshot"}
// Id rule (SnapshotEventId): "evt_snap_" + object id + "_" + decimal created,
// then "_" + account for a connected account. Deterministic: two refetches
// of one object for one account in the same second yield one event (the
// second is a duplicate and writes nothing); refetches in different seconds
// yield distinct events, the later one winning in canonical order; the same
// object id fetched for two accounts never collides.
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
inline constexpr const char* kPriceSnapshotEventType = "subledger.price.snapshot";

enum class SnapshotKind { kSubscription, kPrice };
// "subscription" / "price" (metric labels, log lines).
const char* SnapshotKindName(SnapshotKind kind);

struct SnapshotOutcome {
  EventId event_id;
  int64_t created = 0;
  SequenceNumber seq = 0;
  bool appended = false;  // false: an event with this id was already in the log
  std::string status;     // a subscription's status; a price's billing_scheme
};

// "evt_snap_<object_id>_<created>" (+ "_<account>" when account is not "").
std::string SnapshotEventId(std::string_view object_id, int64_t created, std::string_view account = "");

// "sub_" followed by 1..250 letters, digits or '_'; kInvalidArgument otherwise.
Status ValidateSubscriptionId(std::string_view subscription_id);
// A price id (price_...) or a legacy plan's own id: 1..255 letters, digits,
// '_', '-' or '.', with at least one letter or digit; kInvalidArgument otherwise.
Status ValidatePriceId(std::string_view price_id);

// The expand[] parameters of a subscription refetch at `api_version`.
FormParams SubscriptionExpansions(std::string_view api_version);

// The event body described above (compact JSON).
std::string BuildSnapshotEventBody(const nlohmann::ordered_json& object, SnapshotKind kind, int64_t created,
                                   std::string_view api_version, std::string_view account = "");

// Fetches and appends. Fails with Stripe's error (e.g. kNotFound "No such
// subscription"), kInvalidArgument for a malformed id, or kInternal when the
// response is not the requested object; nothing is appended then.
Result<SnapshotOutcome> RefetchSubscription(StripeClient* client, EventLog* log, const Clock& clock,
                                            std::string_view subscription_id);
Result<SnapshotOutcome> RefetchPrice(StripeClient* client, EventLog* log, const Clock& clock,
                                     std::string_view price_id);
Result<SnapshotOutcome> Refetch(StripeClient* client, EventLog* log, const Clock& clock, SnapshotKind kind,
                                std::string_view id);

}  // namespace subledger
