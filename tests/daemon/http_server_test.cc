// The daemon's HTTP front over real loopback sockets: an in-process Daemon
// (real EventLog in a temp dir, real Beast server on port 0) driven by the
// tiny blocking client from tests/support. Every bad-input class is answered
// with a JSON error and leaves the log unchanged; hostile clients are cut off.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon/daemon.h"
#include "ingest/json_log.h"
#include "tests/support/fault_injection_env.h"
#include "tests/support/http_client.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TcpConnection;

constexpr const char* kSecret = "whsec_http_server_test";

std::string Event(const std::string& id) {
  return R"({"id":")" + id + R"(","object":"event","type":"customer.created","created":1700000000,)"
         R"("data":{"object":{"id":"cus_1","object":"customer"}}})";
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override { JsonLog::SetInfoEnabled(false); }
  void TearDown() override {
    StopDaemon();
    JsonLog::SetInfoEnabled(true);
  }

  void StartDaemon(std::vector<std::string> extra = {}, rocksdb::Env* env = nullptr) {
    std::vector<std::string> args = {"--data-dir", tmp_.Sub("data"), "--listen", "127.0.0.1:0",
                                     "--admin-listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto config = ParseDaemonConfig(args, [](const char*) -> const char* { return nullptr; });
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    config->webhook_secrets = {kSecret};
    auto daemon = Daemon::Open(*config, SystemClock::Instance(), env);
    ASSERT_TRUE(daemon.ok()) << daemon.status().ToString();
    daemon_ = std::move(daemon).value();
    daemon_->admin().AddRoute("GET", "/echo", [](std::string_view path, std::string_view query) {
      return HttpReply{200, "text/plain", std::string(path) + "?" + std::string(query), ""};
    });
    public_port_ = daemon_->server().public_endpoint().port();
    admin_port_ = daemon_->server().admin_endpoint().port();
    run_ = std::async(std::launch::async, [this] { return daemon_->Run(false); });
  }

  void StopDaemon() {
    if (!daemon_) return;
    daemon_->Stop();
    ASSERT_TRUE(run_.get().ok());
    daemon_.reset();
  }

  HttpClient Public() { return HttpClient("127.0.0.1", public_port_, 10); }
  HttpClient Admin() { return HttpClient("127.0.0.1", admin_port_, 10); }

  HttpResponse Post(HttpClient& client, const std::string& body, const std::string& signature) {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!signature.empty()) headers["Stripe-Signature"] = signature;
    return client.Request("POST", "/webhooks/stripe", body, headers);
  }
  HttpResponse PostSigned(HttpClient& client, const std::string& body,
                          int64_t t = testing::NowUnixSeconds()) {
    return Post(client, body, testing::SignStripe(kSecret, body, t));
  }

  static std::string ErrorType(const HttpResponse& r) {
    const auto json = nlohmann::json::parse(r.body, nullptr, false);
    if (json.is_discarded() || !json.contains("error")) return "<not a JSON error: " + r.body + ">";
    return json["error"]["type"].get<std::string>();
  }

  // Opens a raw connection to the public listener.
  TcpConnection Raw() {
    TcpConnection conn;
    EXPECT_EQ(conn.Connect("127.0.0.1", public_port_, 5), "");
    return conn;
  }
  // Reads until the peer closes (or 10 s) and returns everything received.
  static std::string ReadUntilClose(TcpConnection& conn) {
    std::string all;
    for (int i = 0; i < 100; ++i) {
      const long n = conn.Receive(all, 0.1);
      if (n == 0 || n == -1) break;
    }
    return all;
  }

  testing::TempDir tmp_;
  testing::FaultInjectionEnv env_;  // outlives daemon_ (declared first)
  std::unique_ptr<Daemon> daemon_;
  std::future<Status> run_;
  uint16_t public_port_ = 0;
  uint16_t admin_port_ = 0;
};

