#include "tests/stripe/fake_stripe_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest/url_query.h"
#include "ledger/ascii.h"
#include "ledger/plausible_event.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {

namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

using Json = nlohmann::ordered_json;

// A form body or query string, in order, repeated keys kept ('+' is a space);
// a malformed one (our client never sends it) is empty.
std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view s) {
  auto pairs = ParseQueryPairs(s);
  return pairs.ok() ? std::move(*pairs) : std::vector<std::pair<std::string, std::string>>{};
}

std::string ErrorBody(const std::string& type, const std::string& message, const std::string& code = "",
                      const std::string& param = "", const std::string& decline_code = "") {
  Json error;
  if (!code.empty()) error["code"] = code;
  if (!decline_code.empty()) error["decline_code"] = decline_code;
  error["message"] = message;
  if (!param.empty()) error["param"] = param;
  error["type"] = type;
  Json body;
  body["error"] = error;
  return body.dump();
}

// Reads one request from `fd` with Beast's parser; `buffer` keeps the bytes
// past it (a pipelined next request). False when the peer closed or sent
// something that is not HTTP.
bool ReadRequest(int fd, std::string& buffer, http::request<http::string_body>* out) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  size_t used = 0;
  char chunk[16384];
  while (!parser.is_done()) {
    beast::error_code ec;
    if (used < buffer.size()) {
      used += parser.put(boost::asio::buffer(buffer.data() + used, buffer.size() - used), ec);
      if (ec && ec != http::error::need_more) return false;
      if (!ec) continue;
    }
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  buffer.erase(0, used);
  *out = parser.release();
  return true;
}

RecordedRequest Recorded(const http::request<http::string_body>& message, int connection) {
  RecordedRequest request;
  request.connection = connection;
  request.method = std::string(message.method_string());
  for (const auto& field : message) {
    request.headers[AsciiLower(std::string(field.name_string()))] = std::string(field.value());
  }
  request.body = message.body();
  request.received = std::chrono::steady_clock::now();
  const std::string_view target = message.target();
  const size_t q = target.find('?');
  request.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) request.query = ParseForm(target.substr(q + 1));
  if (request.method == "POST") request.form = ParseForm(request.body);
  return request;
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

int64_t CreatedOf(const Json& e) { return e.contains("created") && e["created"].is_number_integer() ? e["created"].get<int64_t>() : 0; }

}  // namespace

std::string RecordedRequest::Query(const std::string& name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return "";
}

std::vector<std::string> RecordedRequest::QueryAll(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k == name) out.push_back(v);
  }
  return out;
}

std::string RecordedRequest::Form(const std::string& name) const {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return "";
}

std::string RecordedRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

ScriptedFault ScriptedFault::Status(int status, std::map<std::string, std::string> headers) {
  ScriptedFault f;
  f.kind = Kind::kStatus;
  f.status = status;
  f.headers = std::move(headers);
  if (status == 429) {
    f.error_type = "invalid_request_error";
    f.error_message = "Too many requests hit the API too quickly.";
  }
  return f;
}

ScriptedFault ScriptedFault::DropMidResponse() {
  ScriptedFault f;
  f.kind = Kind::kDropMidResponse;
  return f;
}

ScriptedFault ScriptedFault::CardDeclined() {
  ScriptedFault f;
  f.kind = Kind::kStatus;
  f.status = 402;
  f.error_type = "card_error";
  f.error_message = "Your card was declined.";
  f.error_code = "card_declined";
  f.decline_code = "generic_decline";
  return f;
}

ScriptedFault ScriptedFault::ProcessThenStall() {
  ScriptedFault f;
  f.kind = Kind::kProcessThenStall;
  return f;
}

ScriptedFault ScriptedFault::ProcessThenDrop() {
  ScriptedFault f;
  f.kind = Kind::kProcessThenDrop;
  return f;
}

FakeStripeServer::FakeStripeServer() : FakeStripeServer(Options()) {}

