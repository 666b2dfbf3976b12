// SerializeReply: the bytes of every response the daemon writes.
#include "ingest/http_session.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

TEST(SerializeReplyTest, KeepAliveHttp11) {
  std::string out;
  SerializeReply(HttpReply{200, "application/json", R"({"received":true})", ""}, true, false, false,
                 out);
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"
            R"({"received":true})");
}

TEST(SerializeReplyTest, CloseAndAllowHeaders) {
  std::string out = "stale bytes from the previous reply";
  SerializeReply(HttpReply{405, "application/json", "{}", "GET, HEAD"}, false, false, false, out);
  EXPECT_EQ(out,
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n"
            "Content-Length: 2\r\nAllow: GET, HEAD\r\nConnection: close\r\n\r\n{}");
}

TEST(SerializeReplyTest, Http10KeepAliveIsExplicit) {
  std::string out;
  SerializeReply(HttpReply{200, "text/plain", "ok", ""}, true, true, false, out);
  EXPECT_NE(out.find("\r\nConnection: keep-alive\r\n"), std::string::npos);
  EXPECT_NE(out.find("Content-Type: text/plain"), std::string::npos);
}

TEST(SerializeReplyTest, HeadOmitsTheBodyButKeepsItsLength) {
  std::string out;
  SerializeReply(HttpReply{200, "application/json", R"({"status":"ok"})", ""}, true, false, true,
                 out);
  EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n");
}

TEST(SerializeReplyTest, EmptyContentTypeDefaultsToJson) {
  std::string out;
  SerializeReply(HttpReply{503, "", "{}", ""}, true, false, false, out);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json"));
}

}  // namespace
}  // namespace subledger
