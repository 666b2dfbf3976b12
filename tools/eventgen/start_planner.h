// StartPlanner: how a subscription starts and how an unpaid start resolves.
//
// Starts: `trialing` (trial_share), `incomplete` (a failed first payment,
// 5 %), checkout (created `incomplete` and updated to `active` in the same
// second), or `active`. A trial ends by converting to `active`, or without
// paying: `canceled`, `paused` (trial_settings end_behavior pause; resumed or
// canceled later) or `incomplete` (then `active` or `incomplete_expired`).
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>

#include "tools/eventgen/billing_planner.h"
#include "tools/eventgen/plan_context.h"
#include "tools/eventgen/subscription_life.h"

namespace subledger::eventgen {

class StartPlanner {
 public:
  StartPlanner(PlanContext& ctx, BillingPlanner& billing);

  // Emits the first event(s) of life.s at its `created` second and schedules
  // what follows; false when the start is past the horizon.
  bool Start(SubscriptionLife& life);
  // kTrialWillEnd: customer.subscription.trial_will_end, 3 days before.
  void TrialWillEnd(SubscriptionLife& life, int64_t at);
  // kTrialEnd: the trial converts or ends without paying.
  void TrialEnd(SubscriptionLife& life, int64_t at);
  // kResume: a paused trial resumes (paying) or is canceled.
  void Resume(SubscriptionLife& life, int64_t at);
  // kIncompleteEnd: the first payment succeeds at last, or the subscription expires.
  void IncompleteEnd(SubscriptionLife& life, int64_t at);

 private:
  bool StartTrial(SubscriptionLife& life);
  bool StartIncomplete(SubscriptionLife& life);
  bool StartCheckout(SubscriptionLife& life);
  bool StartActive(SubscriptionLife& life);

  PlanContext& ctx_;
  BillingPlanner& billing_;
};

}  // namespace subledger::eventgen
