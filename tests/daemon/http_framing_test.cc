// Request smuggling and framing ambiguity (ingest/http_framing.h) against
// the in-process daemon over raw loopback sockets: a request whose length
// could be read two ways is answered 400 and the connection closed, so
// nothing hidden in its body is ever taken for the next request; trailer
// fields never count as header fields; HTTP/1.1 needs exactly one Host; an
// absolute-form target is routed like its path.
#include <gtest/gtest.h>

#include <future>

#include "daemon/daemon.h"
#include "ingest/http_framing.h"
#include "ingest/json_log.h"
#include "tests/support/http_client.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

using testing::TcpConnection;

constexpr const char* kSecret = "whsec_http_framing_test";

std::string Event(const std::string& id) {
  return R"({"id":")" + id + R"(","object":"event","type":"customer.created","created":)" +
         std::to_string(testing::NowUnixSeconds()) +
         R"(,"data":{"object":{"id":"cus_1","object":"customer"}}})";
}

std::string Signature(const std::string& body) {
  return testing::SignStripe(kSecret, body, testing::NowUnixSeconds());
}

// A complete, correctly signed webhook request (what a smuggler hides).
std::string SignedRequest(const std::string& body, const std::string& target = "/webhooks/stripe") {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + Signature(body) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string Chunk(const std::string& data) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

class HttpFramingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JsonLog::SetInfoEnabled(false);
    auto config = ParseDaemonConfig({"--data-dir", tmp_.Sub("data"), "--listen", "127.0.0.1:0",
                                     "--admin-listen", "127.0.0.1:0", "--header-timeout", "5"},
                                    [](const char*) -> const char* { return nullptr; });
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    config->webhook_secrets = {kSecret};
    auto daemon = Daemon::Open(*config);
    ASSERT_TRUE(daemon.ok()) << daemon.status().ToString();
    daemon_ = std::move(daemon).value();
    run_ = std::async(std::launch::async, [this] { return daemon_->Run(false); });
  }
  void TearDown() override {
    daemon_->Stop();
    EXPECT_TRUE(run_.get().ok());
    daemon_.reset();
    JsonLog::SetInfoEnabled(true);
  }

  // Sends `wire` on a fresh connection and returns everything the server
  // wrote before it closed (bounded).
  std::string Exchange(const std::string& wire, uint16_t port = 0) {
    TcpConnection conn;
    EXPECT_EQ(conn.Connect("127.0.0.1", port != 0 ? port : daemon_->server().public_endpoint().port(), 5), "");
    EXPECT_TRUE(conn.SendAll(wire));
    std::string all;
    for (int i = 0; i < 50; ++i) {
      const long n = conn.Receive(all, 0.1);
      if (n == 0 || n == -1) break;
    }
    return all;
  }

  // Status lines: "HTTP/1.1 " at the start or right after a (JSON) body.
  static int Responses(const std::string& wire) {
    int n = 0;
    for (size_t p = wire.find("HTTP/1.1 "); p != std::string::npos; p = wire.find("HTTP/1.1 ", p + 1)) {
      n += p == 0 || wire[p - 1] == '}' || wire[p - 1] == '\n';
    }
    return n;
  }

  // One 400 naming a malformed request, the connection closed, nothing stored.
  void ExpectRefused(const std::string& what, const std::string& wire) {
    const std::string reply = Exchange(wire);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400 ")) << what << ": " << reply;
    EXPECT_NE(reply.find("malformed HTTP request"), std::string::npos) << what << ": " << reply;
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << what;
    EXPECT_EQ(Responses(reply), 1) << what << ": the hidden request was answered too: " << reply;
    EXPECT_EQ(daemon_->log().LastSequence(), 0u) << what << " stored an event";
  }

  testing::TempDir tmp_;
  std::unique_ptr<Daemon> daemon_;
  std::future<Status> run_;
};

