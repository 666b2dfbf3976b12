// Every class of bad input over real HTTP: the daemon answers with the right
// status and a JSON error, writes nothing (the export stays as it was), and
// keeps serving good clients.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"

namespace subledger::testing {
namespace {

class BadInputTest : public DaemonTest {
 protected:
  // Small limits and short read timeouts so the limit and slow-client cases
  // run quickly.
  void SetUp() override {
    StartDaemon({"--max-body-bytes", "8192", "--header-timeout", "3", "--body-timeout", "3"});
  }

  // Posts `body` with `signature`, expects `status` and a JSON error, and
  // checks the log still holds exactly `expected_events` and the daemon answers.
  void ExpectRejected(const std::string& what, const std::string& body, const std::string& signature,
                      int status = 400) {
    HttpClient client = Client();
    HttpResponse r = PostWithSignature(client, body, signature);
    EXPECT_EQ(r.status, status) << what << ": " << r.error << " " << r.body;
    EXPECT_TRUE(IsJsonObject(r.body)) << what << ": error body is not a JSON object: " << r.body;
    ExpectDaemonAnswers();  // the same process, still serving
    EXPECT_EQ(Export().size(), expected_events) << what << " changed the log";
  }
  void ExpectRejectedSigned(const std::string& what, const std::string& body, int status = 400) {
    ExpectRejected(what, body, SignStripe(kSecret, body, NowUnixSeconds()), status);
  }
  // A good event still goes through, and the log grows by one.
  void ExpectGoodEventAccepted(const std::string& id) {
    HttpClient client = Client();
    HttpResponse r = PostSigned(client, SyntheticEvent(id, NowUnixSeconds()));
    EXPECT_TRUE(IsFreshAck(r)) << r.status << " " << r.error << " " << r.body;
    ++expected_events;
    EXPECT_EQ(Export().size(), expected_events);
  }

