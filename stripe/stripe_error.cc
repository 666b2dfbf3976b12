#include "stripe/stripe_error.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

namespace subledger {

namespace {

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string StringField(const nlohmann::json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

Status::Code CodeForHttpStatus(long status) {
  if (status == 400 || status == 402) return Status::Code::kInvalidArgument;
  if (status == 401 || status == 403) return Status::Code::kUnauthenticated;
  if (status == 404) return Status::Code::kNotFound;
  if (status == 409) return Status::Code::kBusy;
  if (status == 429 || (status >= 500 && status <= 599)) return Status::Code::kUnavailable;
  return Status::Code::kInternal;
}

Status MakeStatus(Status::Code code, std::string message) {
  switch (code) {
    case Status::Code::kInvalidArgument: return Status::InvalidArgument(std::move(message));
    case Status::Code::kUnauthenticated: return Status::Unauthenticated(std::move(message));
    case Status::Code::kNotFound: return Status::NotFound(std::move(message));
    case Status::Code::kBusy: return Status::Busy(std::move(message));
    case Status::Code::kUnavailable: return Status::Unavailable(std::move(message));
    default: return Status::Internal(std::move(message));
  }
}

}  // namespace

std::string RedactSecret(std::string text, std::string_view secret) {
  static constexpr std::string_view kMask = "sk_…redacted";
  if (!secret.empty()) {
    size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), kMask);
      pos += kMask.size();
    }
  }
  static constexpr std::string_view kPrefixes[] = {"sk_live_", "sk_test_", "rk_live_", "rk_test_"};
  for (std::string_view prefix : kPrefixes) {
    size_t pos = 0;
    while ((pos = text.find(prefix, pos)) != std::string::npos) {
      size_t end = pos + prefix.size();
      while (end < text.size() && IsKeyChar(text[end])) ++end;
      if (end - pos - prefix.size() >= 8) {
        text.replace(pos, end - pos, kMask);
        pos += kMask.size();
      } else {
        pos = end;
      }
    }
  }
  return text;
}

std::string HostOf(std::string_view base_url) {
  size_t scheme = base_url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? base_url : base_url.substr(scheme + 3);
  size_t at = rest.find('@');
  size_t slash = rest.find('/');
  if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) {
    rest = rest.substr(at + 1);  // never echo userinfo
    slash = rest.find('/');
  }
  return std::string(rest.substr(0, slash));
}

StripeErrorInfo ParseStripeError(long http_status, std::string_view body, std::string_view request_id) {
  StripeErrorInfo info;
  info.http_status = http_status;
  info.request_id = std::string(request_id);
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    auto it = parsed.find("error");
    if (it != parsed.end() && it->is_object()) {
      info.type = StringField(*it, "type");
      info.message = StringField(*it, "message");
      info.code = StringField(*it, "code");
      info.param = StringField(*it, "param");
      info.decline_code = StringField(*it, "decline_code");
    }
  }
  if (info.type.empty()) info.type = "api_error";
  if (info.message.empty()) {
    info.message = parsed.is_discarded() ? "HTTP " + std::to_string(http_status) + " with a non-JSON body"
                                         : "HTTP " + std::to_string(http_status) + " without an error message";
  }
  return info;
}

Status StripeErrorToStatus(const StripeErrorInfo& error, std::string_view secret_key) {
  std::string text = "Stripe " + error.type + " (HTTP " + std::to_string(error.http_status);
  if (!error.code.empty()) text += ", code " + error.code;
  if (!error.decline_code.empty()) text += ", decline_code " + error.decline_code;
  if (!error.param.empty()) text += ", param " + error.param;
  if (!error.request_id.empty()) text += ", request " + error.request_id;
  text += "): " + error.message;
  return MakeStatus(CodeForHttpStatus(error.http_status), RedactSecret(std::move(text), secret_key));
}

Status TransportErrorToStatus(std::string_view host, int curl_code, std::string_view detail,
                              std::string_view secret_key) {
  std::string text = "could not reach Stripe at " + std::string(host) + ": " +
                     curl_easy_strerror(static_cast<CURLcode>(curl_code));
  if (!detail.empty()) text += " (" + std::string(detail) + ")";
  return Status::Unavailable(RedactSecret(std::move(text), secret_key));
}

}  // namespace subledger
