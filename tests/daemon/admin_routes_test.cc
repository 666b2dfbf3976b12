// AdminRoutes: the extensible route table and pluggable readiness checks.
#include "daemon/admin_routes.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

namespace subledger {
namespace {

namespace http = boost::beast::http;

HttpReply Call(AdminRoutes& routes, http::verb method, const std::string& target) {
  HttpRequest request{method, target, 11};
  boost::asio::io_context ioc;
  HttpReply out;
  bool answered = false;
  routes.Handle(request, 0, ioc.get_executor(), [&](HttpReply r) {
    out = std::move(r);
    answered = true;
  });
  EXPECT_TRUE(answered);
  return out;
}

HttpReply Echo(std::string tag, std::string_view path, std::string_view query) {
  return HttpReply{200, "text/plain", tag + " " + std::string(path) + " ?" + std::string(query), ""};
}

TEST(AdminRoutesTest, LongestPrefixOnSegmentBoundariesWins) {
  AdminRoutes routes;
  routes.AddRoute("GET", "/v1", [](auto p, auto q) { return Echo("v1", p, q); });
  routes.AddRoute("GET", "/v1/subscriptions", [](auto p, auto q) { return Echo("subs", p, q); });
  routes.AddRoute("GET", "/metrics", [](auto p, auto q) { return Echo("metrics", p, q); });
  EXPECT_EQ(Call(routes, http::verb::get, "/metrics").body, "metrics /metrics ?");
  EXPECT_EQ(Call(routes, http::verb::get, "/v1/subscriptions/sub_1?x=1").body,
            "subs /v1/subscriptions/sub_1 ?x=1");
  EXPECT_EQ(Call(routes, http::verb::get, "/v1/subscriptions").body, "subs /v1/subscriptions ?");
  EXPECT_EQ(Call(routes, http::verb::get, "/v1/subscriptionsX").body, "v1 /v1/subscriptionsX ?");
  EXPECT_EQ(Call(routes, http::verb::get, "/v1/report").body, "v1 /v1/report ?");
  EXPECT_EQ(Call(routes, http::verb::get, "/metricsX").status, 404);
  EXPECT_EQ(Call(routes, http::verb::get, "/").status, 404);
}

// "/" (the dashboard) is the one prefix that matches only itself: it is no
// catch-all, so unknown paths stay 404 under every method.
TEST(AdminRoutesTest, TheRootRouteMatchesOnlyTheRoot) {
  AdminRoutes routes;
  routes.AddRoute("GET", "/", [](auto p, auto q) { return Echo("page", p, q); });
  routes.AddRoute("GET", "/metrics", [](auto p, auto q) { return Echo("metrics", p, q); });
  EXPECT_EQ(Call(routes, http::verb::get, "/?currency=usd").body, "page / ?currency=usd");
  EXPECT_EQ(Call(routes, http::verb::head, "/").status, 200);
  EXPECT_EQ(Call(routes, http::verb::get, "/metrics").body, "metrics /metrics ?");
  EXPECT_EQ(Call(routes, http::verb::get, "/nope").status, 404);
  EXPECT_EQ(Call(routes, http::verb::post, "/nope").status, 404);
  EXPECT_EQ(Call(routes, http::verb::post, "/").status, 405);
}

TEST(AdminRoutesTest, WrongMethodIs405WithAllowAndGetAnswersHead) {
  AdminRoutes routes;
  routes.AddRoute("GET", "/metrics", [](auto p, auto q) { return Echo("m", p, q); });
  routes.AddRoute("POST", "/admin/rebuild", [](auto p, auto q) { return Echo("r", p, q); });
  const HttpReply post = Call(routes, http::verb::post, "/metrics");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.allow, "GET, HEAD");
  EXPECT_EQ(nlohmann::json::parse(post.body)["error"]["type"], "method_not_allowed");
  EXPECT_EQ(Call(routes, http::verb::get, "/admin/rebuild").allow, "POST");
  EXPECT_EQ(Call(routes, http::verb::head, "/metrics").status, 200);
  EXPECT_EQ(Call(routes, http::verb::post, "/readyz").status, 405);
}

TEST(AdminRoutesTest, ReadyWhenEveryCheckPasses) {
  AdminRoutes routes;
  routes.AddReadinessCheck("event_log", [] { return ReadinessReport{Status::Ok(), R"({"n":1})"}; });
  const HttpReply ready = Call(routes, http::verb::get, "/readyz");
  EXPECT_EQ(ready.status, 200);
  const auto json = nlohmann::json::parse(ready.body);
  EXPECT_EQ(json["ready"], true);
  EXPECT_EQ(json["checks"]["event_log"]["ok"], true);
  EXPECT_EQ(json["checks"]["event_log"]["detail"]["n"], 1);
}

TEST(AdminRoutesTest, AnyFailingCheckMakesItNotReady) {
  AdminRoutes routes;
  bool healthy = true;
  routes.AddReadinessCheck("event_log", [] { return ReadinessReport{Status::Ok(), ""}; });
  routes.AddReadinessCheck("projector", [&healthy] {
    return healthy ? ReadinessReport{Status::Ok(), R"({"lag":0})"}
                   : ReadinessReport{Status::Unavailable("lagging \"far\""), R"({"lag":99})"};
  });
  EXPECT_EQ(Call(routes, http::verb::get, "/readyz").status, 200);
  healthy = false;
  const HttpReply not_ready = Call(routes, http::verb::get, "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  const auto json = nlohmann::json::parse(not_ready.body);
  EXPECT_EQ(json["ready"], false);
  EXPECT_EQ(json["checks"]["event_log"]["ok"], true);
  EXPECT_EQ(json["checks"]["projector"]["ok"], false);
  EXPECT_EQ(json["checks"]["projector"]["error"], "Unavailable: lagging \"far\"");
  EXPECT_EQ(json["checks"]["projector"]["detail"]["lag"], 99);
}

TEST(AdminRoutesTest, HandlersMayRegisterRoutesWhileRunning) {
  AdminRoutes routes;
  routes.AddRoute("GET", "/register", [&routes](auto p, auto q) {
    routes.AddRoute("GET", "/late", [](auto p2, auto q2) { return Echo("late", p2, q2); });
    return Echo("registered", p, q);
  });
  EXPECT_EQ(Call(routes, http::verb::get, "/late").status, 404);
  EXPECT_EQ(Call(routes, http::verb::get, "/register").status, 200);
  EXPECT_EQ(Call(routes, http::verb::get, "/late").body, "late /late ?");
}

}  // namespace
}  // namespace subledger