  size_t expected_events = 0;
};

TEST_F(BadInputTest, MissingOrMalformedSignatureHeaderIsRejected) {
  const std::string body = SyntheticEvent("evt_badsig_1", NowUnixSeconds());
  const std::string good = SignStripe(kSecret, body, NowUnixSeconds());
  const std::string t = std::to_string(NowUnixSeconds());
  ExpectRejected("no Stripe-Signature header", body, "");
  ExpectRejected("garbage header", body, "garbage");
  ExpectRejected("no timestamp", body, good.substr(good.find("v1=")));
  ExpectRejected("no v1", body, "t=" + t);
  ExpectRejected("non-numeric timestamp", body, "t=abc," + good.substr(good.find("v1=")));
  ExpectRejected("empty v1", body, "t=" + t + ",v1=");
  ExpectRejected("truncated v1", body, good.substr(0, good.size() - 2));
  ExpectRejected("upper-case hex v1", body, [&] {
    std::string s = good;
    for (size_t i = s.find("v1=") + 3; i < s.size(); ++i) s[i] = static_cast<char>(std::toupper(s[i]));
    return s;
  }());
  // v0 is ignored, as in Stripe's SDKs: a correct HMAC under v0 does not count.
  ExpectRejected("only v0", body, "t=" + good.substr(2, good.find(',') - 2) + ",v0=" + good.substr(good.find("v1=") + 3));
  ExpectGoodEventAccepted("evt_badsig_control");
}

TEST_F(BadInputTest, WrongSecretOrTamperedBodyIsRejected) {
  const std::string body = SyntheticEvent("evt_tamper_1", NowUnixSeconds());
  ExpectRejected("wrong secret", body, SignStripe("whsec_not_the_secret", body, NowUnixSeconds()));
  ExpectRejected("secret without whsec_ prefix", body,
                 SignStripe(std::string(kSecret).substr(6), body, NowUnixSeconds()));
  std::string tampered = body;
  tampered.replace(tampered.find("2900"), 4, "0001");
  ExpectRejected("tampered body", tampered, SignStripe(kSecret, body, NowUnixSeconds()));
  ExpectRejected("trailing byte added", body + " ", SignStripe(kSecret, body, NowUnixSeconds()));
  ExpectGoodEventAccepted("evt_tamper_control");
}

TEST_F(BadInputTest, StaleAndFutureTimestampsAreRejected) {
  const int64_t now = NowUnixSeconds();
  const std::string body = SyntheticEvent("evt_stale_1", now);
  // Default tolerance is 300 s; stay well clear of the edge.
  ExpectRejected("stale (now - 400 s)", body, SignStripe(kSecret, body, now - 400));
  ExpectRejected("very old (2015)", body, SignStripe(kSecret, body, 1420070400));
  ExpectRejected("future (now + 400 s)", body, SignStripe(kSecret, body, now + 400));
  ExpectRejected("timestamp 0", body, SignStripe(kSecret, body, 0));
  // Inside the window both ways is fine.
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_window_past", now), kSecret, now - 120)));
  EXPECT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_window_future", now), kSecret, now + 120)));
  EXPECT_EQ(Export().size(), 2u);
}

TEST_F(BadInputTest, MalformedJsonIsRejected) {
  const std::string good = SyntheticEvent("evt_json_1", NowUnixSeconds());
  ExpectRejectedSigned("empty body", "");
  ExpectRejectedSigned("truncated", good.substr(0, good.size() / 2));
  ExpectRejectedSigned("trailing garbage", good + "x");
  ExpectRejectedSigned("two objects", good + good);
  ExpectRejectedSigned("missing closing brace", good.substr(0, good.size() - 1));
  ExpectRejectedSigned("single quotes", "{'id':'evt_q','type':'x','created':1}");
  ExpectRejectedSigned("trailing comma", R"({"id":"evt_tc","type":"x","created":1,})");
  ExpectRejectedSigned("unquoted key", R"({id:"evt_uk","type":"x","created":1})");
  ExpectRejectedSigned("invalid UTF-8", std::string(R"({"id":"evt_utf8","type":"x","created":1,"name":")") +
                                            "\xff\xfe" + "\"}");
  ExpectRejectedSigned("bad escape", R"({"id":"evt_esc","type":"x","created":1,"d":"\q"})");
  ExpectRejectedSigned("control character in string", std::string(R"({"id":"evt_ctl","type":"x","created":1,"d":")") +
                                                          '\x01' + "\"}");
  ExpectRejectedSigned("NaN literal", R"({"id":"evt_nan","type":"x","created":1,"d":NaN})");
  ExpectRejectedSigned("leading zero number", R"({"id":"evt_lz","type":"x","created":01})");
  // Far deeper than any Stripe object.
  ExpectRejectedSigned("nesting 1000 deep", R"({"id":"evt_deep","type":"x","created":1,"d":)" +
                                                std::string(1000, '[') + std::string(1000, ']') + "}");
  ExpectRejectedSigned("top-level array", "[" + good + "]");
  ExpectRejectedSigned("top-level string", R"("evt_json_1")");
  ExpectGoodEventAccepted("evt_json_control");
}

TEST_F(BadInputTest, EnvelopeWithoutIdTypeOrIntegerCreatedIsRejected) {
  ExpectRejectedSigned("missing id", R"({"object":"event","type":"invoice.paid","created":1700000000})");
  ExpectRejectedSigned("missing type", R"({"id":"evt_env_2","object":"event","created":1700000000})");
  ExpectRejectedSigned("missing created", R"({"id":"evt_env_3","object":"event","type":"invoice.paid"})");
  ExpectRejectedSigned("numeric id", R"({"id":12345,"type":"invoice.paid","created":1700000000})");
  ExpectRejectedSigned("null type", R"({"id":"evt_env_5","type":null,"created":1700000000})");
  ExpectRejectedSigned("string created", R"({"id":"evt_env_6","type":"invoice.paid","created":"1700000000"})");
  ExpectRejectedSigned("fractional created", R"({"id":"evt_env_7","type":"invoice.paid","created":1700000000.5})");
  ExpectRejectedSigned("created beyond int64", R"({"id":"evt_env_8","type":"invoice.paid","created":99999999999999999999999})");
  ExpectRejectedSigned("empty object", "{}");
  // An escaped spelling of an envelope key is that key: a duplicate.
  ExpectRejectedSigned("escaped duplicate id",
                       R"({"id":"evt_env_9","\u0069d":"evt_env_10","type":"invoice.paid","created":1700000000})");
  ExpectRejectedSigned("non-string account", R"({"id":"evt_env_11","type":"invoice.paid","created":1700000000,"account":7})");
  ExpectGoodEventAccepted("evt_env_control");
}

TEST_F(BadInputTest, ImplausibleCreatedIsRejected) {
  // Revenue model v2 §1: not a Stripe event time.
  const int64_t now = NowUnixSeconds();
  auto event = [](const std::string& id, const std::string& created) {
    return R"({"id":")" + id + R"(","object":"event","type":"invoice.paid","created":)" + created + "}";
  };
  ExpectRejectedSigned("created before 2010", event("evt_cr_1", "1262303999"));
  ExpectRejectedSigned("created 0", event("evt_cr_2", "0"));
  ExpectRejectedSigned("created in milliseconds", event("evt_cr_3", std::to_string(now * 1000)));
  ExpectRejectedSigned("created two days ahead", event("evt_cr_4", std::to_string(now + 2 * 86400)));
  ExpectRejectedSigned("created in year 178 million", event("evt_cr_5", "5647000000000000"));
  ExpectRejectedSigned("created as 1767225599.0", event("evt_cr_6", "1767225599.0"));
  ExpectRejectedSigned("created as 1.7e9", event("evt_cr_7", "1.7e9"));
  // Within a day ahead (clock skew) is a Stripe time.
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, event("evt_cr_skewed", std::to_string(now + 3600)))));
  ++expected_events;
  ExpectGoodEventAccepted("evt_cr_control");
}

