// EventRenderer: turns a PlannedEvent into the JSON body Stripe would send
// (or, for snapshots, what subledger's snapshot fetcher appends), in the
// event's API shape. Field order and contents follow real payloads; the
// subscription object of an update carries previous_attributes derived from
// the previous snapshot.
//
// Thread safety: const; Render may run on several threads at once.
#pragma once

#include <string>

#include "tools/eventgen/event_generator.h"

namespace subledger::eventgen {

class BodyWriter;

class EventRenderer {
 public:
  explicit EventRenderer(const EventGenerator& gen) : gen_(gen) {}

  void EventId(const PlannedEvent& e, std::string* out) const;
  void Render(const PlannedEvent& e, std::string* out) const;

 private:
  void Subscription(BodyWriter& w, const SubscriptionSnapshot& s, bool expand_discounts) const;
  void Item(BodyWriter& w, const SubscriptionSnapshot& s, const ItemState& item) const;
  void Price(BodyWriter& w, const PriceDef& p) const;
  void Plan(BodyWriter& w, const PriceDef& p) const;
  void Discount(BodyWriter& w, const SubscriptionSnapshot& s, const DiscountState& d) const;
  void Coupon(BodyWriter& w, const CouponDef& c) const;
  void PreviousAttributes(BodyWriter& w, const SubscriptionSnapshot& now, const SubscriptionSnapshot& before) const;
  void Customer(BodyWriter& w, const MoneyEvent& m, int64_t created) const;
  void PaymentMethod(BodyWriter& w, const MoneyEvent& m, int64_t created) const;
  void Invoice(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  void PaymentIntent(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  void Charge(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const;
  std::string Id(const char* prefix, uint64_t serial) const;

  const EventGenerator& gen_;
};

}  // namespace subledger::eventgen
