#include "ingest/webhook_handler.h"

#include <utility>

#include "ingest/http_status.h"
#include "ingest/json_log.h"
#include "ledger/plausible_event.h"

namespace subledger {

WebhookHandler::WebhookHandler(EventLog& log, const SignatureVerifier* verifier,
                               const Clock& clock, size_t max_body_bytes)
    : log_(log), verifier_(verifier), clock_(clock), max_body_bytes_(max_body_bytes) {}

WebhookResult WebhookHandler::TooLarge(std::optional<uint64_t> bytes, int64_t received_nanos) const {
  WebhookResult r;
  r.outcome = WebhookOutcome::kTooLarge;
  r.message = TooLargeMessage(bytes);
  r.received_nanos = received_nanos;
  return r;
}

std::string WebhookHandler::TooLargeMessage(std::optional<uint64_t> bytes) const {
  return (bytes ? "body of " + std::to_string(*bytes) + " bytes" : std::string("body")) + " is over the " +
         std::to_string(max_body_bytes_) + "-byte limit";
}

WebhookResult WebhookHandler::RejectTooLarge(std::optional<uint64_t> bytes, int64_t received_nanos) const {
  WebhookResult result = TooLarge(bytes, received_nanos);
  Record(result);
  return result;
}

void WebhookHandler::Handle(std::string_view signature_header, std::string body,
                            int64_t received_nanos, std::function<void(WebhookResult)> answer) {
  // Every path below ends in `done`: record the outcome, then answer.
  auto done = [this, answer = std::move(answer)](WebhookResult result) {
    Record(result);
    answer(std::move(result));
  };
  if (body.size() > max_body_bytes_) {
    done(TooLarge(body.size(), received_nanos));
    return;
  }

  if (verifier_ != nullptr) {
    const Status verified = verifier_->Verify(signature_header, body);
    if (!verified.ok()) {
      WebhookResult r;
      r.outcome = verified.code() == Status::Code::kStale ? WebhookOutcome::kStaleTimestamp
                                                          : WebhookOutcome::kBadSignature;
      r.message = verified.message();
      r.received_nanos = received_nanos;
      done(std::move(r));
      return;
    }
  }

  Result<EventEnvelope> envelope = ExtractPlausibleEnvelope(body, clock_);
  if (!envelope.ok()) {
    WebhookResult r;
    r.outcome = WebhookOutcome::kMalformed;
    r.message = envelope.status().message();
    r.received_nanos = received_nanos;
    done(std::move(r));
    return;
  }

  WebhookResult pending;
  pending.event_id = envelope->id;
  pending.event_type = envelope->type;
  pending.received_nanos = received_nanos;

  PendingEvent event;
  event.envelope = std::move(envelope).value();
  event.body = std::move(body);
  event.source = EventSource::kWebhook;

  log_.AppendAsync(std::move(event), [pending = std::move(pending), done = std::move(done)](
                                         Result<AppendOutcome> appended) mutable {
    if (appended.ok()) {
      pending.outcome = appended->kind == AppendOutcome::Kind::kDuplicate
                            ? WebhookOutcome::kDuplicate
                            : WebhookOutcome::kAccepted;
      pending.seq = appended->seq;
    } else {
      pending.outcome = WebhookOutcome::kStorageError;
      pending.message = kStorageErrorMessage;
      pending.detail = appended.status().ToString();
    }
    done(std::move(pending));
  });
}

void WebhookHandler::Record(const WebhookResult& result) const {
  const int64_t latency = clock_.MonotonicNanos() - result.received_nanos;
  if (observer_ != nullptr) observer_->OnWebhook(result.outcome, result.event_type, latency);

  const WebhookOutcome o = result.outcome;
  const bool success = o == WebhookOutcome::kAccepted || o == WebhookOutcome::kDuplicate;
  if (success && !log_successes_) return;
  JsonLogLine line(success ? "info" : (o == WebhookOutcome::kStorageError ? "error" : "warn"),
                   "webhook");
  if (!result.event_id.empty()) line.Str("event_id", result.event_id);
  if (!result.event_type.empty()) line.Str("type", result.event_type);
  line.Str("result", WebhookOutcomeName(o)).Int("status", HttpStatusFor(o));
  if (result.seq != 0) line.Int("seq", static_cast<int64_t>(result.seq));
  line.Int("latency_us", latency / 1000);
  if (!result.message.empty()) line.Str("error", result.message);
  if (!result.detail.empty()) line.Str("detail", result.detail);
}

}  // namespace subledger
