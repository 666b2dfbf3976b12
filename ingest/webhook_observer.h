// WebhookOutcome: how one POST /webhooks/stripe ended; WebhookObserver: the
// hook through which the metrics layer counts them.
//
// Thread safety: OnWebhook is called on the HTTP server's I/O threads, possibly
// several at once; implementations must be thread-safe and must not block.
#pragma once

#include <cstdint>
#include <string_view>

namespace subledger {

enum class WebhookOutcome {
  kAccepted,        // appended and durable -> 200 {"received":true}
  kDuplicate,       // id already in the log, nothing written -> 200 duplicate
  kBadSignature,    // missing/malformed header or no matching v1 -> 400
  kStaleTimestamp,  // signature valid but timestamp outside tolerance -> 400
  kMalformed,       // not JSON, no string id/type or integer created, or an
                    // implausible created (plausible_event.h) -> 400
  kTooLarge,        // body over the limit -> 413
  kStorageError,    // the log could not make it durable -> 503
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

class WebhookObserver {
 public:
  virtual ~WebhookObserver() = default;
  // `event_type` is the envelope's "type", or "" when the body was never
  // parsed (signature/size failures) or was malformed. `latency_nanos` runs
  // from the complete request having been read to the response being ready
  // (for accepted events: including the fsync wait).
  virtual void OnWebhook(WebhookOutcome outcome, std::string_view event_type,
                         int64_t latency_nanos) = 0;
};

}  // namespace subledger
