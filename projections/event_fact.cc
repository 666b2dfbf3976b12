#include "projections/event_fact.h"

#include <algorithm>

#include "ledger/json_view.h"
#include "projections/subscription_state.h"

namespace subledger {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

uint8_t TypeRank(std::string_view type) {
  if (EndsWith(type, ".created")) return 0;
  if (EndsWith(type, ".deleted")) return 2;
  return 1;
}

bool IsSubscriptionEventType(std::string_view type) {
  static constexpr std::string_view kTypes[] = {
      "customer.subscription.created",        "customer.subscription.updated",
      "customer.subscription.deleted",        "customer.subscription.paused",
      "customer.subscription.resumed",        "customer.subscription.pending_update_applied",
      "customer.subscription.pending_update_expired", "customer.subscription.trial_will_end",
      "subledger.subscription.snapshot"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

EventFact ExtractFact(const EventRecord& record) {
  return ExtractFact(record.seq, record.envelope, record.body, record.source);
}

EventFact ExtractFact(SequenceNumber seq, const EventEnvelope& envelope, std::string_view body, EventSource source) {
  EventFact fact;
  fact.source = source;
  fact.seq = seq;
  fact.created = envelope.created;
  fact.rank = TypeRank(envelope.type);
  fact.event_id = envelope.id;

  const bool subscription = IsSubscriptionEventType(envelope.type);
  const bool payment = envelope.type.rfind("payment_intent.", 0) == 0;
  if (!subscription && !payment) return fact;

  thread_local JsonDocument doc;
  if (!doc.Parse(body).ok()) return fact;
  JsonValue object = doc.root()["data"]["object"];
  if (!object.is_object()) return fact;

  if (subscription) {
    SubscriptionState state = ParseSubscription(object);
    if (state.id.empty()) return fact;
    fact.kind = FactKind::kSubscription;
    SubscriptionFact& s = fact.subscription;
    s.subscription_id = std::move(state.id);
    s.customer_id = state.customer;
    s.currency = Lower(state.currency);
    s.status = state.status;
    s.counted = state.Counted();
    s.mrr_cents = s.counted ? state.MrrCents() : 0;
    s.scheduled = s.counted && state.ScheduledToCancel();
    s.involuntary = state.Involuntary();
    s.unpriced_items = s.counted ? state.UnpricedItems() : 0;
    return fact;
  }
  fact.kind = FactKind::kPayment;
  PaymentFact& p = fact.payment;
  p.currency = Lower(object["currency"].str());
  if (envelope.type == "payment_intent.succeeded") {
    p.outcome = PaymentOutcome::kSucceeded;
    p.amount_received = object["amount_received"].as_int64().value_or(0);
  } else if (envelope.type == "payment_intent.payment_failed") {
    p.outcome = PaymentOutcome::kFailed;
  }
  if (p.currency.empty()) fact.kind = FactKind::kOther;
  return fact;
}

}  // namespace subledger