TEST_F(BadInputTest, TheSignatureTimestampIsReadAsAnInteger) {
  // Stripe's SDKs sign "<integer t>.body": t=000<T> carries the signature over
  // "<T>.body"; one over the literal "000<T>.body" is not Stripe's.
  const std::string body = SyntheticEvent("evt_ts_padded", NowUnixSeconds());
  const std::string t = std::to_string(NowUnixSeconds());
  const std::string sdk_v1 = HmacSha256Hex(kSecret, t + "." + body);
  ExpectRejected("signature over the literal 000<t> text", body,
                 "t=000" + t + ",v1=" + HmacSha256Hex(kSecret, "000" + t + "." + body));
  ExpectRejected("sign in the timestamp", body, "t=+" + t + ",v1=" + sdk_v1);
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostWithSignature(client, body, "t=000" + t + ",v1=" + sdk_v1)));
  EXPECT_EQ(Export().size(), 1u);
}

TEST_F(BadInputTest, BodyOverTheLimitGets413) {
  // Started with --max-body-bytes 8192.
  std::string big = SyntheticEvent("evt_big_1", NowUnixSeconds());
  big.insert(big.size() - 1, R"(,"padding":")" + std::string(9000, 'a') + "\"");
  ExpectRejectedSigned("9 KB body over an 8 KB limit", big, 413);
  std::string huge = SyntheticEvent("evt_big_2", NowUnixSeconds());
  huge.insert(huge.size() - 1, R"(,"padding":")" + std::string(2 << 20, 'b') + "\"");
  {
    // 2 MiB: the server may answer 413 before reading it all, then close.
    HttpClient client = Client();
    HttpResponse r = PostSigned(client, huge);
    EXPECT_TRUE(r.status == 413 || r.status == 0) << r.status << " " << r.body;
    ExpectDaemonAnswers();
    EXPECT_EQ(Export().size(), expected_events);
  }
  // Just under the limit is fine.
  std::string fits = SyntheticEvent("evt_fits_1", NowUnixSeconds());
  fits.insert(fits.size() - 1, R"(,"padding":")" + std::string(8000 - fits.size(), 'c') + "\"");
  ASSERT_LE(fits.size(), 8192u);
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, fits)));
  EXPECT_EQ(Export().size(), 1u);
}

