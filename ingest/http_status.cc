#include "ingest/http_status.h"

#include <charconv>

#include "ingest/json_log.h"
#include "ledger/json_writer.h"

namespace subledger {
namespace {

void AppendNumber(std::string& out, uint64_t n) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<size_t>(end - buf));
}

}  // namespace

int HttpStatusFor(Status::Code code) {
  using C = Status::Code;
  switch (code) {
    case C::kOk: return 200;
    case C::kInvalidArgument: return 400;
    case C::kStale: return 400;
    case C::kUnauthenticated: return 401;
    case C::kNotFound: return 404;
    case C::kAlreadyExists: return 409;
    case C::kTooLarge: return 413;
    case C::kCorruption: return 500;
    case C::kInternal: return 500;
    case C::kIOError: return 503;
    case C::kBusy: return 503;
    case C::kUnavailable: return 503;
  }
  return 500;
}

std::string_view ErrorTypeFor(Status::Code code) {
  using C = Status::Code;
  switch (code) {
    case C::kOk: return "ok";
    case C::kInvalidArgument: return "invalid_request";
    case C::kStale: return "signature_timestamp_out_of_tolerance";
    case C::kUnauthenticated: return "unauthenticated";
    case C::kNotFound: return "not_found";
    case C::kAlreadyExists: return "conflict";
    case C::kTooLarge: return "payload_too_large";
    case C::kCorruption: return "internal_error";
    case C::kInternal: return "internal_error";
    case C::kIOError: return "service_unavailable";
    case C::kBusy: return "service_unavailable";
    case C::kUnavailable: return "service_unavailable";
  }
  return "internal_error";
}

std::string JsonErrorBody(std::string_view type, std::string_view message) {
  JsonWriter body(-1);
  body.BeginObject();
  body.Key("error");
  body.BeginObject();
  body.Key("type");
  body.String(type);
  body.Key("message");
  body.String(message);
  body.EndObject();
  body.EndObject();
  return body.Take();
}

HttpReply ReplyForStatus(const Status& status, std::string ok_body) {
  HttpReply reply;
  reply.status = HttpStatusFor(status.code());
  reply.body = status.ok() ? std::move(ok_body)
                           : JsonErrorBody(ErrorTypeFor(status.code()), status.message());
  return reply;
}

HttpReply ReplyForResult(const Result<std::string>& result) {
  if (result.ok()) return ReplyForStatus(Status::Ok(), result.value());
  return ReplyForStatus(result.status());
}

int HttpStatusFor(WebhookOutcome outcome) {
  switch (outcome) {
    case WebhookOutcome::kAccepted: return 200;
    case WebhookOutcome::kDuplicate: return 200;
    case WebhookOutcome::kBadSignature: return 400;
    case WebhookOutcome::kStaleTimestamp: return 400;
    case WebhookOutcome::kMalformed: return 400;
    case WebhookOutcome::kTooLarge: return 413;
    case WebhookOutcome::kStorageError: return 503;
  }
  return 500;
}

HttpReply ReplyForWebhook(WebhookOutcome outcome, std::string_view message) {
  HttpReply reply;
  reply.status = HttpStatusFor(outcome);
  switch (outcome) {
    case WebhookOutcome::kAccepted:
      reply.body = R"({"received":true})";
      break;
    case WebhookOutcome::kDuplicate:
      reply.body = R"({"received":true,"duplicate":true})";
      break;
    case WebhookOutcome::kBadSignature:
      reply.body = JsonErrorBody("signature_verification_failed", message);
      break;
    case WebhookOutcome::kStaleTimestamp:
      reply.body = JsonErrorBody("signature_timestamp_out_of_tolerance", message);
      break;
    case WebhookOutcome::kMalformed:
      reply.body = JsonErrorBody("invalid_request", message);
      break;
    case WebhookOutcome::kTooLarge:
      reply.body = JsonErrorBody("payload_too_large", message);
      break;
    case WebhookOutcome::kStorageError:
      reply.body = JsonErrorBody("service_unavailable", message);
      break;
  }
  return reply;
}

HttpReply NotFoundReply(std::string_view path) {
  HttpReply reply;
  reply.status = 404;
  reply.body = JsonErrorBody("not_found", "no route for " + std::string(path.substr(0, 256)));
  return reply;
}

HttpReply MethodNotAllowedReply(std::string_view method, std::string_view path,
                                std::string_view allow) {
  HttpReply reply;
  reply.status = 405;
  reply.body = JsonErrorBody("method_not_allowed", std::string(method.substr(0, 32)) +
                                                       " not allowed on " +
                                                       std::string(path.substr(0, 256)) +
                                                       "; allowed: " + std::string(allow));
  reply.allow = std::string(allow);
  return reply;
}

HttpReply UnauthorizedReply() {
  HttpReply reply;
  reply.status = 401;
  reply.body = JsonErrorBody("unauthenticated",
                             "this admin listener needs \"Authorization: Bearer <token>\" with the "
                             "token from subledgerd's --admin-token-file");
  return reply;
}

HttpReply HeaderTooLargeReply() {
  HttpReply reply;
  reply.status = 431;
  reply.body = JsonErrorBody("request_header_fields_too_large",
                             "request header exceeds the configured limit");
  return reply;
}

HttpReply BadHttpRequestReply(std::string_view detail) {
  HttpReply reply;
  reply.status = 400;
  reply.body = JsonErrorBody("invalid_request", "malformed HTTP request: " + std::string(detail));
  return reply;
}

HttpReply ServiceUnavailableReply(std::string_view detail) {
  HttpReply reply;
  reply.status = 503;
  reply.body = JsonErrorBody("service_unavailable", detail);
  return reply;
}

void SerializeReply(const HttpReply& reply, bool keep_alive, bool http10_keep_alive,
                    bool head_request, std::string& out) {
  out.clear();
  out.append("HTTP/1.1 ");
  AppendNumber(out, static_cast<uint64_t>(reply.status));
  out.push_back(' ');
  out.append(ReasonPhrase(reply.status));
  out.append("\r\nContent-Type: ");
  out.append(reply.content_type.empty() ? kJsonContentType : reply.content_type);
  out.append("\r\nContent-Length: ");
  AppendNumber(out, reply.body.size());
  if (!reply.allow.empty()) {
    out.append("\r\nAllow: ");
    out.append(reply.allow);
  }
  if (reply.status == 401) out.append("\r\nWWW-Authenticate: Bearer realm=\"subledger-admin\"");
  if (!keep_alive) {
    out.append("\r\nConnection: close");
  } else if (http10_keep_alive) {
    out.append("\r\nConnection: keep-alive");
  }
  out.append("\r\n\r\n");
  if (!head_request) out.append(reply.body);
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  if (status >= 200 && status < 300) return "OK";
  if (status >= 400 && status < 500) return "Client Error";
  return "Server Error";
}

}  // namespace subledger