FakeStripeServer::FakeStripeServer(Options options) : options_(std::move(options)) {
  accounts_[""];  // the platform's own
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(listen_fd_, 64) != 0) {
    std::fprintf(stderr, "FakeStripeServer: bind/listen: %s\n", std::strerror(errno));
    std::abort();
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

FakeStripeServer::~FakeStripeServer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    stall_cv_.notify_all();
  }
  ::shutdown(listen_fd_, SHUT_RDWR);
  accept_thread_.join();
  ::close(listen_fd_);
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : connection_fds_) ::shutdown(fd, SHUT_RDWR);
    threads.swap(connection_threads_);
  }
  for (auto& t : threads) t.join();
}

std::string FakeStripeServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeStripeServer::PutCustomer(const Json& customer, const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[account].customers[customer["id"].get<std::string>()] = customer;
}

Json FakeStripeServer::Subscription(const std::string& id, const std::string& account) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto data = accounts_.find(account);
  if (data == accounts_.end()) return Json(nullptr);
  auto it = data->second.subscriptions.find(id);
  return it == data->second.subscriptions.end() ? Json(nullptr) : it->second;
}

int FakeStripeServer::DistinctIdempotencyKeys(const std::string& path_prefix) const {
  std::set<std::string> keys;
  for (const RecordedRequest& r : RequestsTo(path_prefix)) {
    if (r.method == "POST") keys.insert(r.Header("idempotency-key"));
  }
  return static_cast<int>(keys.size());
}

bool FakeStripeServer::WaitForStalled(int count, double timeout_seconds) {
  std::unique_lock<std::mutex> lock(mu_);
  return stall_cv_.wait_for(lock, std::chrono::duration<double>(timeout_seconds),
                            [&] { return stalled_total_ >= count; });
}

void FakeStripeServer::ReleaseStalls() {
  std::lock_guard<std::mutex> lock(mu_);
  ++stall_release_;
  stall_cv_.notify_all();
}

void FakeStripeServer::Stall() {
  std::unique_lock<std::mutex> lock(mu_);
  const int generation = stall_release_;
  ++stalled_total_;
  stall_cv_.notify_all();
  stall_cv_.wait(lock, [&] { return stall_release_ != generation || stopping_.load(); });
}

void FakeStripeServer::InjectFault(const std::string& path_prefix, ScriptedFault fault, int count, int skip) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(FaultEntry{path_prefix, std::move(fault), count, skip});
}

void FakeStripeServer::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
}

std::vector<RecordedRequest> FakeStripeServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::vector<RecordedRequest> FakeStripeServer::RequestsTo(const std::string& path_prefix) const {
  std::vector<RecordedRequest> out;
  for (auto& r : requests()) {
    if (r.path.rfind(path_prefix, 0) == 0) out.push_back(r);
  }
  return out;
}

std::vector<std::string> FakeStripeServer::violations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return violations_;
}

int FakeStripeServer::objects_created() const {
  std::lock_guard<std::mutex> lock(mu_);
  return next_object_;
}

void FakeStripeServer::AcceptLoop() {
  while (!stopping_) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    int connection = ++connections_;
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    connection_fds_.push_back(fd);
    connection_threads_.emplace_back([this, fd, connection] { ServeConnection(fd, connection); });
  }
}

void FakeStripeServer::ServeConnection(int fd, int connection) {
  std::string buffer;
  http::request<http::string_body> message;
  while (!stopping_ && ReadRequest(fd, buffer, &message)) {
    const RecordedRequest request = Recorded(message, connection);
    bool drop_mid = false, drop_before = false;
    const Response response = Handle(request, &drop_mid, &drop_before);
    if (drop_before) break;
    http::response<http::string_body> reply{static_cast<http::status>(response.status), 11};
    reply.set(http::field::content_type, "application/json");
    for (const auto& [k, v] : response.headers) reply.set(k, v);
    reply.body() = response.body;
    reply.prepare_payload();
    std::ostringstream wire;
    wire << reply;
    const std::string out = wire.str();
    if (drop_mid) {  // the head and half of the body, then the connection drops
      SendAll(fd, std::string_view(out).substr(0, out.size() - response.body.size() + response.body.size() / 2));
      break;
    }
    if (!SendAll(fd, out)) break;
    if (!message.keep_alive()) break;
  }
  ::shutdown(fd, SHUT_RDWR);
  std::lock_guard<std::mutex> lock(mu_);
  connection_fds_.erase(std::remove(connection_fds_.begin(), connection_fds_.end(), fd), connection_fds_.end());
  ::close(fd);
}

