// StripeMix (contract: body_mix.h): the envelopes, previous_attributes and
// per-type variants around the objects of stripe_objects.h.
#include <functional>

#include "tools/bench/body_mix.h"
#include "tools/bench/stripe_fit.h"
#include "tools/bench/stripe_objects.h"

namespace subledger::bench {
namespace {

enum class Origin { kApi, kAutomatic };  // who caused the event: an API request or Stripe itself

struct Event {
  Json object;
  Json previous;  // null: no previous_attributes
  Origin origin = Origin::kAutomatic;
};

struct VariantSpec {
  double weight;
  std::function<Event(const StripeProfile&)> build;
};

Json Request(Origin origin) {
  if (origin == Origin::kAutomatic) return {{"id", nullptr}, {"idempotency_key", nullptr}};
  return {{"id", "req_" + Slot('r', '0')}, {"idempotency_key", Slot('u', '0')}};
}

Json Envelope(const char* type, const Event& e) {
  Json data = {{"object", e.object}};
  if (!e.previous.is_null()) data["previous_attributes"] = e.previous;
  return {{"id", "evt_" + Slot('e')}, {"object", "event"}, {"api_version", kApiVersion},
          {"created", Slot('t', '0')}, {"data", std::move(data)}, {"livemode", true},
          {"pending_webhooks", e.origin == Origin::kApi ? 2 : 1}, {"request", Request(e.origin)}, {"type", type}};
}

Event Sub(const StripeProfile& p, SubscriptionStage stage, Json previous, Origin origin) {
  return {SubscriptionObject(p, stage), std::move(previous), origin};
}

// customer.subscription.updated, in the ways subscriptions change.
std::vector<VariantSpec> SubscriptionUpdates() {
  using S = SubscriptionStage;
  return {
      {0.10, [](const StripeProfile& p) {  // renewal: a new period (the old items are previous), a new invoice
         return Sub(p, S::kActive, {{"items", SubscriptionItems(p, '1', '0', '0')}, {"latest_invoice", "in_" + Slot('o', '8')}},
                    Origin::kAutomatic);
       }},
      {0.05, [](StripeProfile p) {  // seats changed: the old items (and quantity) are previous
         Json before = {{"items", SubscriptionItems(p, '0', '2', '3')}};
         if (p.items.size() == 1) before["quantity"] = p.items[0].quantity;
         ++p.items[0].quantity;
         return Sub(p, S::kActive, std::move(before), Origin::kApi);
       }},
      {0.20, [](const StripeProfile& p) {  // a draft invoice for the next period
         return Sub(p, S::kActive, {{"latest_invoice", "in_" + Slot('o', '8')}}, Origin::kAutomatic);
       }},
      {0.15, [](const StripeProfile& p) {  // trial converted
         return Sub(p, S::kActive, {{"status", "trialing"}}, Origin::kAutomatic);
       }},
      {0.10, [](const StripeProfile& p) {  // renewal failed
         return Sub(p, S::kPastDue, {{"status", "active"}}, Origin::kAutomatic);
       }},
      {0.10, [](const StripeProfile& p) {  // cancel at period end
         return Sub(p, S::kCanceling,
                    {{"cancel_at", nullptr}, {"cancel_at_period_end", false}, {"canceled_at", nullptr},
                     {"cancellation_details", {{"comment", nullptr}, {"feedback", nullptr}, {"reason", nullptr}}}},
                    Origin::kApi);
       }},
      {0.10, [](const StripeProfile& p) {  // a new card
         return Sub(p, S::kActive, {{"default_payment_method", "pm_" + Slot('o', '9')}}, Origin::kApi);
       }},
      {0.10, [](const StripeProfile& p) {  // the app rewrote its metadata
         Json old = Json::object();
         for (const auto& [k, v] : p.subscription_metadata) old[k] = nullptr;
         old["workspace_id"] = "0000000";
         return Sub(p, S::kActive, {{"metadata", std::move(old)}}, Origin::kApi);
       }},
  };
}

std::vector<VariantSpec> Specs(const std::string& type) {
  using S = SubscriptionStage;
  using I = InvoiceKind;
  if (type == "customer.subscription.updated") return SubscriptionUpdates();
  if (type == "invoice.payment_succeeded") {
    return {{0.70, [](const StripeProfile& p) { return Event{InvoiceObject(p, I::kRenewal), nullptr, Origin::kAutomatic}; }},
            {0.15, [](const StripeProfile& p) { return Event{InvoiceObject(p, I::kCreate), nullptr, Origin::kApi}; }},
            {0.15, [](const StripeProfile& p) { return Event{InvoiceObject(p, I::kUpdate), nullptr, Origin::kApi}; }}};
  }
  if (type == "invoice.payment_failed") {
    return {{1, [](const StripeProfile& p) { return Event{InvoiceObject(p, I::kFailed), nullptr, Origin::kAutomatic}; }}};
  }
  if (type == "payment_intent.succeeded" || type == "payment_intent.payment_failed") {
    const bool failed = type == "payment_intent.payment_failed";
    return {{1, [failed](const StripeProfile& p) { return Event{PaymentIntentObject(p, failed), nullptr, Origin::kAutomatic}; }}};
  }
  if (type == "customer.created") {
    return {{1, [](const StripeProfile& p) { return Event{CustomerObject(p), nullptr, Origin::kApi}; }}};
  }
  if (type == "customer.subscription.created") {
    return {{1, [](const StripeProfile& p) { return Sub(p, S::kCreated, nullptr, Origin::kApi); }}};
  }
  return {{1, [](const StripeProfile& p) {  // customer.subscription.deleted
             return Sub(p, S::kDeleted, nullptr, Origin::kAutomatic);
           }}};
}

// Every variant of every type for one profile: [type][variant].
std::vector<std::vector<BodyVariant>> Build(const std::vector<TypeShare>& types,
                                            const std::vector<std::vector<VariantSpec>>& specs,
                                            const StripeProfile& p) {
  std::vector<std::vector<BodyVariant>> built(types.size());
  for (size_t t = 0; t < types.size(); ++t) {
    for (const VariantSpec& spec : specs[t]) {
      const Event e = spec.build(p);
      built[t].push_back(MakeVariant(spec.weight, Envelope(types[t].type, e).dump(2), e.object.dump()));
    }
  }
  return built;
}

}  // namespace

BodyVariant MakeVariant(double weight, const std::string& body_text, const std::string& object_compact_text) {
  BodyVariant v;
  v.weight = weight;
  v.body = BodyTemplate::Compile(body_text);
  v.object_bytes = BodyTemplate::Compile(object_compact_text).size();
  return v;
}

BodyMix StripeMix(uint64_t seed) {
  BodyMix mix;
  mix.name = "stripe";
  mix.types.assign(std::begin(kStripeShares), std::end(kStripeShares));
  std::vector<std::vector<VariantSpec>> specs;
  for (const TypeShare& t : mix.types) specs.push_back(Specs(t.type));
  mix.pool.resize(mix.types.size());
  eventgen::Rng rng(seed ^ 0x5374726970654d78ULL);
  for (int i = 0; i < kProfiles; ++i) {
    StripeProfile p = MakeProfile(rng);
    std::vector<std::vector<BodyVariant>> built = Build(mix.types, specs, p);
    while (FitToStripeRange(built, &p)) built = Build(mix.types, specs, p);
    for (size_t t = 0; t < built.size(); ++t) mix.pool[t].push_back(std::move(built[t]));
  }
  return mix;
}

}  // namespace subledger::bench