TEST_F(HttpServerTest, AcceptsSignedEventsAndAcknowledgesDuplicates) {
  StartDaemon();
  HttpClient client = Public();
  const HttpResponse first = PostSigned(client, Event("evt_a"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, R"({"received":true})");
  EXPECT_EQ(first.Header("content-type"), "application/json");
  EXPECT_EQ(daemon_->log().LastSequence(), 1u);
  const HttpResponse again = PostSigned(client, Event("evt_a"));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, R"({"received":true,"duplicate":true})");
  EXPECT_EQ(daemon_->log().LastSequence(), 1u);
  auto record = daemon_->log().Get(1);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->body, Event("evt_a"));
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartDaemon();
  HttpClient client = Public();
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(PostSigned(client, Event("evt_ka_" + std::to_string(i))).status, 200);
  }
  EXPECT_EQ(client.Get("/healthz").status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(daemon_->log().LastSequence(), 50u);
}

TEST_F(HttpServerTest, EveryBadInputClassGetsAJsonErrorAndChangesNothing) {
  StartDaemon({"--max-body-bytes", "4096"});
  HttpClient client = Public();
  ASSERT_EQ(PostSigned(client, Event("evt_existing")).status, 200);
  const uint64_t before = daemon_->log().LastSequence();
  const int64_t now = testing::NowUnixSeconds();
  const std::string good = Event("evt_never");

  struct Case {
    const char* name;
    std::string method;
    std::string target;
    std::string body;
    std::string signature;
    int status;
    std::string type;
  };
  auto signed_with = [&](const std::string& body) { return testing::SignStripe(kSecret, body, now); };
  const std::string malformed = R"({"id":"evt_x","type":)";
  const std::string no_id = R"({"type":"a.b","created":1})";
  const std::string no_type = R"({"id":"evt_x","created":1})";
  const std::string no_created = R"({"id":"evt_x","type":"a.b"})";
  const std::string big = Event("evt_big") + std::string(5000, ' ');
  const Case cases[] = {
      {"no signature", "POST", "/webhooks/stripe", good, "", 400, "signature_verification_failed"},
      {"wrong secret", "POST", "/webhooks/stripe", good, testing::SignStripe("whsec_x", good, now),
       400, "signature_verification_failed"},
      {"tampered", "POST", "/webhooks/stripe", good + "\n", signed_with(good), 400,
       "signature_verification_failed"},
      {"stale", "POST", "/webhooks/stripe", good, testing::SignStripe(kSecret, good, now - 400),
       400, "signature_timestamp_out_of_tolerance"},
      {"future", "POST", "/webhooks/stripe", good, testing::SignStripe(kSecret, good, now + 400),
       400, "signature_timestamp_out_of_tolerance"},
      {"malformed json", "POST", "/webhooks/stripe", malformed, signed_with(malformed), 400,
       "invalid_request"},
      {"missing id", "POST", "/webhooks/stripe", no_id, signed_with(no_id), 400, "invalid_request"},
      {"missing type", "POST", "/webhooks/stripe", no_type, signed_with(no_type), 400,
       "invalid_request"},
      {"missing created", "POST", "/webhooks/stripe", no_created, signed_with(no_created), 400,
       "invalid_request"},
      {"oversize", "POST", "/webhooks/stripe", big, signed_with(big), 413, "payload_too_large"},
      {"unknown route", "POST", "/webhooks/strip", good, signed_with(good), 404, "not_found"},
      {"wrong method", "GET", "/webhooks/stripe", "", "", 405, "method_not_allowed"},
      {"put", "PUT", "/webhooks/stripe", good, signed_with(good), 405, "method_not_allowed"},
      {"readyz is admin-only", "GET", "/readyz", "", "", 404, "not_found"},
  };
  for (const Case& c : cases) {
    std::map<std::string, std::string> headers;
    if (!c.signature.empty()) headers["Stripe-Signature"] = c.signature;
    const HttpResponse r = client.Request(c.method, c.target, c.body, headers);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.error << r.body;
    EXPECT_EQ(ErrorType(r), c.type) << c.name;
    EXPECT_EQ(daemon_->log().LastSequence(), before) << c.name;
  }
  // The daemon is still up and serving.
  EXPECT_EQ(PostSigned(client, Event("evt_after")).status, 200);
}