FakeStripeServer::Response FakeStripeServer::Handle(const RecordedRequest& request, bool* drop_mid,
                                                    bool* drop_before) {
  std::optional<ScriptedFault> fault;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    ++request_counter_;
    std::string where = request.method + " " + request.path;
    if (request.Header("stripe-version") != options_.stripe_version) {
      violations_.push_back(where + ": Stripe-Version '" + request.Header("stripe-version") + "'");
    }
    if (request.method == "POST") {
      if (request.Header("idempotency-key").empty()) violations_.push_back(where + ": no Idempotency-Key");
      if (request.Header("content-type") != "application/x-www-form-urlencoded") {
        violations_.push_back(where + ": Content-Type '" + request.Header("content-type") + "'");
      }
    }
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (request.path.rfind(it->prefix, 0) != 0) continue;
      if (it->skip > 0) {
        --it->skip;
        break;
      }
      fault = it->fault;
      if (it->remaining > 0 && --it->remaining == 0) faults_.erase(it);
      break;
    }
  }
  Response response;
  response.headers["Request-Id"] = "req_fake_" + std::to_string(request_counter_);
  if (request.Header("authorization") != "Bearer " + options_.secret_key) {
    std::string given = request.Header("authorization");
    std::string tail = given.size() >= 4 ? given.substr(given.size() - 4) : "";
    response.status = 401;
    response.body = ErrorBody("invalid_request_error", "Invalid API Key provided: sk_test_****" + tail);
    return response;
  }
  if (fault && fault->kind == ScriptedFault::Kind::kStatus) {
    response.status = fault->status;
    for (const auto& [k, v] : fault->headers) response.headers[k] = v;
    response.body = ErrorBody(fault->error_type, fault->error_message,
                              fault->status == 429 ? "rate_limit" : fault->error_code, "", fault->decline_code);
    return response;
  }
  Response routed = Route(request);
  routed.headers["Request-Id"] = response.headers["Request-Id"];
  if (fault && fault->kind == ScriptedFault::Kind::kProcessThenStall) Stall();
  if (fault && fault->kind == ScriptedFault::Kind::kProcessThenDrop) *drop_before = true;
  if (fault && fault->kind == ScriptedFault::Kind::kDropMidResponse) *drop_mid = true;
  return routed;
}

FakeStripeServer::Response FakeStripeServer::Route(const RecordedRequest& request) {
  if (request.method == "GET" && request.path == "/v1/events") return ListEvents(request);
  if (request.method == "GET" && request.path.rfind("/v1/customers/", 0) == 0) return GetCustomer(request);
  if (request.method == "GET") return GetObject(request);
  if (request.method == "POST") {
    std::string key = request.Header("idempotency-key");
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = idempotency_.find(key); !key.empty() && it != idempotency_.end()) {
      if (it->second.first != request.method + request.path + "?" + request.body) {
        return Response{400, ErrorBody("idempotency_error",
                                       "Keys for idempotent requests can only be used with the same parameters "
                                       "they were first used with."), {}};
      }
      Response replay = it->second.second;
      replay.headers["Idempotent-Replayed"] = "true";
      return replay;
    }
    Response created = request.path.rfind("/v1/subscriptions/", 0) == 0 ? UpdateSubscription(request) : Create(request);
    if (!key.empty()) idempotency_[key] = {request.method + request.path + "?" + request.body, created};
    return created;
  }
  return Response{404, ErrorBody("invalid_request_error", "Unrecognized request URL (" + request.method + ": " +
                                 request.path + ").", "", ""), {}};
}

