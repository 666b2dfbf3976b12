// The hostile-client suite's fixture (HostileClientsTest), shared by
// hostile_clients_test.cc (connection-level abuse and odd bodies) and
// hostile_framing_test.cc (request smuggling and framing ambiguity): a real
// daemon with small limits, raw-socket helpers, and checks that a good
// client is served by the same process and that the log holds exactly the
// good events.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"

namespace subledger::testing {

inline constexpr int kMaxConnections = 16;

struct RawResponse {
  int status = 0;
  std::string body;
};

// Reads up to `count` HTTP/1.1 responses (Content-Length framed) from `conn`.
inline std::vector<RawResponse> ReadResponses(TcpConnection& conn, size_t count, double timeout_seconds) {
  std::vector<RawResponse> out;
  std::string buf;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int>(timeout_seconds * 1000));
  while (out.size() < count) {
    const size_t head_end = buf.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      RawResponse r;
      r.status = std::atoi(buf.substr(9, 3).c_str());
      size_t length = 0;
      std::string head = buf.substr(0, head_end);
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const size_t cl = head.find("content-length:");
      if (cl != std::string::npos) length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
      if (buf.size() >= head_end + 4 + length) {
        r.body = buf.substr(head_end + 4, length);
        buf.erase(0, head_end + 4 + length);
        out.push_back(r);
        continue;
      }
    }
    const double left =
        std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0 || conn.Receive(buf, left) <= 0) break;
  }
  return out;
}

inline std::string Nested(int depth) {
  return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']');
}

// A webhook whose data.object carries `object_json` verbatim.
inline std::string EventWithObject(const std::string& id, const std::string& object_json,
                            const std::string& type = "customer.subscription.updated") {
  return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":" +
         std::to_string(NowUnixSeconds()) + ",\"livemode\":false,\"type\":\"" + type +
         "\",\"data\":{\"object\":" + object_json + "}}";
}

class HostileClientsTest : public DaemonTest {
 protected:
  void SetUp() override {
    StartDaemon({"--max-body-bytes", "8192", "--max-header-bytes", "4096", "--max-connections",
                 std::to_string(kMaxConnections), "--header-timeout", "2", "--body-timeout", "2"});
    pid_ = daemon().pid();
  }

  std::string Signed(const std::string& body) { return SignStripe(kSecret, body, NowUnixSeconds()); }

  // A raw request with the given extra header lines and body bytes.
  std::string RawPost(const std::string& body, const std::string& extra_headers = "") {
    return "POST /webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Stripe-Signature: " + Signed(body) + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n" + extra_headers + "\r\n" + body;
  }

  // A fresh good event is acknowledged by the same process; remembers its id.
  void ExpectGoodTrafficServed(const std::string& when) {
    HttpClient client = Client(10);
    const std::string id = "evt_good_" + std::to_string(good_ids_.size());
    HttpResponse r = PostSigned(client, SyntheticEvent(id, NowUnixSeconds()));
    EXPECT_TRUE(IsFreshAck(r)) << when << ": " << r.status << " " << r.error << " " << r.body;
    if (IsFreshAck(r)) good_ids_.push_back(id);
    EXPECT_EQ(daemon().pid(), pid_) << when;
    EXPECT_TRUE(daemon().IsRunning()) << when;
  }

  // Posts a correctly signed `body`; expects `status` with a JSON error naming it.
  void ExpectSignedBodyRejected(const std::string& what, const std::string& body, int status = 400) {
    HttpClient client = Client(10);
    HttpResponse r = PostSigned(client, body);
    EXPECT_EQ(r.status, status) << what << ": " << r.error << " " << r.body;
    EXPECT_TRUE(IsJsonObject(r.body)) << what << ": " << r.body;
    ExpectGoodTrafficServed("after " + what);
  }

  // The log holds exactly the good events plus `also`, in order.
  void ExpectLogHolds(const std::vector<std::string>& also = {}) {
    std::vector<std::string> want = good_ids_;
    want.insert(want.end(), also.begin(), also.end());
    std::vector<std::string> got;
    for (const ExportedEvent& e : Export()) got.push_back(e.id);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want);
  }

  pid_t pid_ = -1;
  std::vector<std::string> good_ids_;
};

}  // namespace subledger::testing
