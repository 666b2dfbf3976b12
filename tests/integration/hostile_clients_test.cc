// Hostile clients against the real daemon over loopback: each attack gets a
// clear 4xx/503 with a JSON error (or, when the input is valid JSON, is
// stored safely without harming the projections), and a good client is
// served during and after each one by the same process. Every loop is
// bounded. Complements bad_input_test.cc (signatures, malformed envelopes,
// body limit, stalled clients) with protocol-level abuse; request smuggling
// and framing ambiguity are in hostile_framing_test.cc (same fixture,
// hostile_clients.h).
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/hostile_clients.h"

namespace subledger::testing {
namespace {

TEST_F(HostileClientsTest, SlowlorisTricklingHeadersOrBodyIsCutOffByAnAbsoluteDeadline) {
  // Unlike a stalled client, these keep sending a byte every 200 ms: the
  // header/body deadline must not be extended by each byte.
  const std::string body = SyntheticEvent("evt_slowloris_body", NowUnixSeconds());
  const std::string request = RawPost(body);
  TcpConnection headers, body_conn;
  ASSERT_EQ(headers.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_EQ(body_conn.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_TRUE(body_conn.SendAll(request.substr(0, request.size() - body.size())));  // full header
  // 60 x 200 ms = 12 s of trickling, far beyond the 2 s deadlines: a
  // deadline extended by each byte would keep both connections open.
  bool headers_cut = false, body_cut = false;
  for (size_t i = 0; i < 60 && !(headers_cut && body_cut); ++i) {  // <= 12 s
    if (!headers_cut) headers_cut = !headers.SendAll(std::string(1, "X-Slow: aaaaaaaaaaaa\r\n"[i % 22]));
    if (!body_cut) body_cut = !body_conn.SendAll(std::string(1, body[i % body.size()]));
    if (i % 10 == 5) ExpectGoodTrafficServed("during slowloris");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (!headers_cut) headers_cut = headers.WaitForPeerClose(0.001);
    if (!body_cut) body_cut = body_conn.WaitForPeerClose(0.001);
  }
  EXPECT_TRUE(headers_cut) << "a client trickling header bytes was never disconnected";
  EXPECT_TRUE(body_cut) << "a client trickling body bytes was never disconnected";
  ExpectGoodTrafficServed("after slowloris");
  ExpectLogHolds();  // the trickled event was never completed, so never stored
}

TEST_F(HostileClientsTest, AFloodOfConnectionsBeyondTheCapIsRefusedAndCapacityComesBack) {
  // Idle connections fill the cap; the next ones get a 503 JSON reply and are
  // closed; the admin listener (separate) answers throughout; the idle ones
  // are reclaimed by the keep-alive idle timeout without the attacker's help.
  // A longer idle timeout here, so that on a loaded machine no flood
  // connection times out (freeing a slot) before the extra one arrives.
  constexpr double kFloodIdleTimeout = 10;
  StopDaemon();
  StartDaemon({"--max-body-bytes", "8192", "--max-header-bytes", "4096", "--max-connections",
               std::to_string(kMaxConnections), "--header-timeout", "10", "--body-timeout", "2"});
  pid_ = daemon().pid();
  std::vector<TcpConnection> flood(kMaxConnections + 8);
  for (auto& c : flood) ASSERT_EQ(c.Connect("127.0.0.1", daemon().public_port(), 5), "");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the server accept them all
  TcpConnection extra;
  ASSERT_EQ(extra.Connect("127.0.0.1", daemon().public_port(), 5), "");
  // Nothing is sent: the refusal is written as soon as the server accepts.
  std::vector<RawResponse> refused = ReadResponses(extra, 1, 5);
  ASSERT_EQ(refused.size(), 1u) << "the connection beyond the cap got no reply";
  EXPECT_EQ(refused[0].status, 503);
  EXPECT_TRUE(IsJsonObject(refused[0].body)) << refused[0].body;
  EXPECT_TRUE(extra.WaitForPeerClose(5));

  HttpClient admin = AdminClient(5);
  EXPECT_EQ(admin.Get("/readyz").status, 200) << "admin listener starved by the public flood";

  // The server closes the idle flood after the idle timeout.
  int closed = 0;
  for (auto& c : flood) closed += c.WaitForPeerClose(kFloodIdleTimeout + 10) ? 1 : 0;
  EXPECT_EQ(closed, static_cast<int>(flood.size()));
  ExpectGoodTrafficServed("after the flood was reclaimed");
  for (auto& c : flood) c.Close();
  ExpectLogHolds();
}

TEST_F(HostileClientsTest, PipelinedRequestsAreAnsweredInOrder) {
  const std::string a = SyntheticEvent("evt_pipe_a", NowUnixSeconds());
  const std::string b = SyntheticEvent("evt_pipe_b", NowUnixSeconds());
  std::string wire = RawPost(a) + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + RawPost(b) + RawPost(a) +
                     "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
  TcpConnection conn;
  ASSERT_EQ(conn.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_TRUE(conn.SendAll(wire));  // all five requests in one write
  std::vector<RawResponse> r = ReadResponses(conn, 5, 15);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].status, 200);
  EXPECT_EQ(nlohmann::json::parse(r[0].body).value("duplicate", false), false);
  EXPECT_EQ(r[1].status, 200);  // /healthz
  EXPECT_EQ(r[2].status, 200);
  EXPECT_EQ(r[3].status, 200);  // a again: duplicate
  EXPECT_EQ(nlohmann::json::parse(r[3].body).value("duplicate", false), true) << r[3].body;
  EXPECT_EQ(r[4].status, 400);  // unsigned
  EXPECT_TRUE(IsJsonObject(r[4].body));
  ExpectGoodTrafficServed("after pipelining");
  ExpectLogHolds({"evt_pipe_a", "evt_pipe_b"});
}

TEST_F(HostileClientsTest, HugeHeadersGet431) {
  const std::string body = SyntheticEvent("evt_huge_header", NowUnixSeconds());
  for (const std::string& extra : {"X-Big: " + std::string(8000, 'a') + "\r\n",
                                   [] {
                                     std::string many;
                                     for (int i = 0; i < 400; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
                                     return many;
                                   }()}) {
    TcpConnection conn;
    ASSERT_EQ(conn.Connect("127.0.0.1", daemon().public_port(), 5), "");
    conn.SendAll(RawPost(body, extra));
    std::vector<RawResponse> r = ReadResponses(conn, 1, 10);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, 431);
    EXPECT_TRUE(IsJsonObject(r[0].body)) << r[0].body;
    ExpectGoodTrafficServed("after huge headers");
  }
  ExpectLogHolds();
}

TEST_F(HostileClientsTest, ChunkedBodiesBeyondTheLimitGet413AndWithinTheLimitAreAccepted) {
  // Within the limit, chunked transfer works like Content-Length.
  const std::string ok_body = SyntheticEvent("evt_chunked_ok", NowUnixSeconds());
  std::string chunked;
  for (size_t i = 0; i < ok_body.size(); i += 100) {
    std::string piece = ok_body.substr(i, 100);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    chunked += size + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  TcpConnection conn;
  ASSERT_EQ(conn.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_TRUE(conn.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Stripe-Signature: " + Signed(ok_body) +
                           "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked));
  std::vector<RawResponse> r = ReadResponses(conn, 1, 10);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 200) << r[0].body;

  // Beyond the limit (8 KiB here): chunks adding up to 64 KiB, no length declared.
  TcpConnection big;
  ASSERT_EQ(big.Connect("127.0.0.1", daemon().public_port(), 5), "");
  const std::string big_body = EventWithObject("evt_chunked_big", "\"" + std::string(64 * 1024, 'x') + "\"");
  ASSERT_TRUE(big.SendAll("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + Signed(big_body) +
                          "\r\nTransfer-Encoding: chunked\r\n\r\n"));
  for (size_t i = 0; i < big_body.size(); i += 4096) {
    std::string piece = big_body.substr(i, 4096);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    if (!big.SendAll(size + piece + "\r\n")) break;  // the server may stop reading
  }
  big.SendAll("0\r\n\r\n");
  std::vector<RawResponse> rb = ReadResponses(big, 1, 10);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(rb[0].status, 413);
  EXPECT_TRUE(IsJsonObject(rb[0].body)) << rb[0].body;
  // The limit, not a made-up length ("8193 bytes"): a chunked body has none.
  EXPECT_NE(rb[0].body.find("body is over the 8192-byte limit"), std::string::npos) << rb[0].body;
  EXPECT_EQ(rb[0].body.find("8193"), std::string::npos) << rb[0].body;
  ExpectGoodTrafficServed("after an oversized chunked body");
  ExpectLogHolds({"evt_chunked_ok"});
}

TEST_F(HostileClientsTest, InvalidUtf8IsRejected) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0xff byte", "\xff"},
      {"overlong slash", "\xc0\xaf"},
      {"encoded surrogate", "\xed\xa0\x80"},
      {"truncated sequence", "\xe2\x82"},
      {"above U+10FFFF", "\xf4\x90\x80\x80"},
  };
  for (const auto& [what, bytes] : cases) {
    ExpectSignedBodyRejected(what, EventWithObject("evt_utf8", "{\"id\":\"sub_1\",\"name\":\"a" + bytes + "b\"}"));
  }
  ExpectSignedBodyRejected("invalid UTF-8 in the id",
                           "{\"id\":\"evt_\xff\",\"type\":\"t\",\"created\":1}");
  ExpectLogHolds();
}

TEST_F(HostileClientsTest, DeeplyNestedJsonIsRejectedWithoutHarm) {
  ExpectSignedBodyRejected("depth 100", EventWithObject("evt_deep_100", Nested(100)));
  // Deeper than any recursive parser's stack would like; within the body limit.
  ExpectSignedBodyRejected("depth 3900", EventWithObject("evt_deep_3900", Nested(3900)));
  ExpectSignedBodyRejected("unclosed depth 5000", "{\"id\":\"evt_x\",\"type\":\"t\",\"created\":1,\"a\":" +
                                                      std::string(5000, '['));
  // Moderate nesting is valid JSON and is stored (data.object is then an array).
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, EventWithObject("evt_deep_ok", Nested(20)))));
  ExpectLogHolds({"evt_deep_ok"});
}

