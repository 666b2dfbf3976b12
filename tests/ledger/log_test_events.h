// Helpers for event log tests: realistic event bodies and PendingEvents whose
// envelope is extracted from the body (as the request path does), so the log
// under test stores exactly what production would.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "ledger/event_envelope.h"
#include "ledger/event_log.h"
#include "ledger/event_record.h"

namespace subledger::testing {

// A Stripe-like event body of roughly `size` bytes (at least ~400).
inline std::string EventBody(const std::string& id, const std::string& type = "invoice.paid",
                             int64_t created = 1700000000, size_t size = 0) {
  std::string body = "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\"," +
                     "\"created\":" + std::to_string(created) +
                     ",\"data\":{\"object\":{\"id\":\"in_" + id + "\",\"object\":\"invoice\"," +
                     "\"amount_paid\":4200,\"currency\":\"usd\",\"customer\":\"cus_1\"," +
                     "\"lines\":{\"object\":\"list\",\"data\":[]},\"description\":\"";
  while (body.size() + 80 < size) body += "lorem ipsum dolor sit amet ";
  body += "\"}},\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":null},\"type\":\"" +
          type + "\"}";
  return body;
}

inline PendingEvent EventFromBody(std::string body, EventSource source = EventSource::kWebhook) {
  PendingEvent e;
  Result<EventEnvelope> envelope = ExtractEnvelope(body);
  EXPECT_TRUE(envelope.ok()) << envelope.status().ToString();
  if (envelope.ok()) e.envelope = *envelope;
  e.body = std::move(body);
  e.source = source;
  return e;
}

inline PendingEvent MakeEvent(const std::string& id, const std::string& type = "invoice.paid",
                              int64_t created = 1700000000, size_t size = 0) {
  return EventFromBody(EventBody(id, type, created, size));
}

}  // namespace subledger::testing
