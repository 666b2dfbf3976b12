#include "tools/eventgen/start_planner.h"

namespace subledger::eventgen {

StartPlanner::StartPlanner(PlanContext& ctx, BillingPlanner& billing) : ctx_(ctx), billing_(billing) {}

bool StartPlanner::Start(SubscriptionLife& life) {
  SubscriptionSnapshot& s = life.s;
  s.period_start = s.created;
  s.period_end = billing_.AdvancePeriod(s, s.created);
  const double r = ctx_.rng.Unit();
  const double trial = ctx_.rates.trial_share;
  bool started = false;
  if (r < trial) started = StartTrial(life);
  else if (r < trial + 0.05) started = StartIncomplete(life);
  else if (ctx_.rng.Chance(0.25)) started = StartCheckout(life);
  else started = StartActive(life);
  if (started) life.Schedule(s.created + ctx_.rng.Between(10 * kDay, 40 * kDay), Action::kTick);
  return started;
}

bool StartPlanner::StartTrial(SubscriptionLife& life) {
  SubscriptionSnapshot& s = life.s;
  s.status = SubStatus::kTrialing;
  s.trial_start = s.created;
  const int64_t days = ctx_.rng.Chance(0.6) ? 14 : ctx_.rng.Chance(0.5) ? 7 : 30;
  s.trial_end = s.created + days * kDay;
  s.period_end = s.trial_end;
  if (!ctx_.emit.Sub(life, EventType::kSubCreated, s.created)) return false;
  life.Schedule(s.trial_end - 3 * kDay, Action::kTrialWillEnd);
  life.Schedule(s.trial_end, Action::kTrialEnd);
  return true;
}

bool StartPlanner::StartIncomplete(SubscriptionLife& life) {
  life.s.status = SubStatus::kIncomplete;
  if (!ctx_.emit.Sub(life, EventType::kSubCreated, life.s.created)) return false;
  billing_.Pay(life, life.s.created + 5, false);
  life.Schedule(life.s.created + ctx_.rng.Between(kHour, 23 * kHour), Action::kIncompleteEnd);
  return true;
}

bool StartPlanner::StartCheckout(SubscriptionLife& life) {
  // Checkout: created incomplete and updated to active in the same second.
  SubscriptionSnapshot& s = life.s;
  s.status = SubStatus::kIncomplete;
  if (!ctx_.emit.Sub(life, EventType::kSubCreated, s.created)) return false;
  s.status = SubStatus::kActive;
  ctx_.emit.Sub(life, EventType::kSubUpdated, s.created, /*same_second_ok=*/true);
  billing_.Pay(life, s.created, true);
  life.Schedule(s.period_end, Action::kRenew);
  return true;
}

bool StartPlanner::StartActive(SubscriptionLife& life) {
  SubscriptionSnapshot& s = life.s;
  s.status = SubStatus::kActive;
  if (!ctx_.emit.Sub(life, EventType::kSubCreated, s.created)) return false;
  billing_.Pay(life, s.created, true);
  life.Schedule(s.period_end, Action::kRenew);
  return true;
}

void StartPlanner::TrialWillEnd(SubscriptionLife& life, int64_t at) {
  if (life.s.status == SubStatus::kTrialing) ctx_.emit.Sub(life, EventType::kSubTrialWillEnd, at);
}

void StartPlanner::TrialEnd(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.status != SubStatus::kTrialing) return;
  const double r = ctx_.rng.Unit();
  if (r < 0.6) {
    billing_.Activate(life, EventType::kSubUpdated, at);
  } else if (r < 0.8) {
    billing_.End(life, at, CancelReason::kNone);  // trial ended without a payment method
  } else if (r < 0.9) {
    s.status = SubStatus::kPaused;  // trial_settings.end_behavior = pause
    if (!ctx_.emit.Sub(life, EventType::kSubPaused, at)) return;
    life.Schedule(at + ctx_.rng.Between(5 * kDay, 60 * kDay), Action::kResume);
  } else {
    s.status = SubStatus::kIncomplete;
    if (!ctx_.emit.Sub(life, EventType::kSubUpdated, at)) return;
    billing_.Pay(life, life.cursor, false);
    life.Schedule(life.cursor + 23 * kHour, Action::kIncompleteEnd);
  }
}

void StartPlanner::Resume(SubscriptionLife& life, int64_t at) {
  if (life.s.status != SubStatus::kPaused) return;
  if (!ctx_.rng.Chance(0.5)) return billing_.End(life, at, CancelReason::kNone);
  if (billing_.Activate(life, EventType::kSubResumed, at)) {
    life.Schedule(at + ctx_.rng.Between(10 * kDay, 40 * kDay), Action::kTick);
  }
}

void StartPlanner::IncompleteEnd(SubscriptionLife& life, int64_t at) {
  if (life.s.status != SubStatus::kIncomplete) return;
  if (ctx_.rng.Chance(0.5)) {
    billing_.Activate(life, EventType::kSubUpdated, at);
    return;
  }
  life.s.status = SubStatus::kIncompleteExpired;
  life.churned = ctx_.emit.Sub(life, EventType::kSubUpdated, at);
  life.ended = true;
}

}  // namespace subledger::eventgen
