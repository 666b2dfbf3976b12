// FakeStripeServer: a local stand-in for api.stripe.com, on 127.0.0.1 over
// plain HTTP/1.1 with keep-alive, for the stripe/ and workflows/ tests. Its
// connections are POSIX sockets (a fault can drop one halfway through a
// response); Beast parses the requests and writes the responses.
//
// It serves
//   GET  /v1/events                 paginated like Stripe: newest first,
//                                   created[gte|lte], limit (1..100, default
//                                   10), starting_after, types[]
//   GET  /v1/subscriptions/{id}     from PutSubscription (404 otherwise)
//   GET  /v1/prices/{id}            from PutPrice (404 otherwise)
//   GET  /v1/customers/{id}         created ones and PutCustomer (404 otherwise)
//   POST /v1/customers, /v1/payment_intents, /v1/subscriptions
//   POST /v1/subscriptions/{id}     cancel_at_period_end=true|false on a
//                                   PutSubscription one (404 otherwise)
// with Stripe's error shape ({"error": {type, message, code, param}}).
//
// Objects are stored whole (discount objects, prices with tiers) and
// rendered the way Stripe renders them: a subscription's `discounts[]` as
// ids unless expand[]=discounts, its items' prices without `tiers` unless
// expand[]=items.data.price.tiers, a price without `tiers` unless
// expand[]=tiers; an expand[] path the resource does not have is Stripe's
// 400 "This property cannot be expanded".
//
// Connect: every object and event belongs to an account ("" = the
// platform's own). A request with `Stripe-Account: acct_...` sees only that
// account's data; an account the fake does not know gets Stripe's 403
// (code account_invalid). Events listed for a connected account carry the
// top-level `account` naming it, as Stripe's do (unless
// Options::connect_events_carry_account is false). It
// checks what it receives: `Authorization: Bearer <key>` (a wrong key gets
// Stripe's 401), the expected `Stripe-Version`, and on POSTs a form body and
// an `Idempotency-Key`; POSTs are idempotent like Stripe's (the same key and
// body replays the first response; the same key with another body is a 400
// idempotency_error). Broken expectations are listed by violations().
//
// Faults are scripted per path prefix: a status (429/500/... with headers
// such as Retry-After or Stripe-Should-Retry; CardDeclined is Stripe's 402
// card_error), a connection dropped halfway through the response body, a
// request processed and then dropped before any response (the object exists;
// only a retry with the same key sees it), or a request processed and then
// stalled until ReleaseStalls() (a client killed meanwhile never hears back).
//
// Thread safety: all public methods may be called from the test thread while
// the server's threads serve requests.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace subledger::testing {

struct RecordedRequest {
  int connection = 0;  // 1-based index of the TCP connection it came on
  std::string method;
  std::string path;  // without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // lower-case names
  std::string body;
  std::vector<std::pair<std::string, std::string>> form;   // decoded POST body
  std::string Query(const std::string& name) const;        // first value, or ""
  std::vector<std::string> QueryAll(const std::string& name) const;
  std::string Form(const std::string& name) const;
  std::string Header(const std::string& lower_name) const;
  std::chrono::steady_clock::time_point received;  // when the request was complete
};

struct ScriptedFault {
  enum class Kind { kStatus, kDropMidResponse, kProcessThenDrop, kProcessThenStall };
  Kind kind = Kind::kStatus;
  int status = 500;
  std::map<std::string, std::string> headers;  // extra response headers
  std::string error_type = "api_error";
  std::string error_message = "An unknown error occurred";
  std::string error_code;     // e.g. "card_declined"
  std::string decline_code;   // e.g. "generic_decline"

  static ScriptedFault Status(int status, std::map<std::string, std::string> headers = {});
  static ScriptedFault DropMidResponse();
  static ScriptedFault ProcessThenDrop();
  // 402 {"error":{"type":"card_error","code":"card_declined",...}}: "Your card was declined."
  static ScriptedFault CardDeclined();
  static ScriptedFault ProcessThenStall();
};

class FakeStripeServer {
 public:
  static constexpr const char* kSecretKey = "sk_test_fake51HqLyjWDarjtT1zdp7dcSECRETKEY";

  struct Options {
    std::string secret_key = kSecretKey;
    std::string stripe_version = "2025-03-31.basil";
    bool legacy_subscription_period = false;  // current_period_end on the subscription, not its items
    int64_t now = 1767225600;                 // "created" of objects the fake creates
    bool connect_events_carry_account = true;  // false: list a connected account's events without `account`
  };

