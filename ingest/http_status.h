// The ONE place where outcomes become HTTP status codes and response bodies.
//
// Error bodies are always JSON:  {"error":{"type":"<type>","message":"<text>"}}
// with these (stable) types:
//
//   Status::Code / outcome          HTTP  error.type
//   kInvalidArgument, kMalformed    400   invalid_request
//   kUnauthenticated (webhook)      400   signature_verification_failed
//   kStale, kStaleTimestamp         400   signature_timestamp_out_of_tolerance
//   kUnauthenticated (admin)        401   unauthenticated
//   kNotFound                       404   not_found
//   (route exists, wrong method)    405   method_not_allowed (+ Allow header)
//   kAlreadyExists                  409   conflict
//   kTooLarge                       413   payload_too_large
//   (header fields too large)       431   request_header_fields_too_large
//   kCorruption, kInternal          500   internal_error
//   kIOError, kUnavailable, kBusy   503   service_unavailable
//
// Webhook successes: 200 {"received":true}, duplicates 200
// {"received":true,"duplicate":true}. Stripe treats any non-2xx as a failed
// delivery and retries, so a 400 for a bad signature is what Stripe expects.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "ingest/webhook_observer.h"
#include "ledger/status.h"

namespace subledger {

// A complete response, as handlers produce it. The server adds framing
// headers (Content-Length, Connection, Date is not sent).
struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // value of the Allow header for 405s; empty = none
};

constexpr std::string_view kJsonContentType = "application/json";

// HTTP status for a core Status code (kOk -> 200).
int HttpStatusFor(Status::Code code);
// Error type string for a core Status code ("ok" for kOk).
std::string_view ErrorTypeFor(Status::Code code);
// {"error":{"type":...,"message":...}}
std::string JsonErrorBody(std::string_view type, std::string_view message);

// A reply for a core Status: 200 with `ok_body` when OK, else the mapped
// error code with a JSON error body carrying status.message().
HttpReply ReplyForStatus(const Status& status, std::string ok_body = "{}");
// A reply for a Result: the value (already serialized) or the mapped error.
HttpReply ReplyForResult(const Result<std::string>& result);

// HTTP status for a webhook outcome.
int HttpStatusFor(WebhookOutcome outcome);
// The full reply for a webhook outcome; `message` is used for errors.
HttpReply ReplyForWebhook(WebhookOutcome outcome, std::string_view message);

// Router and protocol-level replies.
HttpReply NotFoundReply(std::string_view path);
HttpReply MethodNotAllowedReply(std::string_view method, std::string_view path,
                                std::string_view allow);
HttpReply HeaderTooLargeReply();
// 401 for an admin request without the right bearer token (admin_access.h).
HttpReply UnauthorizedReply();
HttpReply BadHttpRequestReply(std::string_view detail);
HttpReply ServiceUnavailableReply(std::string_view detail);

// Serializes an HTTP/1.1 response (status line, Content-Type, Content-Length,
// Allow, Connection; a 401 also WWW-Authenticate: Bearer) into `out`. For
// HEAD the body is omitted but the length is that of the body.
void SerializeReply(const HttpReply& reply, bool keep_alive, bool http10_keep_alive,
                    bool head_request, std::string& out);

// Standard reason phrase ("OK", "Not Found", ...).
std::string_view ReasonPhrase(int status);

}  // namespace subledger
