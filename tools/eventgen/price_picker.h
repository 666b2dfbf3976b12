// PricePicker: the items of a subscription: which prices (by billing
// cadence, or a tiered, transform_quantity or extreme price on purpose) and
// quantities it starts with, and how plan changes, quantity changes and
// add-ons move them. Every price an item takes is reported to the
// CarrierPlanner (known prices, spec §3).
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>

#include "tools/eventgen/carrier_planner.h"
#include "tools/eventgen/plan_context.h"
#include "tools/eventgen/subscription_life.h"

namespace subledger::eventgen {

class PricePicker {
 public:
  PricePicker(PlanContext& ctx, CarrierPlanner& carriers);

  // Sets the first 1-3 items of life.s at its `created` second. An extreme
  // subscription starts on a price of 10^11-10^12 minor units with a quantity to 10^7.
  void StartItems(SubscriptionLife& life, bool extreme);
  // Moves the main item to another price of its cadence (sometimes monthly to
  // yearly); false when it drew its own price. *new_cadence: the interval changed.
  bool ChangeMainPrice(SubscriptionLife& life, int64_t at, bool* new_cadence);
  // Moves the main item's quantity by -3..+5 (at least 1), or rarely below 0.
  void ChangeQuantity(SubscriptionLife& life);
  // Adds an add-on or same-cadence item; false when it has 3 items already.
  bool AddItem(SubscriptionLife& life, int64_t at);

 private:
  PriceGroup PickGroup();
  uint16_t Pick(uint8_t currency, PriceGroup group);
  int32_t QuantityFor(const PriceDef& p, bool extreme);
  ItemState NewItem(SubscriptionLife& life, uint16_t price, int32_t quantity, int64_t at);

  PlanContext& ctx_;
  CarrierPlanner& carriers_;
};

}  // namespace subledger::eventgen