TEST_F(HostileClientsTest, NumbersThatOverflow64BitsAreRejected) {
  const std::string now = std::to_string(NowUnixSeconds());
  ExpectSignedBodyRejected("created beyond int64",
                           "{\"id\":\"evt_o1\",\"type\":\"t\",\"created\":18446744073709551616}");
  ExpectSignedBodyRejected("created = INT64_MAX + 1",
                           "{\"id\":\"evt_o2\",\"type\":\"t\",\"created\":9223372036854775808}");
  ExpectSignedBodyRejected("a huge integer inside data.object",
                           EventWithObject("evt_o3", "{\"id\":\"sub_1\",\"quantity\":123456789012345678901234567890}"));
  ExpectSignedBodyRejected("a double overflowing to infinity",
                           EventWithObject("evt_o4", "{\"id\":\"sub_1\",\"x\":1e400}"));
  ExpectSignedBodyRejected("created as a float", "{\"id\":\"evt_o5\",\"type\":\"t\",\"created\":" + now + ".5}");
  ExpectLogHolds();
}

TEST_F(HostileClientsTest, DuplicateKeysInTheEnvelopeAreRejectedAndElsewhereStoredAsReceived) {
  const std::string now = std::to_string(NowUnixSeconds());
  ExpectSignedBodyRejected("two ids",
                           "{\"id\":\"evt_d1\",\"id\":\"evt_d2\",\"type\":\"t\",\"created\":" + now + "}");
  ExpectSignedBodyRejected("two types",
                           "{\"id\":\"evt_d3\",\"type\":\"a\",\"type\":\"b\",\"created\":" + now + "}");
  ExpectSignedBodyRejected("two created",
                           "{\"id\":\"evt_d4\",\"type\":\"a\",\"created\":1,\"created\":" + now + "}");
  // Inside data.object a duplicate key is valid JSON: stored byte for byte.
  const std::string body = EventWithObject(
      "evt_d5", "{\"id\":\"sub_dup\",\"object\":\"subscription\",\"status\":\"active\",\"status\":\"canceled\"}");
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, body)));
  std::vector<ExportedEvent> stored = StoredEvents();  // stops and restarts the daemon
  pid_ = daemon().pid();
  bool found = false;
  for (const ExportedEvent& e : stored) found |= e.id == "evt_d5" && e.body == body;
  EXPECT_TRUE(found) << "the event with a duplicate inner key was not stored byte for byte";
  ExpectGoodTrafficServed("after duplicate keys");
  ExpectLogHolds({"evt_d5"});
}

