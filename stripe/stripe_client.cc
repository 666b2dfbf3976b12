#include "stripe/stripe_client.h"

#include <curl/curl.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <random>

#include "stripe/stripe_error.h"

#ifndef SUBLEDGER_VERSION
#define SUBLEDGER_VERSION "dev"
#endif

namespace subledger {

namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string TrimWs(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Transport failures that no retry can fix.
bool IsPermanentCurlError(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_WRITE_ERROR:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_ABORTED_BY_CALLBACK:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string FormEncode(const FormParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncode(name);
    out.push_back('=');
    out += PercentEncode(value);
  }
  return out;
}

std::string NewIdempotencyKey() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    std::random_device rd;  // OpenSSL's generator failing is extraordinary; still never reuse a key
    for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  }
  static const char* kHex = "0123456789abcdef";
  std::string key = "subledger-";
  for (unsigned char b : bytes) {
    key.push_back(kHex[b >> 4]);
    key.push_back(kHex[b & 15]);
  }
  return key;
}

Status ValidateIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) {
    return Status::InvalidArgument("idempotency key: must be 1 to 255 characters");
  }
  for (unsigned char c : key) {
    if (c <= 0x20 || c >= 0x7f) {
      return Status::InvalidArgument("idempotency key: printable ASCII without spaces only");
    }
  }
  return Status::Ok();
}

struct StripeClient::RawResponse {
  CURLcode code = CURLE_OK;
  char errbuf[CURL_ERROR_SIZE] = {0};
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  size_t max_bytes = 0;
  bool too_large = false;
};

namespace {

size_t WriteBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* out = static_cast<std::string*>(user);
  size_t n = size * nmemb;
  out->append(data, n);
  return n;
}

}  // namespace

StripeClient::StripeClient(StripeClientOptions options, Sleeper* sleeper)
    : options_(std::move(options)),
      sleeper_(sleeper),
      retry_policy_(options_.retry, options_.jitter_seed != 0 ? options_.jitter_seed : std::random_device{}()) {
  GlobalInitOnce();
  curl_ = curl_easy_init();
  host_ = HostOf(options_.api_base);
}

StripeClient::~StripeClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::optional<bool> StripeClient::key_livemode() const { return KeyLivemode(options_.secret_key); }

StripeClientStats StripeClient::stats() const {
  StripeClientStats s;
  s.attempts = attempts_.load();
  s.retries = retries_.load();
  s.transport_errors = transport_errors_.load();
  s.http_errors = http_errors_.load();
  return s;
}

Result<nlohmann::ordered_json> StripeClient::Get(std::string_view path, const FormParams& query) {
  return Send("GET", path, FormEncode(query), "", "");
}

Result<nlohmann::ordered_json> StripeClient::Post(std::string_view path, const FormParams& form,
                                                  std::string_view idempotency_key) {
  std::string key = idempotency_key.empty() ? NewIdempotencyKey() : std::string(idempotency_key);
  Status valid = ValidateIdempotencyKey(key);
  if (!valid.ok()) return valid;
  return Send("POST", path, "", FormEncode(form), key);
}