TEST_F(HttpFramingTest, ATransferEncodingOtherThanChunkedIsRefusedNotReadAsNoBody) {
  const std::string hidden = SignedRequest(Event("evt_smuggled"));
  for (const std::string te : {"gzip", "xchunked", "identity", "chunked, identity", "gzip, chunked",
                               "chunked;q=1", "deflate"}) {
    ExpectRefused("Transfer-Encoding: " + te,
                  "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n" + hidden);
  }
  ExpectRefused("two Transfer-Encoding fields",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n"
                "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden);
  ExpectRefused("Transfer-Encoding in HTTP/1.0",
                "POST /webhooks/stripe HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden);
  ExpectRefused("Transfer-Encoding on a GET", "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" + hidden);
}

TEST_F(HttpFramingTest, ContentLengthWithTransferEncodingIsRefusedInEitherOrder) {
  const std::string body = Event("evt_cl_te");
  const std::string chunked = Chunk(body) + "0\r\n\r\n";
  const std::string sig = Signature(body);
  ExpectRefused("CL then TE", "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + sig +
                                  "\r\nContent-Length: " + std::to_string(chunked.size()) +
                                  "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
  ExpectRefused("TE then CL", "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + sig +
                                  "\r\nTransfer-Encoding: chunked\r\nContent-Length: " +
                                  std::to_string(chunked.size()) + "\r\n\r\n" + chunked);
}

TEST_F(HttpFramingTest, TrailerFieldsNeverCountAsHeaderFields) {
  const std::string body = Event("evt_trailer");
  // The signature only in the trailer: once accepted as if it were a header.
  ExpectRefused("Stripe-Signature in the trailer",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk(body) +
                    "0\r\nStripe-Signature: " + Signature(body) + "\r\n\r\n");
  ExpectRefused("a harmless trailer field",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + Signature(body) +
                    "\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk(body) + "0\r\nX-Checksum: abc\r\n\r\n");
  // Without a trailer, chunked works.
  const std::string ok = Exchange("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nStripe-Signature: " +
                                  Signature(body) + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk(body) + "0\r\n\r\n");
  EXPECT_TRUE(ok.starts_with("HTTP/1.1 200 ")) << ok;
  EXPECT_EQ(daemon_->log().LastSequence(), 1u);
}

TEST_F(HttpFramingTest, AnEndlessChunkExtensionOrTrailerIsRefusedNotBuffered) {
  // Neither counts towards the body limit: unbounded, the server buffered
  // every byte until the body deadline (memory for any anonymous client).
  const std::string endless(2 << 20, 'x');
  const std::string head = "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  ExpectRefused("an endless chunk extension", head + "1;" + endless);
  ExpectRefused("an endless chunk size line", head + std::string(100000, '0'));
  ExpectRefused("an endless trailer field", head + Chunk(Event("evt_trailer")) + "0\r\nX-Pad: " + endless);
}

TEST_F(HttpFramingTest, Http11NeedsExactlyOneHost) {
  ExpectRefused("no Host", "GET /healthz HTTP/1.1\r\n\r\n");
  ExpectRefused("two Host fields", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
  ExpectRefused("no Host on a webhook", [] {
    const std::string body = Event("evt_no_host");
    return "POST /webhooks/stripe HTTP/1.1\r\nStripe-Signature: " + Signature(body) +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }());
  // HTTP/1.0 has no Host requirement.
  EXPECT_TRUE(Exchange("GET /healthz HTTP/1.0\r\n\r\n").starts_with("HTTP/1.1 200 "));
}

TEST_F(HttpFramingTest, AbsoluteFormTargetsAreRoutedLikeTheirPath) {
  const uint16_t port = daemon_->server().public_endpoint().port();
  const std::string body = Event("evt_absolute");
  const std::string reply =
      Exchange(SignedRequest(body, "http://127.0.0.1:" + std::to_string(port) + "/webhooks/stripe"));
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 ")) << reply;
  EXPECT_EQ(daemon_->log().LastSequence(), 1u);
  EXPECT_TRUE(Exchange("GET HTTP://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 200 "));
  EXPECT_TRUE(Exchange("GET http://x/webhooks/stripe?a=b HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 405 "));
  EXPECT_TRUE(Exchange("GET http://x/readyz HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 404 "))
      << "the public listener does not serve /readyz in any form";
  EXPECT_TRUE(Exchange("GET http://x/readyz HTTP/1.1\r\nHost: x\r\n\r\n", daemon_->server().admin_endpoint().port())
                  .starts_with("HTTP/1.1 200 "));
}

TEST(HttpFramingRules, TargetForms) {
  EXPECT_EQ(TargetPath("http://h:1/webhooks/stripe?x=1"), "/webhooks/stripe");
  EXPECT_EQ(TargetQuery("HTTPS://h/a?x=1"), "x=1");
  EXPECT_EQ(TargetPath("http://h"), "");
  EXPECT_EQ(TargetPath("/webhooks/stripe"), "/webhooks/stripe");
  EXPECT_EQ(TargetPath("/http://h/x"), "/http://h/x");
}

}  // namespace
}  // namespace subledger
