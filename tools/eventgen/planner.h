// Planner: simulates customers and their subscriptions over the generator's
// time range and records what happened as PlannedEvents (event_plan.h).
//
// Each subscription is simulated on its own agenda (renewals, monthly "life"
// ticks, trial end, dunning retries, scheduled cancellations, pause ends,
// coupon expiry); its events get strictly increasing seconds except the
// deliberate same-second created+updated pairs.
//
// Thread safety: owned by one thread during EventGenerator construction.
#pragma once

#include <cstdint>
#include <vector>

#include "tools/eventgen/event_generator.h"
#include "tools/eventgen/gen_random.h"

namespace subledger::eventgen {

class Planner {
 public:
  explicit Planner(EventGenerator* gen);
  // Simulates customers until the options' event or customer budget is met.
  void Run();

 private:
  enum class Action : uint8_t {
    kRenew, kTick, kTrialWillEnd, kTrialEnd, kPauseOff, kCouponEnd, kCancelAt,
    kDunning, kUnpaidEnd, kIncompleteEnd, kSnapshot, kResume,
  };
  struct Agenda {
    int64_t at;
    Action action;
  };
  struct Life {  // one subscription being simulated
    SubscriptionSnapshot s;
    uint32_t last = UINT32_MAX;  // index of its last snapshot
    int64_t cursor = 0;          // second of its last subscription event
    bool ended = false;    // nothing more happens to it
    bool churned = false;  // its ending event was emitted
    bool had_mrr = false;
    std::vector<Agenda> agenda;
  };

  void SimulateCustomer();
  // Returns when the subscription ended (0 if it lives past the horizon);
  // *paid: it ever paid.
  int64_t SimulateSubscription(uint32_t customer, uint8_t currency, ApiShape shape, int64_t start, bool* paid);
  void Dispatch(Life& life, const Agenda& a);
  void Tick(Life& life, int64_t at);
  void Renew(Life& life, int64_t at);

  // Records a subscription event; false when `at` is past the horizon.
  bool EmitSub(Life& life, EventType type, int64_t at, bool same_second_ok = false);
  void EmitMoney(EventType type, const Life& life, int64_t at, int64_t amount);
  void EmitCustomer(EventType type, uint32_t customer, uint8_t currency, ApiShape shape, int64_t at);
  void Pay(Life& life, int64_t at, bool succeed);
  void End(Life& life, int64_t at, CancelReason reason);
  void Schedule(Life& life, int64_t at, Action action);
  void Unschedule(Life& life, Action action);

  uint16_t PickPrice(uint8_t currency, PriceGroup group);
  PriceGroup PickGroup();
  void ApplyCoupon(Life& life, int64_t at);
  int64_t PeriodAmount(const SubscriptionSnapshot& s);
  int64_t AdvancePeriod(const SubscriptionSnapshot& s, int64_t from) const;
  int64_t SnapToBoundary(int64_t at);
  bool Full() const;

  EventGenerator* gen_;
  Rng rng_;
  int64_t begin_, end_;  // inclusive horizon
  uint32_t next_event_ = 0, next_sub_ = 0, next_customer_ = 0, next_item_ = 0, next_discount_ = 0;
  uint32_t next_invoice_ = 0, next_intent_ = 0, next_charge_ = 0;
};

// t + n calendar months (day of month clamped, time of day kept).
int64_t AddMonths(int64_t t, int n);

}  // namespace subledger::eventgen
