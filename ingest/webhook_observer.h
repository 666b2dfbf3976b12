// WebhookObserver: the hook through which the daemon's metrics count how
// each POST /webhooks/stripe ended (ledger/webhook_outcome.h).
//
// Thread safety: OnWebhook is called on the HTTP server's I/O threads, possibly
// several at once; implementations must be thread-safe and must not block.
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/webhook_outcome.h"

namespace subledger {

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
