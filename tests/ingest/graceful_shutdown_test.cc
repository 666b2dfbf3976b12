// HttpServer::Stop is graceful: listeners close, idle connections close, and a
// request whose reply is still pending (e.g. waiting for fsync) is answered
// before Run returns. After the grace period, stragglers are cut off.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <mutex>
#include <utility>

#include "ingest/http_server.h"
#include "ingest/json_log.h"
#include "tests/support/http_client.h"

namespace subledger {
namespace {

// Routes that hold every request until Release().
class HeldRoutes final : public HttpRoutes {
 public:
  void Handle(HttpRequest&, int64_t, const boost::asio::any_io_executor& executor,
              Respond respond) override {
    std::lock_guard lock(mu_);
    executor_ = executor;
    respond_ = std::move(respond);
    arrived_.set_value();
  }
  HttpReply TooLarge(const HttpRequest&, std::optional<uint64_t>, int64_t) override { return HttpReply{}; }

  void WaitForRequest() { arrived_future_.wait(); }
  void Release() {
    std::lock_guard lock(mu_);
    // Moved out: a session strand must not outlive the server's io_context
    // (the routes here outlive the server).
    boost::asio::post(std::exchange(executor_, {}), [respond = std::move(respond_)] {
      respond(HttpReply{200, "application/json", R"({"done":true})", ""});
    });
  }

 private:
  std::mutex mu_;
  std::promise<void> arrived_;
  std::future<void> arrived_future_ = arrived_.get_future();
  boost::asio::any_io_executor executor_;
  Respond respond_;
};

class NoRoutes final : public HttpRoutes {
 public:
  void Handle(HttpRequest&, int64_t, const boost::asio::any_io_executor&, Respond r) override {
    r(NotFoundReply("/"));
  }
  HttpReply TooLarge(const HttpRequest&, std::optional<uint64_t>, int64_t) override { return HttpReply{}; }
};

HttpServerOptions LoopbackOptions() {
  HttpServerOptions options;
  options.public_endpoint = {boost::asio::ip::make_address("127.0.0.1"), 0};
  options.admin_endpoint = {boost::asio::ip::make_address("127.0.0.1"), 0};
  return options;
}

class GracefulShutdownTest : public ::testing::Test {
 protected:
  void SetUp() override { JsonLog::SetInfoEnabled(false); }
  void TearDown() override { JsonLog::SetInfoEnabled(true); }
};

TEST_F(GracefulShutdownTest, InFlightRequestIsAnsweredBeforeRunReturns) {
  HeldRoutes held;
  NoRoutes admin;
  HttpServer server(LoopbackOptions(), held, admin, SystemClock::Instance());
  ASSERT_TRUE(server.Bind().ok());
  const uint16_t port = server.public_endpoint().port();
  auto run = std::async(std::launch::async, [&] { server.Run(); });

  auto reply = std::async(std::launch::async, [port] {
    testing::HttpClient client("127.0.0.1", port, 30);
    return client.Request("POST", "/webhooks/stripe", "{}");
  });
  held.WaitForRequest();
  server.Stop();
  // Still waiting for the held reply: Run must not have returned.
  EXPECT_EQ(run.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  // New connections are no longer accepted.
  testing::TcpConnection late;
  EXPECT_NE(late.Connect("127.0.0.1", port, 2), "");

  held.Release();
  const testing::HttpResponse r = reply.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"done":true})");
  EXPECT_EQ(r.Header("connection"), "close");
  run.get();
  EXPECT_EQ(server.active_connections(), 0u);
}

TEST_F(GracefulShutdownTest, GraceExpiryClosesStragglers) {
  HeldRoutes held;
  NoRoutes admin;
  HttpServerOptions options = LoopbackOptions();
  options.shutdown_timeout = std::chrono::milliseconds(200);
  HttpServer server(options, held, admin, SystemClock::Instance());
  ASSERT_TRUE(server.Bind().ok());
  const uint16_t port = server.public_endpoint().port();
  auto run = std::async(std::launch::async, [&] { server.Run(); });

  testing::TcpConnection conn;
  ASSERT_EQ(conn.Connect("127.0.0.1", port, 5), "");
  ASSERT_TRUE(conn.SendAll("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  held.WaitForRequest();
  server.Stop();
  EXPECT_TRUE(conn.WaitForPeerClose(10));  // cut off after the grace period
  // The pending reply still counts as work: Run returns once it is given.
  EXPECT_EQ(run.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  held.Release();
  run.get();
}

}  // namespace
}  // namespace subledger