FakeStripeServer::Response FakeStripeServer::ListEvents(const RecordedRequest& request) {
  int64_t gte = INT64_MIN, lte = INT64_MAX;
  int limit = 10;
  try {
    if (!request.Query("created[gte]").empty()) gte = std::stoll(request.Query("created[gte]"));
    if (!request.Query("created[lte]").empty()) lte = std::stoll(request.Query("created[lte]"));
    if (!request.Query("limit").empty()) limit = std::stoi(request.Query("limit"));
  } catch (const std::exception&) {
    return Response{400, ErrorBody("invalid_request_error", "Invalid integer", "parameter_invalid_integer"), {}};
  }
  if (limit < 1 || limit > 100) {
    return Response{400, ErrorBody("invalid_request_error",
                                   "This value must be less than or equal to 100.", "parameter_invalid_integer",
                                   "limit"), {}};
  }
  std::vector<std::string> types = request.QueryAll("types[]");
  std::string after = request.Query("starting_after");
  std::lock_guard<std::mutex> lock(mu_);
  Response unknown;
  AccountData* data = DataFor(request, &unknown);
  if (data == nullptr) return unknown;
  const std::string account = request.Header("stripe-account");
  std::vector<const Json*> matching;
  for (const Json& e : data->events) {
    int64_t c = CreatedOf(e);
    if (c < gte || c > lte) continue;
    if (!types.empty() && (!e["type"].is_string() || std::find(types.begin(), types.end(), e["type"].get<std::string>()) == types.end())) continue;
    matching.push_back(&e);
  }
  size_t start = 0;
  if (!after.empty()) {
    bool found = false;
    for (const Json& e : data->events) found = found || e["id"] == after;
    if (!found) {
      return Response{400, ErrorBody("invalid_request_error", "No such event: '" + after + "'",
                                     "resource_missing", "starting_after"), {}};
    }
    auto it = std::find_if(matching.begin(), matching.end(), [&](const Json* e) { return (*e)["id"] == after; });
    start = it == matching.end() ? matching.size() : static_cast<size_t>(it - matching.begin()) + 1;
  }
  Json list;
  list["object"] = "list";
  list["data"] = Json::array();
  size_t end = std::min(matching.size(), start + static_cast<size_t>(limit));
  for (size_t i = start; i < end; ++i) {
    Json event = *matching[i];
    if (!account.empty() && options_.connect_events_carry_account) event["account"] = account;
    list["data"].push_back(std::move(event));
  }
  list["has_more"] = end < matching.size();
  list["url"] = "/v1/events";
  return Response{200, list.dump(), {}};
}

