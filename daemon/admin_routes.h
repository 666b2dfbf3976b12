// AdminRoutes: the operator-facing listener (loopback by default). It serves
//   GET|HEAD /readyz  -> 200 when every readiness check passes, else 503;
//                        body {"ready":bool,"checks":{"<name>":{"ok":bool,
//                        "error":"..."?, "detail":<json>?}, ...}}
// plus whatever other modules register (metrics, read API):
//   AddRoute("GET", "/metrics", handler)
//   AddRoute("GET", "/v1/subscriptions", handler)   // also ".../sub_123"
// A route prefix matches the path exactly, or as a leading path segment
// ("/v1/subscriptions" matches "/v1/subscriptions/sub_1" but not
// "/v1/subscriptionsX"); a prefix ending in '/' matches anything below it,
// except the prefix "/" itself, which matches only "/" (the dashboard page).
// The longest matching prefix wins. A GET route also answers HEAD. A path
// that matches only under other methods is 405 with Allow; no match is 404.
//
// With RequireBearerToken(token) every request -- /readyz and /metrics
// included -- must carry "Authorization: Bearer <token>" (admin_access.h);
// anything else is answered 401 before any route runs.
//
// Handlers run on an I/O thread and must answer quickly (no long blocking):
// they get the path and the raw query string and return an HttpReply (use
// ReplyForStatus/ReplyForResult from http_status.h for errors).
//
// Thread safety: AddRoute/AddReadinessCheck may be called at any time from
// any thread (they take a writer lock); Handle takes a reader lock.
#pragma once

#include <functional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/http_routes.h"
#include "ledger/status.h"

namespace subledger {

using AdminHandler = std::function<HttpReply(std::string_view path, std::string_view query)>;

// One readiness check's verdict. `detail_json`, when non-empty, must be a
// valid JSON value (e.g. {"lag_events":3}); it is embedded verbatim.
struct ReadinessReport {
  Status status;
  std::string detail_json;
};
using ReadinessCheck = std::function<ReadinessReport()>;

class AdminRoutes final : public HttpRoutes {
 public:
  static constexpr std::string_view kReadyPath = "/readyz";

  // `method` is an HTTP method name in upper case ("GET", "POST").
  void AddRoute(std::string method, std::string path_prefix, AdminHandler handler);
  // Checks run in registration order on every /readyz; names must be unique.
  void AddReadinessCheck(std::string name, ReadinessCheck check);

  // From now on every request needs this bearer token. Call before serving.
  void RequireBearerToken(std::string token) { bearer_token_ = std::move(token); }

  // Runs every check; true when all pass. `body` receives the /readyz JSON.
  bool CheckReadiness(std::string* body) const;

  void Handle(HttpRequest& request, int64_t received_nanos,
              const boost::asio::any_io_executor& executor, Respond respond) override;
  HttpReply TooLarge(const HttpRequest& header, std::optional<uint64_t> declared_bytes,
                     int64_t received_nanos) override;

 private:
  struct Route {
    std::string method;
    std::string prefix;
    AdminHandler handler;
  };
  static bool PrefixMatches(std::string_view prefix, std::string_view path);
  HttpReply Dispatch(std::string_view method, std::string_view path, std::string_view query) const;

  mutable std::shared_mutex mu_;
  std::vector<Route> routes_;
  std::vector<std::pair<std::string, ReadinessCheck>> checks_;
  std::string bearer_token_;  // "" = none required; set before serving, then read-only
};

}  // namespace subledger
