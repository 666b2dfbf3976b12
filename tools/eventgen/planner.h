// Planner: simulates customers and their subscriptions over the generator's
// time range and records what happened as PlannedEvents (event_plan.h) in a
// StreamPlan.
//
// A customer signs up (in the book BookPlanner picks) with 1-3 subscriptions,
// sometimes in a second currency, and may come back after churning. Each
// subscription is simulated on its own agenda (renewals, monthly ticks, trial
// end, dunning retries, scheduled cancellations, pause ends, discount ends,
// snapshots) by the phase planners: StartPlanner, BillingPlanner,
// ChangePlanner, DiscountPlanner, with PricePicker and CarrierPlanner. Its
// events get strictly increasing seconds except deliberate same-second pairs.
//
// Thread safety: owned by one thread during EventGenerator construction.
#pragma once

#include <cstdint>

#include "tools/eventgen/billing_planner.h"
#include "tools/eventgen/book_planner.h"
#include "tools/eventgen/carrier_planner.h"
#include "tools/eventgen/change_planner.h"
#include "tools/eventgen/discount_planner.h"
#include "tools/eventgen/plan_context.h"
#include "tools/eventgen/price_picker.h"
#include "tools/eventgen/start_planner.h"

namespace subledger::eventgen {

class Planner {
 public:
  Planner(StreamPlan* plan, const IdSpace& ids, const GeneratorOptions& options);
  // Simulates customers until the options' event or customer budget is met.
  void Run();

 private:
  void SimulateCustomer();
  ApiShape PickShape(const Owner& o);
  void CustomerEvent(EventType type, const Owner& o, ApiShape shape, int64_t at);
  // Returns when the subscription ended (0 if it lives past the horizon);
  // *paid: it ever had MRR.
  int64_t SimulateSubscription(CustomerPlan& c, uint8_t currency, ApiShape shape, int64_t start, bool* paid);
  // Items, discounts and the first events; false when past the horizon.
  bool StartSubscription(SubscriptionLife& life);
  void Dispatch(SubscriptionLife& life, const Agenda& a);
  bool Full() const;

  PlanContext ctx_;
  CarrierPlanner carriers_;
  PricePicker prices_;
  DiscountPlanner discounts_;
  BillingPlanner billing_;
  StartPlanner starts_;
  ChangePlanner changes_;
  BookPlanner books_;
};

}  // namespace subledger::eventgen
