// EventFact: the compact record the projections keep of one event — just the
// fields the revenue model uses, extracted once from the raw body.
//
// Canonical order (spec §1): created ascending, then type rank (*.created 0,
// other 1, *.deleted 2), then event id byte-wise.
//
// Thread safety: values and pure functions (ExtractFact uses a thread-local
// parser and may run on several threads at once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/event_record.h"

namespace subledger {

enum class FactKind : uint8_t {
  kOther = 0,         // kept in the log, ignored by the read models
  kSubscription = 1,  // a subscription state (customer.subscription.* or a snapshot)
  kPayment = 2,       // payment_intent.* (succeeded/failed counted; others name a currency)
};

enum class PaymentOutcome : uint8_t { kNone = 0, kSucceeded = 1, kFailed = 2 };

struct SubscriptionFact {
  std::string subscription_id;
  std::string customer_id;
  std::string currency;
  std::string status;
  int64_t mrr_cents = 0;      // reported MRR (0 unless counted and not paused)
  bool counted = false;       // active or past_due
  bool scheduled = false;     // counted and cancel_at_period_end / cancel_at
  bool involuntary = false;   // unpaid, or cancelled for payment_failed/payment_disputed
  uint32_t unpriced_items = 0;  // of a counted subscription
};

struct PaymentFact {
  std::string currency;
  PaymentOutcome outcome = PaymentOutcome::kNone;
  int64_t amount_received = 0;
};

struct EventFact {
  FactKind kind = FactKind::kOther;
  SequenceNumber seq = 0;
  int64_t created = 0;
  uint8_t rank = 1;
  std::string event_id;
  EventSource source = EventSource::kWebhook;
  SubscriptionFact subscription;  // kind == kSubscription
  PaymentFact payment;            // kind == kPayment
};

// 0 for "*.created", 2 for "*.deleted", 1 otherwise.
uint8_t TypeRank(std::string_view type);
bool IsSubscriptionEventType(std::string_view type);

// a < b in canonical order.
inline bool CanonicalLess(const EventFact& a, const EventFact& b) {
  if (a.created != b.created) return a.created < b.created;
  if (a.rank != b.rank) return a.rank < b.rank;
  return a.event_id < b.event_id;
}

// Extracts the fact of one logged event. Never fails: a body the model cannot
// use yields kOther.
EventFact ExtractFact(const EventRecord& record);
EventFact ExtractFact(SequenceNumber seq, const EventEnvelope& envelope, std::string_view body,
                      EventSource source = EventSource::kWebhook);

}  // namespace subledger
