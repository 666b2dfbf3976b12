// Fuzz target: projecting an arbitrary subscription object (data.object).
#include <string>
#include <string_view>

#include "ledger/event_envelope.h"
#include "ledger/json_view.h"
#include "projections/catalog.h"
#include "projections/customer_walk.h"
#include "projections/event_fact.h"
#include "projections/subscription_state.h"
#include "projections/valuation.h"
#include "tests/fuzz/fuzz_targets.h"

namespace subledger::fuzz {

void FuzzSubscription(std::string_view data) {
  JsonDocument doc;
  if (!doc.Parse(data).ok() || !doc.root().is_object()) return;
  const SubscriptionState state = ParseSubscription(doc.root());

  // Through the request-path envelope and the projector's fact extraction.
  const std::string body =
      "{\"id\":\"evt_fuzz\",\"object\":\"event\",\"type\":\"customer.subscription.updated\","
      "\"created\":1700000000,\"livemode\":false,\"data\":{\"object\":" +
      std::string(data) + "}}";
  Result<EventEnvelope> envelope = ExtractEnvelope(body);
  if (!envelope.ok()) return;  // e.g. the wrapper pushed it past the depth limit
  const EventFact fact = ExtractFact(1, *envelope, body);
  FuzzCheck(fact.seq == 1 && fact.key.id == "evt_fuzz" && fact.created() == 1700000000,
            "fact header differs from the envelope");
  if (state.id.empty()) {
    FuzzCheck(fact.kind == FactKind::kOther, "a subscription without id became a fact");
    return;
  }
  FuzzCheck(fact.kind == FactKind::kSubscription, "a subscription with an id is not a fact");
  FuzzCheck(fact.subscription.subscription_id == state.id, "fact id differs");
  FuzzCheck(fact.subscription.counted() == state.Counted(), "fact counted differs");

  // Valued with its own carriers as the book's known objects, and walked.
  Catalog catalog;
  std::vector<Catalog::Change> changes;
  catalog.OfferCarriers(fact, &changes);
  const Valuation value = Value(fact.subscription, fact.subscription.currency, catalog,
                                WalkPoint::OfEvent(fact.key));
  FuzzCheck(value.mrr >= 0, "reported MRR is negative");
  if (!state.Counted() || state.pause_collection) FuzzCheck(value.mrr == 0, "MRR of an uncounted or paused subscription is not 0");
  FuzzCheck(value.unpriced <= state.items.size(), "more unpriced items than items");
  const CustomerDerivation d = DeriveCustomer({fact}, WalkContext{&catalog, fact.created()});
  FuzzCheck(d.subscriptions.size() == 1, "the walk lost the subscription");
  FuzzCheck(d.subscriptions.begin()->second.mrr == value.mrr, "the walk's value differs from the valuation");
}

}  // namespace subledger::fuzz