  FakeStripeServer();
  explicit FakeStripeServer(Options options);
  ~FakeStripeServer();
  FakeStripeServer(const FakeStripeServer&) = delete;
  FakeStripeServer& operator=(const FakeStripeServer&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:<port>"
  uint16_t port() const { return port_; }

  // Events listed by /v1/events for `account` (distinct by id; a repeated
  // id is ignored). Also makes the account known.
  void AddEvents(const std::vector<nlohmann::ordered_json>& events, const std::string& account = "");
  // Whole objects (see above), replacing one of the same id of `account`.
  void PutSubscription(const nlohmann::ordered_json& subscription, const std::string& account = "");
  void PutPrice(const nlohmann::ordered_json& price, const std::string& account = "");
  // A connected account the platform's key may act on (no data yet).
  void AddAccount(const std::string& account);
  void PutCustomer(const nlohmann::ordered_json& customer, const std::string& account = "");
  // The stored subscription (updates included); null when unknown.
  nlohmann::ordered_json Subscription(const std::string& id, const std::string& account = "") const;

  // The next `count` requests whose path starts with `path_prefix`, after
  // `skip` such requests have been served normally, get `fault`. count < 0:
  // every such request from then on, until ClearFaults().
  void InjectFault(const std::string& path_prefix, ScriptedFault fault, int count = 1, int skip = 0);
  void ClearFaults();

  std::vector<RecordedRequest> requests() const;
  std::vector<RecordedRequest> RequestsTo(const std::string& path_prefix) const;
  std::vector<std::string> violations() const;
  // Distinct Idempotency-Key values of the POSTs whose path starts with `path_prefix`.
  int DistinctIdempotencyKeys(const std::string& path_prefix) const;
  // Stalled requests (ProcessThenStall): waits up to `timeout_seconds` until
  // at least `count` requests have been stalled since the server started
  // (released ones included); and lets every held request answer.
  bool WaitForStalled(int count, double timeout_seconds);
  void ReleaseStalls();
  int connections_accepted() const { return connections_.load(); }
  int objects_created() const;  // customers + payment intents + subscriptions

 private:
  struct Response {
    int status = 200;
    std::string body;
    std::map<std::string, std::string> headers;
  };
  void AcceptLoop();
  void ServeConnection(int fd, int connection);
  Response Handle(const RecordedRequest& request, bool* drop_mid, bool* drop_before);
  Response Route(const RecordedRequest& request);
  struct AccountData {
    std::vector<nlohmann::ordered_json> events;  // sorted newest first
    std::map<std::string, nlohmann::ordered_json> subscriptions;
    std::map<std::string, nlohmann::ordered_json> prices;
    std::map<std::string, nlohmann::ordered_json> customers;
  };
  Response ListEvents(const RecordedRequest& request);
  Response Create(const RecordedRequest& request);
  // fake_stripe_objects.cc: GET of one object, account routing, expansion.
  Response GetObject(const RecordedRequest& request);
  // The data the request's Stripe-Account names; nullptr (and *error set)
  // for an unknown account. Called with mu_ held.
  AccountData* DataFor(const RecordedRequest& request, Response* error);
  Response GetCustomer(const RecordedRequest& request);
  Response UpdateSubscription(const RecordedRequest& request);
  void Stall();

  Options options_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread accept_thread_;

  mutable std::mutex mu_;
  std::vector<std::thread> connection_threads_;
  std::vector<int> connection_fds_;
  std::map<std::string, AccountData> accounts_;  // "" = the platform's own
  std::condition_variable stall_cv_;
  int stalled_total_ = 0;  // guarded by mu_: requests ever stalled
  int stall_release_ = 0;  // guarded by mu_: generation released
  struct FaultEntry {
    std::string prefix;
    ScriptedFault fault;
    int remaining;
    int skip;
  };
  std::vector<FaultEntry> faults_;
  std::vector<RecordedRequest> requests_;
  std::vector<std::string> violations_;
  std::map<std::string, std::pair<std::string, Response>> idempotency_;  // key -> (body, response)
  int next_object_ = 0;
  int request_counter_ = 0;
};

// Every Stripe event in the shared material, distinct by id: the fixture
// files under fixtures/stripe/ whose top level is an event object, then the
// lines of spec/examples/scenario-v2.jsonl. Only events Stripe could list:
// a `created` the log's door accepts (ledger/plausible_event.h; one
// stripe-openapi placeholder has created=1234567890, in 2009).
std::vector<nlohmann::ordered_json> LoadStripeEventCorpus();

}  // namespace subledger::testing