TEST_F(BadInputTest, WrongMethodGets405AndUnknownPathGets404) {
  const std::string body = SyntheticEvent("evt_route_1", NowUnixSeconds());
  const std::string sig = SignStripe(kSecret, body, NowUnixSeconds());
  HttpClient client = Client();
  for (const std::string method : {"GET", "PUT", "DELETE", "PATCH"}) {
    HttpResponse r = client.Request(method, kWebhookPath, method == "GET" || method == "DELETE" ? "" : body,
                                    {{"Stripe-Signature", sig}});
    EXPECT_EQ(r.status, 405) << method << " " << kWebhookPath << ": " << r.error << r.body;
  }
  for (const std::string target : {"/", "/webhooks", "/webhooks/stripe/extra", "/webhooks/paypal",
                                   "/readyz", "/metrics"}) {
    HttpResponse r = client.Request("POST", target, body, {{"Stripe-Signature", sig}});
    EXPECT_TRUE(r.status == 404 || r.status == 405) << "POST " << target << ": " << r.status;
    HttpResponse g = client.Get(target);
    EXPECT_EQ(g.status, 404) << "GET " << target << " on the public listener: " << g.status;
  }
  ExpectDaemonAnswers();
  EXPECT_TRUE(Export().empty());
  ExpectGoodEventAccepted("evt_route_control");
}

TEST_F(BadInputTest, SlowClientsAreCutOffWhileGoodClientsAreServed) {
  // One client sends half the headers and stalls; another sends full headers
  // and part of the body and stalls. Neither may hold up a good client, and
  // the server's read timeouts (3 s here) close both connections.
  const pid_t pid = daemon().pid();
  TcpConnection half_headers, half_body;
  ASSERT_EQ(half_headers.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_EQ(half_body.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_TRUE(half_headers.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"));
  const std::string body = SyntheticEvent("evt_slow_1", NowUnixSeconds());
  ASSERT_TRUE(half_body.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nStripe-Signature: " +
                                SignStripe(kSecret, body, NowUnixSeconds()) +
                                "\r\nContent-Type: application/json\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 100)));

  // Good clients are served meanwhile, by the same process.
  std::vector<std::string> good_ids;
  HttpClient client = Client();
  for (int i = 0; i < 20; ++i) {
    good_ids.push_back("evt_slow_good_" + std::to_string(i));
    HttpResponse r = PostSigned(client, SyntheticEvent(good_ids.back(), NowUnixSeconds()));
    EXPECT_TRUE(IsFreshAck(r)) << r.status << " " << r.error << " " << r.body;
  }
  std::atomic<bool> headers_closed{false}, body_closed{false};
  std::thread t1([&] { headers_closed = half_headers.WaitForPeerClose(30); });
  std::thread t2([&] { body_closed = half_body.WaitForPeerClose(30); });
  // Still serving while the stalled ones wait for their timeout.
  good_ids.push_back("evt_slow_good_during_wait");
  HttpClient other = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(other, SyntheticEvent(good_ids.back(), NowUnixSeconds()))));
  t1.join();
  t2.join();
  EXPECT_TRUE(headers_closed) << "a client stalled mid-headers was not disconnected";
  EXPECT_TRUE(body_closed) << "a client stalled mid-body was not disconnected";
  EXPECT_EQ(daemon().pid(), pid);
  ExpectDaemonAnswers();
  // Exactly the good events were written; not the half-delivered one.
  std::vector<ExportedEvent> exported = Export();
  ASSERT_EQ(exported.size(), good_ids.size());
  for (size_t i = 0; i < good_ids.size(); ++i) EXPECT_EQ(exported[i].id, good_ids[i]);
}

}  // namespace
}  // namespace subledger::testing