TEST_F(HttpServerTest, MethodNotAllowedNamesTheAllowedMethods) {
  StartDaemon();
  HttpClient client = Public();
  EXPECT_EQ(client.Get("/webhooks/stripe").Header("allow"), "POST");
  EXPECT_EQ(client.Request("DELETE", "/healthz").Header("allow"), "GET, HEAD");
}

TEST_F(HttpServerTest, HealthAndReadiness) {
  StartDaemon();
  HttpClient pub = Public();
  const HttpResponse health = pub.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  HttpClient admin = Admin();
  const HttpResponse ready = admin.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  const auto json = nlohmann::json::parse(ready.body);
  EXPECT_EQ(json["ready"], true);
  EXPECT_EQ(json["checks"]["event_log"]["ok"], true);
  EXPECT_EQ(json["checks"]["event_log"]["detail"]["last_sequence"], 0);
  // The admin listener serves registered routes, not webhooks.
  EXPECT_EQ(admin.Get("/echo/x?y=1").body, "/echo/x?y=1");
  EXPECT_EQ(admin.Request("POST", "/webhooks/stripe", "{}").status, 404);
}

TEST_F(HttpServerTest, StorageFailureIs503AndTurnsHealthRed) {
  testing::FaultInjectionEnv& env = env_;
  StartDaemon({}, &env);
  HttpClient client = Public();
  ASSERT_EQ(PostSigned(client, Event("evt_before")).status, 200);
  env.FailWalSyncs(true);
  const HttpResponse failed = PostSigned(client, Event("evt_during"));
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(ErrorType(failed), "service_unavailable");
  env.FailWalSyncs(false);
  // Sticky: still refused, and both health endpoints say so.
  EXPECT_EQ(PostSigned(client, Event("evt_after")).status, 503);
  EXPECT_EQ(client.Get("/healthz").status, 503);
  HttpClient admin = Admin();
  const HttpResponse ready = admin.Get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(nlohmann::json::parse(ready.body)["checks"]["event_log"]["ok"], false);
  EXPECT_EQ(daemon_->log().LastSequence(), 1u);
}

TEST_F(HttpServerTest, OversizeDeclaredBodyIsRefusedWithoutReadingIt) {
  StartDaemon({"--max-body-bytes", "1000"});
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\n"
                           "Content-Length: 50000000\r\n\r\n"));
  const std::string reply = ReadUntilClose(conn);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 ")) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos);
  EXPECT_NE(reply.find("payload_too_large"), std::string::npos);
  EXPECT_NE(reply.find("body of 50000000 bytes is over the 1000-byte limit"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, OversizeChunkedBodyIsRefused) {
  StartDaemon({"--max-body-bytes", "1000"});
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n"
                           "7d0\r\n" + std::string(2000, 'x') + "\r\n0\r\n\r\n"));
  const std::string reply = ReadUntilClose(conn);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413 ")) << reply;
  // Names the limit, not a made-up length (it used to say "1001 bytes").
  EXPECT_NE(reply.find("body is over the 1000-byte limit"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("1001"), std::string::npos) << reply;
  EXPECT_EQ(daemon_->log().LastSequence(), 0u);
}

TEST_F(HttpServerTest, ChunkedBodyWithinTheLimitIsAccepted) {
  StartDaemon();
  const std::string body = Event("evt_chunked");
  const std::string sig = testing::SignStripe(kSecret, body, testing::NowUnixSeconds());
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size() - 10);
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                           "Stripe-Signature: " + sig + "\r\nTransfer-Encoding: chunked\r\n\r\n" +
                           size + "\r\n" + body.substr(0, body.size() - 10) + "\r\na\r\n" +
                           body.substr(body.size() - 10) + "\r\n0\r\n\r\n"));
  const std::string reply = ReadUntilClose(conn);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 ")) << reply;
  EXPECT_EQ(daemon_->log().LastSequence(), 1u);
}

