// WebhookOutcome: how one delivered webhook ended -- the one list both the
// HTTP front (ingest/: the reply, ingest/http_status.h maps each to its HTTP
// status) and the metrics (metrics/: the `result` label of
// subledger_webhook_requests_total) use.
//
// Thread safety: values and constexpr functions.
#pragma once

#include <string_view>

namespace subledger {

enum class WebhookOutcome {
  kAccepted,        // appended and durable
  kDuplicate,       // id already in the log, nothing written
  kBadSignature,    // missing/malformed Stripe-Signature or no matching v1
  kStaleTimestamp,  // signature valid but timestamp outside tolerance
  kMalformed,       // not JSON, no string id/type or integer created, or an
                    // implausible created (plausible_event.h)
  kTooLarge,        // body over the limit
  kStorageError,    // the log could not make it durable
};

// Stable lower-case names, used in logs and as metric label values.
constexpr std::string_view WebhookOutcomeName(WebhookOutcome o) {
  switch (o) {
    case WebhookOutcome::kAccepted: return "accepted";
    case WebhookOutcome::kDuplicate: return "duplicate";
    case WebhookOutcome::kBadSignature: return "bad_signature";
    case WebhookOutcome::kStaleTimestamp: return "stale_timestamp";
    case WebhookOutcome::kMalformed: return "malformed";
    case WebhookOutcome::kTooLarge: return "too_large";
    case WebhookOutcome::kStorageError: return "storage_error";
  }
  return "unknown";
}

inline constexpr WebhookOutcome kAllWebhookOutcomes[] = {
    WebhookOutcome::kAccepted,       WebhookOutcome::kDuplicate, WebhookOutcome::kBadSignature,
    WebhookOutcome::kStaleTimestamp, WebhookOutcome::kMalformed, WebhookOutcome::kTooLarge,
    WebhookOutcome::kStorageError,
};

}  // namespace subledger
