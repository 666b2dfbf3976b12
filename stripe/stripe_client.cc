#include "stripe/stripe_client.h"

#include <curl/curl.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <random>

#include "ledger/ascii.h"
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

// libcurl's header callback: the headers of the last response (after a
// 100 Continue or a redirect there is a new one), names lower-cased.
size_t CollectHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  const size_t n = size * nmemb;
  const std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    (*headers)[AsciiLower(std::string(line.substr(0, colon)))] = TrimWs(line.substr(colon + 1));
  }
  return n;
}

struct BodyLimit {
  std::string* body;
  size_t max_bytes;
  bool* too_large;
};

// libcurl's body callback: past the limit it flags the response and aborts
// the transfer (CURLE_WRITE_ERROR).
size_t CollectBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* limit = static_cast<BodyLimit*>(user);
  if (limit->body->size() + size * nmemb > limit->max_bytes) {
    *limit->too_large = true;
    return 0;
  }
  return WriteBody(data, size, nmemb, limit->body);
}

int CheckAbort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return (*static_cast<std::function<bool()>*>(user))() ? 1 : 0;
}

// The request's headers. The key's line is in the list: free it with FreeWiped.
curl_slist* RequestHeaders(const StripeClientOptions& options, bool post, const std::string& idempotency_key) {
  std::string auth = "Authorization: Bearer " + options.secret_key;
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  std::fill(auth.begin(), auth.end(), '\0');
  headers = curl_slist_append(headers, ("Stripe-Version: " + options.stripe_version).c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  if (!options.stripe_account.empty()) {
    headers = curl_slist_append(headers, ("Stripe-Account: " + options.stripe_account).c_str());
  }
  if (post) {
    headers = curl_slist_append(headers, ("Idempotency-Key: " + idempotency_key).c_str());
    headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
  }
  return headers;
}

// Wipes every header (one holds the key) before freeing the list.
void FreeWiped(curl_slist* headers) {
  for (curl_slist* h = headers; h != nullptr; h = h->next) {
    std::fill(h->data, h->data + std::char_traits<char>::length(h->data), '\0');
  }
  curl_slist_free_all(headers);
}

// Where, with what and how patiently: everything but the callbacks.
void SetTransferOptions(CURL* curl, const std::string& url, curl_slist* headers, const StripeClientOptions& o) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "subledger/" SUBLEDGER_VERSION);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(o.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
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
  const bool post = std::string_view(method) == "POST";
  curl_slist* headers = RequestHeaders(options_, post, idempotency_key);
  BodyLimit body{&out->body, out->max_bytes, &out->too_large};
  SetTransferOptions(curl, url, headers, options_);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, out->errbuf);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out->headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  if (abort_) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &CheckAbort);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &abort_);
  }
  if (post) {
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
  FreeWiped(headers);
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
