// Request smuggling and framing ambiguity against the real daemon (the
// hostile-client suite, hostile_clients.h): a request whose body length
// could be read two ways is answered 400 and its connection closed, so a
// signed webhook hidden in its body is never taken for the next request;
// trailer fields never count as header fields; HTTP/1.1 needs Host; an
// absolute-form target is routed like its path; escaped duplicate envelope
// keys are refused. A good client is served after each, and the log holds
// exactly the good events.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/integration/hostile_clients.h"

namespace subledger::testing {
namespace {

std::string Chunk(const std::string& data) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

class HostileFramingTest : public HostileClientsTest {
 protected:
  // Sends `wire` on a fresh connection: exactly one 400 JSON reply, then the
  // server closes; nothing hidden behind it is answered.
  void ExpectOneRefusal(const std::string& what, const std::string& wire) {
    TcpConnection conn;
    ASSERT_EQ(conn.Connect("127.0.0.1", daemon().public_port(), 5), "");
    conn.SendAll(wire);
    std::vector<RawResponse> r = ReadResponses(conn, 2, 5);
    ASSERT_GE(r.size(), 1u) << what << ": no reply";
    EXPECT_EQ(r[0].status, 400) << what << ": " << r[0].body;
    EXPECT_TRUE(IsJsonObject(r[0].body)) << what << ": " << r[0].body;
    EXPECT_EQ(r.size(), 1u) << what << ": the request hidden in the body was answered too";
    EXPECT_TRUE(conn.WaitForPeerClose(5)) << what << ": the connection stayed open";
    ExpectGoodTrafficServed("after " + what);
  }
};

TEST_F(HostileFramingTest, ATransferEncodingOtherThanChunkedDoesNotSmuggleTheBodyAsARequest) {
  int n = 0;
  for (const std::string te : {"gzip", "xchunked", "identity", "chunked, identity", "gzip, chunked"}) {
    const std::string hidden = RawPost(SyntheticEvent("evt_smuggled_" + std::to_string(n++), NowUnixSeconds()));
    ExpectOneRefusal("Transfer-Encoding: " + te,
                     "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n" + hidden);
  }
  const std::string hidden = RawPost(SyntheticEvent("evt_smuggled_two_te", NowUnixSeconds()));
  ExpectOneRefusal("two Transfer-Encoding fields",
                   "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden);
  ExpectLogHolds();
}

TEST_F(HostileFramingTest, ContentLengthTogetherWithTransferEncodingIsRefused) {
  const std::string body = SyntheticEvent("evt_cl_te", NowUnixSeconds());
  const std::string chunked = Chunk(body) + "0\r\n\r\n";
  const std::string head = "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + Signed(body) + "\r\n";
  ExpectOneRefusal("Content-Length then Transfer-Encoding",
                   head + "Content-Length: " + std::to_string(chunked.size()) +
                       "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
  ExpectOneRefusal("Transfer-Encoding then Content-Length",
                   head + "Transfer-Encoding: chunked\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n\r\n" + body);
  ExpectLogHolds();
}

TEST_F(HostileFramingTest, ASignatureSentOnlyInAChunkedTrailerIsNotAHeader) {
  const std::string body = SyntheticEvent("evt_trailer_sig", NowUnixSeconds());
  ExpectOneRefusal("Stripe-Signature in the trailer",
                   "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk(body) +
                       "0\r\nStripe-Signature: " + Signed(body) + "\r\n\r\n");
  ExpectOneRefusal("any trailer field",
                   "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: " + Signed(body) +
                       "\r\nTransfer-Encoding: chunked\r\n\r\n" + Chunk(body) + "0\r\nX-Anything: 1\r\n\r\n");
  ExpectLogHolds();
}

TEST_F(HostileFramingTest, Http11WithoutHostOrWithTwoIsRefused) {
  const std::string body = SyntheticEvent("evt_no_host", NowUnixSeconds());
  const std::string rest = "Stripe-Signature: " + Signed(body) + "\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n" + body;
  ExpectOneRefusal("no Host", "POST /webhooks/stripe HTTP/1.1\r\n" + rest);
  ExpectOneRefusal("two Host fields", "POST /webhooks/stripe HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + rest);
  ExpectLogHolds();
}

TEST_F(HostileFramingTest, AnAbsoluteFormTargetIsRoutedLikeItsPath) {
  const std::string body = SyntheticEvent("evt_absolute_form", NowUnixSeconds());
  TcpConnection conn;
  ASSERT_EQ(conn.Connect("127.0.0.1", daemon().public_port(), 5), "");
  ASSERT_TRUE(conn.SendAll("POST http://127.0.0.1:" + std::to_string(daemon().public_port()) +
                           "/webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nStripe-Signature: " + Signed(body) +
                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body +
                           "GET HTTP://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::vector<RawResponse> r = ReadResponses(conn, 2, 10);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, 200) << r[0].body;
  EXPECT_EQ(r[1].status, 200) << r[1].body;
  ExpectGoodTrafficServed("after absolute-form targets");
  ExpectLogHolds({"evt_absolute_form"});
}

TEST_F(HostileFramingTest, EscapedDuplicateEnvelopeKeysAreRefused) {
  // Stored under evt_A, read as evt_B by every standard JSON parser: refused.
  const std::string now = std::to_string(NowUnixSeconds());
  ExpectSignedBodyRejected("escaped duplicate id",
                           R"({"id":"evt_esc_A","\u0069d":"evt_esc_B","type":"t","created":)" + now + "}");
  ExpectSignedBodyRejected("escaped duplicate type",
                           R"({"id":"evt_esc_C","type":"a","\u0074ype":"b","created":)" + now + "}");
  ExpectSignedBodyRejected("escaped duplicate created",
                           R"({"id":"evt_esc_D","type":"a","created":)" + now + R"(,"cr\u0065ated":1})");
  ExpectSignedBodyRejected("escaped duplicate data.object.id",
                           EventWithObject("evt_esc_E", R"({"id":"sub_1","\u0069d":"sub_2","object":"subscription"})"));
  ExpectLogHolds();
}

}  // namespace
}  // namespace subledger::testing
