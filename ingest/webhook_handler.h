// WebhookHandler: what POST /webhooks/stripe does, independent of HTTP
// plumbing.
//
//   body size (> max_body_bytes -> kTooLarge)
//   -> Stripe-Signature (SignatureVerifier; kBadSignature / kStaleTimestamp)
//   -> ExtractPlausibleEnvelope, the one cheap validating pass and the log's
//      door rule (a plausible `created`, revenue model v2 §1) (kMalformed)
//   -> EventLog::AppendAsync
//   -> kAccepted / kDuplicate once the log reports the batch durable,
//      kStorageError when it cannot.
//
// A rejected request never reaches the log, so bad input changes nothing.
// The body is never parsed into a DOM here; the projector reads it later.
//
// Thread safety: Handle and RejectTooLarge may be called from any thread
// concurrently. The log, verifier, clock and observer must outlive the
// handler and every pending `done` callback.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/signature_verifier.h"
#include "ingest/webhook_observer.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"

namespace subledger {

// The public reply says `message`; `detail` (e.g. RocksDB's error with the
// data directory's path) goes to the log only: the public listener never
// tells an unauthenticated client about the machine.
inline constexpr std::string_view kStorageErrorMessage = "event log unavailable; retry later";

struct WebhookResult {
  WebhookOutcome outcome = WebhookOutcome::kAccepted;
  std::string message;     // why it failed, for the client; empty on success
  std::string detail;      // more about a storage error, for the log only
  std::string event_id;    // "" when the envelope was never extracted
  std::string event_type;  // ditto
  SequenceNumber seq = 0;  // the event's sequence number when accepted/duplicate
  int64_t received_nanos = 0;  // Clock::MonotonicNanos() when the request was read
};

class WebhookHandler {
 public:
  static constexpr size_t kDefaultMaxBodyBytes = 1 << 20;  // 1 MiB

  // `verifier` == nullptr disables signature checks (--insecure-skip-signature).
  WebhookHandler(EventLog& log, const SignatureVerifier* verifier, const Clock& clock,
                 size_t max_body_bytes = kDefaultMaxBodyBytes);

  // Not owned; may be null. Set before serving requests.
  void SetObserver(WebhookObserver* observer) { observer_ = observer; }
  // When false, only failures are logged (--quiet). Set before serving.
  void SetLogSuccesses(bool log_successes) { log_successes_ = log_successes; }
  size_t max_body_bytes() const { return max_body_bytes_; }

  // Validates and, if valid, queues the append. The handler owns completion:
  // it records the outcome (observer, one JSON log line) and then runs `done`
  // exactly once -- before Handle returns when the request is rejected, or
  // later on the log's committer thread once the outcome is durable (or
  // failed). `done` only answers the client: it must be cheap and must not
  // block (post the result to your own executor).
  void Handle(std::string_view signature_header, std::string body, int64_t received_nanos,
              std::function<void(WebhookResult)> done);

  // A body over the limit that the HTTP session refused while reading it
  // (the parser enforces max_body_bytes()): records the kTooLarge outcome and
  // returns it. Its message is "body of N bytes is over the L-byte limit", or
  // without N when the length is unknown (a chunked body that grew past it).
  WebhookResult RejectTooLarge(std::optional<uint64_t> bytes, int64_t received_nanos) const;
  // That message alone (for a body over the limit on another path).
  std::string TooLargeMessage(std::optional<uint64_t> bytes) const;

 private:
  WebhookResult TooLarge(std::optional<uint64_t> bytes, int64_t received_nanos) const;
  // Notifies the observer and writes one JSON log line (event id, type,
  // result, status, latency, error and detail; never the body or the secret).
  void Record(const WebhookResult& result) const;

  EventLog& log_;
  const SignatureVerifier* verifier_;
  const Clock& clock_;
  size_t max_body_bytes_;
  WebhookObserver* observer_ = nullptr;
  bool log_successes_ = true;
};

}  // namespace subledger
