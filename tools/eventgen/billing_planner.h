// BillingPlanner: the money side of a subscription's life: billing periods,
// payment attempts (invoice, payment intent and charge events), activation,
// renewals, dunning (past_due -> recovered, unpaid, or canceled for
// payment_failed / payment_disputed) and the end of a subscription.
//
// Thread safety: owned by the planning thread.
#pragma once

#include <cstdint>

#include "tools/eventgen/discount_planner.h"
#include "tools/eventgen/plan_context.h"
#include "tools/eventgen/subscription_life.h"

namespace subledger::eventgen {

class BillingPlanner {
 public:
  BillingPlanner(PlanContext& ctx, DiscountPlanner& discounts);

  // The end of a billing period that starts at `from` (the main item's interval).
  int64_t AdvancePeriod(const SubscriptionSnapshot& s, int64_t from) const;
  // One billing attempt at `at`: some invoice events, a payment intent, maybe a charge.
  void Pay(SubscriptionLife& life, int64_t at, bool succeed);
  // Becomes active with a new period from `at`: event `type`, a paid invoice,
  // the renewal scheduled. False when past the horizon.
  bool Activate(SubscriptionLife& life, EventType type, int64_t at);
  // Canceled at `at` (customer.subscription.deleted); its discounts are deleted too.
  void End(SubscriptionLife& life, int64_t at, CancelReason reason);
  // kRenew: the period ended; bills the next one (about one renewal a month).
  void Renew(SubscriptionLife& life, int64_t at);
  // kDunning: a retry of a past_due subscription.
  void Dunning(SubscriptionLife& life, int64_t at);
  // kUnpaidEnd: an unpaid subscription pays at last or is canceled.
  void UnpaidEnd(SubscriptionLife& life, int64_t at);

 private:
  int64_t PeriodAmount(const SubscriptionSnapshot& s);
  void Money(EventType type, const SubscriptionLife& life, int64_t at, int64_t amount);
  // Moves the period on from `at`, whole periods of at least 28 days.
  void NextPeriod(SubscriptionSnapshot& s, int64_t at) const;

  PlanContext& ctx_;
  DiscountPlanner& discounts_;
};

}  // namespace subledger::eventgen
