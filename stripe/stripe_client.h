// StripeClient: one connection to the Stripe API over libcurl.
//
// Every request carries `Authorization: Bearer <secret key>` and the pinned
// `Stripe-Version`, and, while an account is set (Connect), `Stripe-Account:
// acct_...` so that it acts on that connected account; POSTs are form-encoded and carry an `Idempotency-Key`
// that is the same on every retry of that call. One curl easy handle is
// reused for every request, so the TCP/TLS connection is kept alive between
// calls (pages of a backfill ride one connection). Failed attempts are
// retried as RetryPolicy decides, sleeping through the Sleeper seam. A
// request gate, when set, is called before every attempt (retries too): the
// reconciler uses it to spend no more than its request-rate budget.
//
// Success: the 2xx response body parsed as JSON (key order preserved).
// Failure: a Status built by stripe_error.h -- Stripe's own error message and
// type, or "could not reach Stripe at <host>: <reason>". The secret key is
// never part of any message, log line or observer notice.
//
// Thread safety: not thread-safe (one easy handle); use one client per
// thread. stats() may be read from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/status.h"
#include "stripe/retry_policy.h"
#include "stripe/sleeper.h"
#include "stripe/stripe_config.h"

namespace subledger {

// Ordered name/value pairs: a GET's query string or a POST's form body.
// Names use Stripe's bracket syntax: "metadata[plan]", "types[]", "items[0][price]".
using FormParams = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded (RFC 3986 unreserved characters kept).
std::string FormEncode(const FormParams& params);
std::string PercentEncode(std::string_view text);

// A fresh random idempotency key: "subledger-" + 32 hex digits (OpenSSL RAND).
std::string NewIdempotencyKey();
// 1..255 printable ASCII characters, no spaces (Stripe's limit is 255).
Status ValidateIdempotencyKey(std::string_view key);

struct StripeClientStats {
  uint64_t attempts = 0;          // HTTP attempts made (first tries and retries)
  uint64_t retries = 0;           // attempts that were retries
  uint64_t transport_errors = 0;  // attempts with no complete response
  uint64_t http_errors = 0;       // attempts answered with a non-2xx status
};

// Told before each retry sleep; `reason` is e.g. "HTTP 429 (rate_limit_error)"
// or "could not reach Stripe at ...". Never contains the key.
struct RetryNotice {
  std::string method;
  std::string path;
  int attempt = 0;  // the attempt that failed (1-based)
  std::chrono::milliseconds delay{0};
  std::string reason;
};

class StripeClient {
 public:
  // `sleeper` is not owned and must outlive the client.
  explicit StripeClient(StripeClientOptions options, Sleeper* sleeper = &RealSleeper::Instance());
  ~StripeClient();
  StripeClient(const StripeClient&) = delete;
  StripeClient& operator=(const StripeClient&) = delete;

  // GET base + path + "?" + query.
  Result<nlohmann::ordered_json> Get(std::string_view path, const FormParams& query = {});
  // POST a form. `idempotency_key` "" = generate one; either way the same key
  // is sent on every retry.
  Result<nlohmann::ordered_json> Post(std::string_view path, const FormParams& form,
                                      std::string_view idempotency_key = "");

  void SetRequestGate(std::function<void()> gate) { gate_ = std::move(gate); }
  // Checked while a request is in flight and before each retry; true aborts
  // the call with kUnavailable ("aborted") and no further retries.
  void SetAbortCheck(std::function<bool()> should_abort) { abort_ = std::move(should_abort); }
  void SetRetryObserver(std::function<void(const RetryNotice&)> observer) { observer_ = std::move(observer); }

  // The connected account of the following requests ("" = the platform's
  // own). Precondition: "" or ValidateAccountId(account) passed.
  void set_account(std::string account) { options_.stripe_account = std::move(account); }
  const std::string& account() const { return options_.stripe_account; }
  // The mode of the key (stripe_config.h KeyLivemode), without exposing it.
  std::optional<bool> key_livemode() const;

  StripeClientStats stats() const;
  const std::string& api_base() const { return options_.api_base; }
  const std::string& stripe_version() const { return options_.stripe_version; }

 private:
  struct RawResponse;
  Result<nlohmann::ordered_json> Send(const char* method, std::string_view path, const std::string& query,
                                      const std::string& form, const std::string& idempotency_key);
  void PerformOnce(const char* method, const std::string& url, const std::string& form,
                   const std::string& idempotency_key, RawResponse* out);

  StripeClientOptions options_;
  Sleeper* sleeper_;
  RetryPolicy retry_policy_;
  void* curl_ = nullptr;  // CURL*
  std::string host_;
  std::function<void()> gate_;
  std::function<void(const RetryNotice&)> observer_;
  std::function<bool()> abort_;
  std::atomic<uint64_t> attempts_{0}, retries_{0}, transport_errors_{0}, http_errors_{0};
};

}  // namespace subledger
