#include "daemon/admin_routes.h"

#include <mutex>
#include <utility>

#include "daemon/admin_access.h"
#include "ingest/json_log.h"
#include "ledger/json_writer.h"

namespace subledger {

void AdminRoutes::AddRoute(std::string method, std::string path_prefix, AdminHandler handler) {
  std::unique_lock lock(mu_);
  routes_.push_back(Route{std::move(method), std::move(path_prefix), std::move(handler)});
}

void AdminRoutes::AddReadinessCheck(std::string name, ReadinessCheck check) {
  std::unique_lock lock(mu_);
  checks_.emplace_back(std::move(name), std::move(check));
}

bool AdminRoutes::CheckReadiness(std::string* body) const {
  std::vector<std::pair<std::string, ReadinessCheck>> snapshot;
  {
    std::shared_lock lock(mu_);
    snapshot = checks_;
  }
  bool ready = true;
  JsonWriter checks(-1);
  checks.BeginObject();
  for (const auto& [name, check] : snapshot) {
    const ReadinessReport report = check();
    ready = ready && report.status.ok();
    checks.Key(name);
    checks.BeginObject();
    checks.Key("ok");
    checks.Bool(report.status.ok());
    if (!report.status.ok()) {
      checks.Key("error");
      checks.String(report.status.ToString());
    }
    if (!report.detail_json.empty()) {
      checks.Key("detail");
      checks.Raw(report.detail_json);
    }
    checks.EndObject();
  }
  checks.EndObject();
  JsonWriter doc(-1);
  doc.BeginObject();
  doc.Key("ready");
  doc.Bool(ready);
  doc.Key("checks");
  doc.Raw(checks.Take());
  doc.EndObject();
  *body = doc.Take();
  return ready;
}

bool AdminRoutes::PrefixMatches(std::string_view prefix, std::string_view path) {
  if (prefix == "/") return path == "/";
  if (prefix.empty() || path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) {
    return false;
  }
  return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

HttpReply AdminRoutes::Dispatch(std::string_view method, std::string_view path,
                                std::string_view query) const {
  if (path == kReadyPath) {
    if (method != "GET" && method != "HEAD") {
      return MethodNotAllowedReply(method, path, "GET, HEAD");
    }
    HttpReply reply;
    reply.status = CheckReadiness(&reply.body) ? 200 : 503;
    return reply;
  }

  AdminHandler handler;
  {
    std::shared_lock lock(mu_);
    const Route* best = nullptr;
    std::string allow;
    size_t allow_len = 0;
    for (const Route& route : routes_) {
      if (!PrefixMatches(route.prefix, path)) continue;
      const bool method_ok = route.method == method || (route.method == "GET" && method == "HEAD");
      if (method_ok) {
        if (best == nullptr || route.prefix.size() > best->prefix.size()) best = &route;
      } else if (route.prefix.size() >= allow_len) {
        if (route.prefix.size() > allow_len) allow.clear();
        allow_len = route.prefix.size();
        if (allow.find(route.method) == std::string::npos) {
          if (!allow.empty()) allow.append(", ");
          allow.append(route.method);
          if (route.method == "GET") allow.append(", HEAD");
        }
      }
    }
    if (best == nullptr || best->prefix.size() < allow_len) {
      if (!allow.empty()) return MethodNotAllowedReply(method, path, allow);
      return NotFoundReply(path);
    }
    handler = best->handler;
  }
  return handler(path, query);  // outside the lock: handlers may register routes
}

void AdminRoutes::Handle(HttpRequest& request, int64_t /*received_nanos*/,
                         const boost::asio::any_io_executor& /*executor*/, Respond respond) {
  if (!bearer_token_.empty() &&
      !BearerTokenMatches(request[boost::beast::http::field::authorization], bearer_token_)) {
    respond(UnauthorizedReply());
    return;
  }
  respond(Dispatch(request.method_string(), TargetPath(request.target()),
                   TargetQuery(request.target())));
}

HttpReply AdminRoutes::TooLarge(const HttpRequest& /*header*/,
                                std::optional<uint64_t> declared_bytes,
                                int64_t /*received_nanos*/) {
  const std::string what =
      declared_bytes ? "request body of " + std::to_string(*declared_bytes) + " bytes" : "request body";
  return ReplyForStatus(Status::TooLarge(what + " is over the admin listener's limit"));
}

}  // namespace subledger