// Called with mu_ held.
FakeStripeServer::Response FakeStripeServer::Create(const RecordedRequest& request) {
  auto missing = [](const std::string& param) {
    return Response{400, ErrorBody("invalid_request_error", "Missing required param: " + param + ".",
                                   "parameter_missing", param), {}};
  };
  Json metadata = Json::object();
  for (const auto& [k, v] : request.form) {
    if (k.rfind("metadata[", 0) == 0 && k.back() == ']') metadata[k.substr(9, k.size() - 10)] = v;
  }
  std::string n = std::to_string(++next_object_);
  if (request.path == "/v1/customers") {
    if (request.Form("email").empty()) return missing("email");
    Json c;
    c["id"] = "cus_fake" + n;
    c["object"] = "customer";
    c["created"] = options_.now;
    c["email"] = request.Form("email");
    c["metadata"] = metadata;
    c["name"] = request.Form("name").empty() ? Json(nullptr) : Json(request.Form("name"));
    accounts_[request.Header("stripe-account")].customers[c["id"].get<std::string>()] = c;
    return Response{200, c.dump(), {}};
  }
  if (request.path == "/v1/payment_intents") {
    if (request.Form("amount").empty()) return missing("amount");
    if (request.Form("currency").empty()) return missing("currency");
    Json pi;
    pi["id"] = "pi_fake" + n;
    pi["object"] = "payment_intent";
    pi["amount"] = std::stoll(request.Form("amount"));
    pi["client_secret"] = "pi_fake" + n + "_secret_fake" + n;
    pi["created"] = options_.now;
    pi["currency"] = request.Form("currency");
    pi["customer"] = request.Form("customer").empty() ? Json(nullptr) : Json(request.Form("customer"));
    pi["metadata"] = metadata;
    pi["status"] = "requires_payment_method";
    return Response{200, pi.dump(), {}};
  }
  if (request.path == "/v1/subscriptions") {
    if (request.Form("customer").empty()) return missing("customer");
    if (request.Form("items[0][price]").empty()) return missing("items[0][price]");
    std::string trial = request.Form("trial_period_days");
    int64_t period_end = options_.now + (trial.empty() ? 30 * 86400 : std::stoll(trial) * 86400);
    Json item;
    item["id"] = "si_fake" + n;
    item["object"] = "subscription_item";
    item["price"] = Json{{"id", request.Form("items[0][price]")}, {"object", "price"}};
    item["quantity"] = 1;
    Json sub;
    sub["id"] = "sub_fake" + n;
    sub["object"] = "subscription";
    sub["created"] = options_.now;
    sub["customer"] = request.Form("customer");
    if (options_.legacy_subscription_period) {
      sub["current_period_end"] = period_end;
      sub["current_period_start"] = options_.now;
    } else {
      item["current_period_end"] = period_end;
      item["current_period_start"] = options_.now;
    }
    sub["items"] = Json{{"object", "list"}, {"data", Json::array({item})}, {"has_more", false}};
    sub["status"] = trial.empty() ? "active" : "trialing";
    return Response{200, sub.dump(), {}};
  }
  --next_object_;
  return Response{404, ErrorBody("invalid_request_error", "Unrecognized request URL (POST: " + request.path + ").",
                                 "", ""), {}};
}

// Called with mu_ held.
FakeStripeServer::Response FakeStripeServer::UpdateSubscription(const RecordedRequest& request) {
  std::string id = request.path.substr(std::strlen("/v1/subscriptions/"));
  Response unknown;
  AccountData* data = DataFor(request, &unknown);
  if (data == nullptr) return unknown;
  auto it = data->subscriptions.find(id);
  if (it == data->subscriptions.end()) {
    return Response{404, ErrorBody("invalid_request_error", "No such subscription: '" + id + "'", "resource_missing",
                                   "id"), {}};
  }
  const std::string cancel = request.Form("cancel_at_period_end");
  if (!cancel.empty()) it->second["cancel_at_period_end"] = cancel == "true";
  return Response{200, it->second.dump(), {}};
}

std::vector<Json> LoadStripeEventCorpus() {
  namespace fs = std::filesystem;
  std::vector<Json> events;
  std::set<std::string> ids;
  auto take = [&](Json event) {
    if (!event.is_object() || !event.contains("object") || event["object"] != "event" || !event.contains("id") ||
        !event["id"].is_string() || !event.contains("created") || !event["created"].is_number_integer() ||
        !event.contains("type") || !event["type"].is_string()) {
      return;
    }
    const int64_t created = event["created"].get<int64_t>();
    if (created < kEarliestPlausibleCreated ||
        created > SystemClock::Instance().NowUnixSeconds() + kMaxCreatedAheadSeconds) {
      return;
    }
    if (ids.insert(event["id"].get<std::string>()).second) events.push_back(std::move(event));
  };
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(SharedDir() + "/fixtures/stripe")) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::stringstream contents;
    contents << in.rdbuf();
    take(Json::parse(contents.str(), nullptr, false));
  }
  std::ifstream lines(SharedDir() + "/spec/examples/scenario-v2.jsonl");
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty()) take(Json::parse(line, nullptr, false));
  }
  return events;
}

}  // namespace subledger::testing
