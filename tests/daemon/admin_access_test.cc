// Who may use the admin listener (daemon/admin_access.h): a non-loopback
// address needs a token file; the token's shape; the bearer comparison; and
// AdminRoutes answering 401 before any route runs when a token is required.
#include "daemon/admin_access.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "daemon/admin_routes.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

namespace http = boost::beast::http;

constexpr const char* kToken = "0123456789abcdef0123456789abcdef";

DaemonConfig WithAdmin(const std::string& listen, const std::string& token_file = "") {
  DaemonConfig c;
  c.admin_listen = listen;
  c.admin_token_file = token_file;
  return c;
}

TEST(AdminAccessTest, LoopbackNeedsNoTokenAnythingElseDoes) {
  for (const char* ok : {"127.0.0.1:9090", "localhost:0", "[::1]:9", "127.0.0.2:9090"}) {
    EXPECT_TRUE(CheckAdminAccess(WithAdmin(ok)).ok()) << ok;
  }
  for (const char* exposed : {"0.0.0.0:9090", ":9090", "[::]:9090", "10.0.0.5:9090", "192.0.2.1:0"}) {
    const Status s = CheckAdminAccess(WithAdmin(exposed));
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << exposed;
    EXPECT_NE(s.message().find("not a loopback address"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("--admin-token-file"), std::string::npos) << s.message();
  }
  testing::TempDir tmp;
  testing::WriteFile(tmp.Sub("token"), std::string("  ") + kToken + "\n");
  EXPECT_TRUE(CheckAdminAccess(WithAdmin("0.0.0.0:9090", tmp.Sub("token"))).ok());
  EXPECT_FALSE(CheckAdminAccess(WithAdmin("0.0.0.0:9090", tmp.Sub("missing"))).ok());
}

TEST(AdminAccessTest, TheTokenFileHoldsOneLongPrintableToken) {
  testing::TempDir tmp;
  testing::WriteFile(tmp.Sub("good"), std::string(kToken) + "\r\n");
  auto good = ReadAdminToken(tmp.Sub("good"));
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(*good, kToken);
  for (const std::string& bad : std::vector<std::string>{"", "short", "0123456789 abcdef0123",
                                                         std::string("0123456789abcdef\x01", 17)}) {
    testing::WriteFile(tmp.Sub("bad"), bad);
    EXPECT_FALSE(ReadAdminToken(tmp.Sub("bad")).ok()) << bad;
  }
  EXPECT_NE(ReadAdminToken(tmp.path().string()).status().message().find("is a directory"), std::string::npos);
}

TEST(AdminAccessTest, BearerTokensAreComparedWhole) {
  EXPECT_TRUE(BearerTokenMatches(std::string("Bearer ") + kToken, kToken));
  EXPECT_TRUE(BearerTokenMatches(std::string("bearer ") + kToken, kToken));
  EXPECT_TRUE(BearerTokenMatches(std::string("BEARER  ") + kToken + " ", kToken));
  for (const std::string& bad : {std::string(), std::string(kToken), std::string("Basic ") + kToken,
                                std::string("Bearer"), std::string("Bearer ") + kToken + "0",
                                std::string("Bearer ") + std::string(kToken).substr(1), std::string("Bearer ")}) {
    EXPECT_FALSE(BearerTokenMatches(bad, kToken)) << bad;
  }
}

TEST(AdminAccessTest, AdminRoutesAnswer401WithoutTheToken) {
  AdminRoutes routes;
  routes.AddRoute("GET", "/metrics", [](std::string_view, std::string_view) {
    return HttpReply{200, "text/plain", "secret figures", ""};
  });
  routes.RequireBearerToken(kToken);
  boost::asio::io_context ioc;
  auto call = [&](const std::string& target, const std::string& authorization) {
    HttpRequest request{http::verb::get, target, 11};
    if (!authorization.empty()) request.set(http::field::authorization, authorization);
    HttpReply out;
    routes.Handle(request, 0, ioc.get_executor(), [&](HttpReply r) { out = std::move(r); });
    return out;
  };
  for (const char* target : {"/metrics", "/readyz", "/nope"}) {
    const HttpReply denied = call(target, "");
    EXPECT_EQ(denied.status, 401) << target;
    EXPECT_EQ(denied.body.find("secret figures"), std::string::npos);
    EXPECT_EQ(call(target, "Bearer nope-nope-nope-nope").status, 401) << target;
  }
  EXPECT_EQ(call("/metrics", std::string("Bearer ") + kToken).body, "secret figures");
  EXPECT_EQ(call("/readyz", std::string("Bearer ") + kToken).status, 200);
  std::string wire;
  SerializeReply(call("/metrics", ""), true, false, false, wire);
  EXPECT_NE(wire.find("\r\nWWW-Authenticate: Bearer"), std::string::npos) << wire;
}

}  // namespace
}  // namespace subledger