TEST_F(HostileClientsTest, ASignedEventWhoseDataObjectIsNotAnObjectIsStoredAndIgnoredByProjections) {
  // Valid envelopes: acknowledged and logged (Stripe would retry forever
  // otherwise); the projector must skip them, not crash or stall.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"evt_nobj_string", "\"sub_123\""}, {"evt_nobj_array", "[1,2,3]"},
      {"evt_nobj_null", "null"},          {"evt_nobj_number", "42"},
      {"evt_nobj_bool", "true"},
  };
  HttpClient client = Client();
  std::vector<std::string> ids;
  for (const auto& [id, object] : cases) {
    EXPECT_TRUE(IsFreshAck(PostSigned(client, EventWithObject(id, object)))) << id;
    ids.push_back(id);
  }
  // And "data" itself not an object, or missing.
  const std::string now = std::to_string(NowUnixSeconds());
  EXPECT_TRUE(IsFreshAck(PostSigned(
      client, "{\"id\":\"evt_nobj_data\",\"type\":\"customer.subscription.updated\",\"created\":" + now +
                  ",\"data\":\"x\"}")));
  ids.push_back("evt_nobj_data");
  EXPECT_TRUE(IsFreshAck(PostSigned(
      client, "{\"id\":\"evt_nobj_payment\",\"type\":\"payment_intent.succeeded\",\"created\":" + now +
                  ",\"data\":{\"object\":[]}}")));
  ids.push_back("evt_nobj_payment");

  // The projections keep working: a real subscription after them is visible.
  ExpectGoodTrafficServed("after non-object data.object");
  HttpClient admin = AdminClient(5);
  HttpResponse sub;
  for (int i = 0; i < 100; ++i) {  // the projector follows the log asynchronously; <= 10 s
    const std::string& id = good_ids_.back();  // SyntheticEvent's subscription id:
    sub = admin.Get("/v1/subscriptions/sub_" + id.substr(id.size() > 12 ? id.size() - 12 : 0));
    if (sub.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(sub.status, 200) << "the projector did not get past the odd events: " << sub.body;
  HttpResponse ready = admin.Get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  HttpResponse report = admin.Get("/v1/report");
  EXPECT_EQ(report.status, 200) << report.body;
  ExpectLogHolds(ids);
}

}  // namespace
}  // namespace subledger::testing
