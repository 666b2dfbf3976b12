#include "projections/event_fact.h"

#include <algorithm>

#include "ledger/ascii.h"
#include "ledger/json_view.h"

namespace subledger {
namespace {

constexpr int64_t kFirstPlausibleCreated = 1262304000;  // 2010-01-01T00:00:00Z
constexpr int64_t kMaxSecondsAheadOfArrival = 86400;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Which reader an event type needs (kOther: none, the body is not parsed).
FactKind KindOfType(std::string_view type) {
  if (IsSubscriptionEventType(type)) return FactKind::kSubscription;
  if (type == "payment_intent.succeeded" || type == "payment_intent.payment_failed") return FactKind::kPayment;
  if (type == "customer.discount.created" || type == "customer.discount.updated" ||
      type == "customer.discount.deleted") {
    return FactKind::kDiscount;
  }
  if (type == "coupon.created" || type == "coupon.updated" || type == "coupon.deleted") return FactKind::kCoupon;
  if (type == "price.created" || type == "price.updated" || type == "subledger.price.snapshot") {
    return FactKind::kPrice;
  }
  return FactKind::kOther;
}

bool ReadSubscription(const JsonValue& object, EventFact* fact) {
  SubscriptionState state = ParseSubscription(object);
  if (state.id.empty()) return false;
  SubscriptionFact& s = fact->subscription;
  s.customer_id = state.CustomerOf();
  s.scheduled = state.ScheduledToCancel();
  s.involuntary = state.Involuntary();
  s.paused = state.pause_collection;
  s.subscription_id = std::move(state.id);
  s.currency = std::move(state.currency);
  s.status = std::move(state.status);
  auto terms = std::make_shared<PricingTerms>();
  terms->items = std::move(state.items);
  terms->discounts = std::move(state.discounts);
  terms->discount_carriers = std::move(state.discount_carriers);
  s.terms = std::move(terms);
  return true;
}

bool ReadPayment(const JsonValue& object, std::string_view type, EventFact* fact) {
  PaymentFact& p = fact->payment;
  p.currency = AsciiLower(object["currency"].str());
  if (type == "payment_intent.succeeded") {
    p.outcome = PaymentOutcome::kSucceeded;
    p.amount_received = object["amount_received"].as_int64().value_or(0);
  } else {
    p.outcome = PaymentOutcome::kFailed;
  }
  return !p.currency.empty();
}

bool ReadObject(const JsonValue& object, FactKind kind, std::string_view type, EventFact* fact) {
  auto o = std::make_shared<ObjectFact>();
  o->id = object["id"].str();
  if (o->id.empty()) return false;
  switch (kind) {
    case FactKind::kDiscount:
      o->discount = ParseDiscount(object);
      o->deleted = type == "customer.discount.deleted";
      break;
    case FactKind::kCoupon:
      o->coupon = ParseCoupon(object);
      break;
    case FactKind::kPrice:
      if (!object["tiers"].is_array()) return false;  // only tiers are taken from a known price
      o->tiers = ParsePrice(object, object["object"].equals("plan")).tiers.value_or(Tiers());
      break;
    default:
      return false;
  }
  fact->object = std::move(o);
  return true;
}

}  // namespace

uint8_t TypeRank(std::string_view type) {
  if (EndsWith(type, ".created")) return 0;
  if (type == "customer.discount.deleted") return 3;
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

bool PlausibleCreated(int64_t created, int64_t received_at_micros) {
  if (created < kFirstPlausibleCreated) return false;
  if (received_at_micros <= 0) return true;  // arrival unknown (tests): the lower bound only
  return created <= received_at_micros / 1000000 + kMaxSecondsAheadOfArrival;
}

EventFact ExtractFact(SequenceNumber seq, const EventEnvelope& envelope, std::string_view body, EventSource source,
                      int64_t received_at_micros) {
  EventFact fact;
  fact.source = source;
  fact.seq = seq;
  fact.key = EventKey{envelope.created, TypeRank(envelope.type), envelope.id};
  fact.book = Book{envelope.account, envelope.livemode};
  if (!PlausibleCreated(envelope.created, received_at_micros)) {
    fact.kind = FactKind::kImplausible;
    return fact;
  }
  const FactKind kind = KindOfType(envelope.type);
  if (kind == FactKind::kOther) return fact;

  thread_local JsonDocument doc;
  if (!doc.Parse(body).ok()) return fact;
  JsonValue root = doc.root();
  JsonValue object = root["data"]["object"];
  if (!object.is_object()) return fact;
  bool ok = false;
  switch (kind) {
    case FactKind::kSubscription: ok = ReadSubscription(object, &fact); break;
    case FactKind::kPayment: ok = ReadPayment(object, envelope.type, &fact); break;
    default: ok = ReadObject(object, kind, envelope.type, &fact); break;
  }
  if (ok) fact.kind = kind;
  return fact;
}

void SortCanonically(std::vector<EventFact*>& facts) {
  auto less = [](const EventFact* a, const EventFact* b) { return CanonicalLess(*a, *b); };
  if (std::is_sorted(facts.begin(), facts.end(), less)) return;
  // Compact keys; an id is read only to break a tie, the position keeps it stable.
  struct SortKey {
    int64_t created;
    uint8_t rank;
    uint32_t position;
  };
  std::vector<SortKey> keys(facts.size());
  for (uint32_t i = 0; i < facts.size(); ++i) keys[i] = SortKey{facts[i]->key.created, facts[i]->key.rank, i};
  std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
    if (a.created != b.created) return a.created < b.created;
    if (a.rank != b.rank) return a.rank < b.rank;
    const int by_id = facts[a.position]->key.id.compare(facts[b.position]->key.id);
    return by_id != 0 ? by_id < 0 : a.position < b.position;
  });
  std::vector<EventFact*> sorted(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) sorted[i] = facts[keys[i].position];
  facts = std::move(sorted);
}

void SortCanonically(std::vector<EventFact>& facts) {
  if (std::is_sorted(facts.begin(), facts.end(), CanonicalLess)) return;
  std::vector<EventFact*> order(facts.size());
  for (size_t i = 0; i < facts.size(); ++i) order[i] = &facts[i];
  SortCanonically(order);
  std::vector<EventFact> sorted;
  sorted.reserve(facts.size());
  for (EventFact* fact : order) sorted.push_back(std::move(*fact));
  facts = std::move(sorted);
}

}  // namespace subledger