void StripeClient::PerformOnce(const char* method, const std::string& url, const std::string& form,
                               const std::string& idempotency_key, RawResponse* out) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the live connection cache
  struct HeaderSink {
    RawResponse* response;
    static size_t Collect(char* data, size_t size, size_t nmemb, void* user) {
      auto* sink = static_cast<HeaderSink*>(user);
      size_t n = size * nmemb;
      std::string_view line(data, n);
      if (line.rfind("HTTP/", 0) == 0) {
        sink->response->headers.clear();  // a new response (after 100 Continue or a redirect)
      } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
        sink->response->headers[Lower(std::string(line.substr(0, colon)))] = TrimWs(line.substr(colon + 1));
      }
      return n;
    }
  } header_sink{out};
  struct BodySink {
    RawResponse* response;
    static size_t Collect(char* data, size_t size, size_t nmemb, void* user) {
      auto* sink = static_cast<BodySink*>(user);
      size_t n = size * nmemb;
      if (sink->response->body.size() + n > sink->response->max_bytes) {
        sink->response->too_large = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
      }
      return WriteBody(data, size, nmemb, &sink->response->body);
    }
  } body_sink{out};

  std::string auth = "Authorization: Bearer " + options_.secret_key;
  std::string version = "Stripe-Version: " + options_.stripe_version;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, version.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  std::string account;
  if (!options_.stripe_account.empty()) {
    account = "Stripe-Account: " + options_.stripe_account;
    headers = curl_slist_append(headers, account.c_str());
  }
  std::string idem;
  if (std::string_view(method) == "POST") {
    idem = "Idempotency-Key: " + idempotency_key;
    headers = curl_slist_append(headers, idem.c_str());
    headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
  }
  std::fill(auth.begin(), auth.end(), '\0');

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "subledger/" SUBLEDGER_VERSION);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, out->errbuf);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &HeaderSink::Collect);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &header_sink);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &BodySink::Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body_sink);
  struct AbortHook {
    static int Check(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
      return (*static_cast<std::function<bool()>*>(user))() ? 1 : 0;
    }
  };
  if (abort_) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &AbortHook::Check);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &abort_);
  }
  if (std::string_view(method) == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  out->code = curl_easy_perform(curl);
  if (out->code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  // The slist holds the key: wipe it before freeing.
  for (curl_slist* h = headers; h != nullptr; h = h->next) {
    std::fill(h->data, h->data + std::char_traits<char>::length(h->data), '\0');
  }
  curl_slist_free_all(headers);
}

Result<nlohmann::ordered_json> StripeClient::Send(const char* method, std::string_view path,
                                                  const std::string& query, const std::string& form,
                                                  const std::string& idempotency_key) {
  if (curl_ == nullptr) return Status::Internal("Stripe client: curl_easy_init failed");
  if (path.empty() || path.front() != '/') {
    return Status::InvalidArgument("Stripe request path '" + std::string(path) + "': must start with '/'");
  }
  std::string url = options_.api_base + std::string(path);
  if (!query.empty()) url += "?" + query;
  for (int attempt = 1;; ++attempt) {
    if (abort_ && abort_()) return Status::Unavailable(std::string(method) + " " + std::string(path) + ": aborted");
    if (gate_) gate_();
    RawResponse response;
    response.max_bytes = options_.max_response_bytes;
    ++attempts_;
    if (attempt > 1) ++retries_;
    PerformOnce(method, url, form, idempotency_key, &response);

    AttemptOutcome outcome;
    Status failure;
    if (response.code != CURLE_OK) {
      ++transport_errors_;
      outcome.transport_error = true;
      outcome.transport_error_permanent = IsPermanentCurlError(response.code);
      if (response.too_large) {
        failure = Status::Internal("Stripe response from " + host_ + " is larger than " +
                                   std::to_string(options_.max_response_bytes) + " bytes");
      } else {
        failure = TransportErrorToStatus(host_, response.code, response.errbuf, options_.secret_key);
      }
    } else if (response.status >= 200 && response.status <= 299) {
      nlohmann::ordered_json parsed =
          nlohmann::ordered_json::parse(response.body, nullptr, /*allow_exceptions=*/false);
      if (parsed.is_discarded()) {
        return Status::Internal("Stripe returned HTTP " + std::to_string(response.status) + " for " +
                                std::string(method) + " " + std::string(path) + " with a body that is not JSON");
      }
      return parsed;
    } else {
      ++http_errors_;
      outcome.http_status = response.status;
      auto h = response.headers.find("stripe-should-retry");
      if (h != response.headers.end()) {
        if (h->second == "true") outcome.stripe_should_retry = true;
        if (h->second == "false") outcome.stripe_should_retry = false;
      }
      h = response.headers.find("retry-after");
      if (h != response.headers.end()) outcome.retry_after = ParseRetryAfter(h->second);
      std::string request_id;
      if (auto r = response.headers.find("request-id"); r != response.headers.end()) request_id = r->second;
      failure = StripeErrorToStatus(ParseStripeError(response.status, response.body, request_id),
                                    options_.secret_key);
    }
    std::optional<std::chrono::milliseconds> delay = retry_policy_.NextDelay(attempt, outcome);
    if (!delay) {
      if (attempt > 1 && RetryPolicy::IsRetryable(outcome)) {
        return failure.WithContext(std::string(method) + " " + std::string(path) + " failed after " +
                                   std::to_string(attempt) + " attempts");
      }
      return failure;
    }
    if (observer_) {
      RetryNotice notice;
      notice.method = method;
      notice.path = std::string(path);
      notice.attempt = attempt;
      notice.delay = *delay;
      notice.reason = failure.message();
      observer_(notice);
    }
    sleeper_->SleepFor(*delay);
  }
}

}  // namespace subledger
