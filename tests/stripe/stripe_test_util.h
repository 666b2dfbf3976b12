// Shared set-up for the stripe/ tests: client options pointing at a
// FakeStripeServer, and an event log in a temp dir.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "ledger/event_envelope.h"
#include "ledger/event_log.h"
#include "stripe/stripe_config.h"
#include "tests/stripe/fake_stripe_server.h"
#include "tests/support/temp_dir.h"

namespace subledger::testing {

inline StripeClientOptions OptionsFor(const FakeStripeServer& server) {
  StripeClientOptions options;
  options.api_base = server.base_url();
  options.secret_key = FakeStripeServer::kSecretKey;
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.total_timeout = std::chrono::milliseconds(10000);
  options.jitter_seed = 12345;
  return options;
}

inline std::unique_ptr<EventLog> OpenLog(const TempDir& dir, const Clock* clock = &SystemClock::Instance()) {
  EventLogOptions options;
  options.data_dir = dir.Sub("data");
  options.clock = clock;
  Result<std::unique_ptr<EventLog>> log = EventLog::Open(options);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return log.ok() ? std::move(*log) : nullptr;
}

// Appends `event` to the log as if it had arrived from `source`.
inline void AppendAs(EventLog* log, const nlohmann::ordered_json& event, EventSource source) {
  PendingEvent pending;
  pending.body = event.dump();
  Result<EventEnvelope> envelope = ExtractEnvelope(pending.body);
  ASSERT_TRUE(envelope.ok()) << envelope.status().ToString();
  pending.envelope = *envelope;
  pending.source = source;
  Result<AppendOutcome> outcome = log->Append(std::move(pending));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
}

// The naive oracle: every id in the log with how it arrived; a test failure
// if an id is stored twice.
inline std::map<std::string, EventSource> LogContents(const EventLog& log) {
  std::map<std::string, EventSource> out;
  Status s = log.Scan(1, [&](const EventRecord& r) {
    EXPECT_TRUE(out.emplace(r.envelope.id, r.source).second) << "stored twice: " << r.envelope.id;
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// One sample's value from the Prometheus text (`name` may include its
// labels, e.g. `x_total{result="ok"}`), or -1 when absent.
inline double MetricValue(const std::string& text, const std::string& name) {
  size_t pos = 0;
  while ((pos = text.find(name, pos)) != std::string::npos) {
    const bool line_start = pos == 0 || text[pos - 1] == '\n';
    const size_t after = pos + name.size();
    if (line_start && after < text.size() && text[after] == ' ') {
      return std::stod(text.substr(after + 1, text.find('\n', after) - after - 1));
    }
    pos = after;
  }
  return -1;
}

}  // namespace subledger::testing
