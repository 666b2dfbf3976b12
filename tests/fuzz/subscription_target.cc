// Fuzz target: projecting an arbitrary subscription object (data.object).
#include <string>
#include <string_view>

#include "ledger/event_envelope.h"
#include "ledger/json_view.h"
#include "projections/event_fact.h"
#include "projections/subscription_state.h"
#include "tests/fuzz/fuzz_targets.h"

namespace subledger::fuzz {

void FuzzSubscription(std::string_view data) {
  // Directly: ParseSubscription on the object.
  JsonDocument doc;
  if (!doc.Parse(data).ok() || !doc.root().is_object()) return;
  const SubscriptionState state = ParseSubscription(doc.root());
  const Rational exact = state.ExactMrr();
  FuzzCheck(!exact.is_negative(), "exact MRR is negative");
  FuzzCheck(exact.den() > 0, "MRR denominator not positive");
  const int64_t cents = state.MrrCents();
  FuzzCheck(cents >= 0, "reported MRR is negative");
  if (!state.Counted() || state.pause_collection) {
    FuzzCheck(cents == 0, "MRR of an uncounted or paused subscription is not 0");
  }
  FuzzCheck(state.UnpricedItems() <= state.items.size(), "more unpriced items than items");

  // Through the request-path envelope and the projector's fact extraction.
  const std::string body =
      "{\"id\":\"evt_fuzz\",\"object\":\"event\",\"type\":\"customer.subscription.updated\","
      "\"created\":1700000000,\"livemode\":false,\"data\":{\"object\":" +
      std::string(data) + "}}";
  Result<EventEnvelope> envelope = ExtractEnvelope(body);
  if (!envelope.ok()) return;  // e.g. the wrapper pushed it past the depth limit
  const EventFact fact = ExtractFact(1, *envelope, body);
  FuzzCheck(fact.seq == 1 && fact.event_id == "evt_fuzz" && fact.created == 1700000000,
            "fact header differs from the envelope");
  if (state.id.empty()) {
    FuzzCheck(fact.kind == FactKind::kOther, "a subscription without id became a fact");
    return;
  }
  FuzzCheck(fact.kind == FactKind::kSubscription, "a subscription with an id is not a fact");
  FuzzCheck(fact.subscription.subscription_id == state.id, "fact id differs");
  FuzzCheck(fact.subscription.counted == state.Counted(), "fact counted differs");
  FuzzCheck(fact.subscription.mrr_cents == (state.Counted() ? cents : 0), "fact MRR differs");
  FuzzCheck(fact.subscription.mrr_cents >= 0, "fact MRR negative");
}

}  // namespace subledger::fuzz
