// A projection problem never takes the daemon down (issue "Hardening", item
// 1): a log written by an older version may hold an event whose `created` is
// in milliseconds (year 178 million as seconds). The daemon must start, keep
// acknowledging webhooks, leave that event out of the figures, and say so in
// /readyz's detail and in /metrics.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ledger/event_envelope.h"
#include "ledger/event_log.h"
#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"

namespace subledger::testing {
namespace {

class ProjectionSurvivalTest : public DaemonTest {};

// Writes straight into the log, past the webhook door that now refuses it.
void AppendBypassingTheDoor(const std::string& data_dir, const std::string& body) {
  EventLogOptions options;
  options.data_dir = data_dir;
  auto log = EventLog::Open(options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  auto envelope = ExtractEnvelope(body);
  ASSERT_TRUE(envelope.ok()) << envelope.status().ToString();
  auto appended = (*log)->AppendMany({PendingEvent{*envelope, body, EventSource::kImport}});
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
}

TEST_F(ProjectionSurvivalTest, AMillisecondCreatedAlreadyInTheLogIsLeftOutAndTheDaemonServes) {
  const int64_t now = NowUnixSeconds();
  AppendBypassingTheDoor(data_dir(), SyntheticEvent("evt_ms", now * 1000, "customer.subscription.updated"));
  AppendBypassingTheDoor(data_dir(), SyntheticEvent("evt_fine", now - 60, "invoice.paid"));
  StartDaemon();
  HttpClient client = Client();
  EXPECT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_after", now, "invoice.paid"))));
  HttpClient admin = AdminClient();
  HttpResponse ready;
  for (int i = 0; i < 50; ++i) {
    ready = admin.Get("/readyz");
    if (ready.body.find("\"lag_events\":0") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("\"implausible_events\":1"), std::string::npos) << ready.body;
  EXPECT_NE(ready.body.find("\"error\":null"), std::string::npos) << ready.body;
  const HttpResponse report = admin.Get("/v1/report?mode=test");
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("\"events\": 2"), std::string::npos) << report.body;
  EXPECT_NE(admin.Get("/metrics").body.find("subledger_projection_implausible_events 1"), std::string::npos);
  // And again after a restart: nothing blocks start-up.
  StopDaemon();
  StartDaemon();
  EXPECT_EQ(AdminClient().Get("/readyz").status, 200);
}

}  // namespace
}  // namespace subledger::testing