TEST_F(HttpServerTest, ExpectContinueIsHonoured) {
  StartDaemon();
  const std::string body = Event("evt_continue");
  const std::string sig = testing::SignStripe(kSecret, body, testing::NowUnixSeconds());
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                           "Stripe-Signature: " + sig + "\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n"));
  std::string interim;
  while (interim.find("\r\n\r\n") == std::string::npos && conn.Receive(interim, 5) > 0) {
  }
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(conn.SendAll(body));
  std::string reply;
  while (reply.find("{\"received\":true}") == std::string::npos && conn.Receive(reply, 5) > 0) {
  }
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 ")) << reply;
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  StartDaemon({"--max-header-bytes", "2048"});
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                           std::string(4000, 'a') + "\r\n\r\n"));
  const std::string reply = ReadUntilClose(conn);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 431 ")) << reply;
}

TEST_F(HttpServerTest, HeaderLimitCountsTheWholeHeader) {
  StartDaemon({"--max-header-bytes", "1024"});
  const std::string body = Event("evt_many_fields");
  std::string fields;
  for (int i = 0; fields.size() < 1000; ++i) fields += "X-F" + std::to_string(i) + ": v\r\n";
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " +
                           testing::SignStripe(kSecret, body, testing::NowUnixSeconds()) +
                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + fields +
                           "\r\n" + body));
  const std::string reply = ReadUntilClose(conn);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 431 ")) << reply;
  EXPECT_EQ(daemon_->log().LastSequence(), 0u);
}

TEST_F(HttpServerTest, GarbageRequestIs400AndClosed) {
  StartDaemon();
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("HELLO THERE\r\n\r\n"));
  const std::string reply = ReadUntilClose(conn);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 ")) << reply;
  EXPECT_NE(reply.find("invalid_request"), std::string::npos);
}

TEST_F(HttpServerTest, SlowHeaderIsCutOffByTheHeaderTimeout) {
  StartDaemon({"--header-timeout", "0.3"});
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\n"));  // never finished
  EXPECT_TRUE(conn.WaitForPeerClose(10));
  // An idle keep-alive connection is closed the same way.
  TcpConnection idle = Raw();
  EXPECT_TRUE(idle.WaitForPeerClose(10));
  HttpClient client = Public();
  EXPECT_EQ(client.Get("/healthz").status, 200);
}

TEST_F(HttpServerTest, SlowBodyIsCutOffByTheBodyTimeout) {
  StartDaemon({"--body-timeout", "0.3"});
  TcpConnection conn = Raw();
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\n"
                           "Content-Length: 100\r\n\r\n{\"id\":"));
  EXPECT_TRUE(conn.WaitForPeerClose(10));
  EXPECT_EQ(daemon_->log().LastSequence(), 0u);
}

TEST_F(HttpServerTest, ConnectionsBeyondTheCapAreRefusedWith503) {
  StartDaemon({"--max-connections", "2"});
  HttpClient a = Public();
  HttpClient b = Public();
  ASSERT_EQ(a.Get("/healthz").status, 200);  // both now hold a keep-alive connection
  ASSERT_EQ(b.Get("/healthz").status, 200);
  TcpConnection third = Raw();
  const std::string reply = ReadUntilClose(third);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 503 ")) << reply;
  // Once one leaves, a new connection is served again.
  a.Close();
  HttpResponse r;
  for (int i = 0; i < 50; ++i) {
    HttpClient c = Public();
    r = c.Get("/healthz");
    if (r.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(r.status, 200);
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsAndReturns) {
  StartDaemon();
  HttpClient client = Public();
  ASSERT_EQ(PostSigned(client, Event("evt_1")).status, 200);
  TcpConnection idle = Raw();
  daemon_->Stop();
  EXPECT_TRUE(run_.get().ok());
  EXPECT_TRUE(idle.WaitForPeerClose(10));
  daemon_.reset();
  // The listener is gone.
  TcpConnection refused;
  EXPECT_NE(refused.Connect("127.0.0.1", public_port_, 2), "");
}

TEST_F(HttpServerTest, ManyConcurrentClientsAllGetDurableAcks) {
  StartDaemon();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client = Public();
      for (int i = 0; i < 50; ++i) {
        // Every id is sent by two threads: exactly one record each.
        const std::string id = "evt_c_" + std::to_string(t / 2) + "_" + std::to_string(i);
        ok += PostSigned(client, Event(id)).status == 200;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 400);
  EXPECT_EQ(daemon_->log().LastSequence(), 200u);
}

}  // namespace
}  // namespace subledger
