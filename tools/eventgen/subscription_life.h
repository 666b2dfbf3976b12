// SubscriptionLife: one subscription being simulated by the planners: its
// current state, where its last event is, and its agenda of future actions.
//
// Thread safety: a value owned by the planning thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "tools/eventgen/event_plan.h"

namespace subledger::eventgen {

enum class Action : uint8_t {
  kRenew, kTick, kTrialWillEnd, kTrialEnd, kPauseOff, kCouponEnd, kCancelAt,
  kDunning, kUnpaidEnd, kIncompleteEnd, kSnapshot, kResume,
};

struct Agenda {
  int64_t at = 0;
  Action action = Action::kTick;
  uint32_t arg = 0;  // kCouponEnd: the discount's serial
};

struct SubscriptionLife {
  SubscriptionSnapshot s;
  uint32_t last = UINT32_MAX;  // index of its last snapshot
  int64_t cursor = 0;          // second of its last subscription event
  bool ended = false;          // nothing more happens to it
  bool churned = false;        // its ending event was emitted
  bool had_mrr = false;
  uint32_t borrowed_discount = 0;  // a discount serial to reuse from the platform live book, 0 none
  std::vector<Agenda> agenda;

  void Schedule(int64_t at, Action action, uint32_t arg = 0) { agenda.push_back(Agenda{at, action, arg}); }
  void Unschedule(Action action) {
    agenda.erase(std::remove_if(agenda.begin(), agenda.end(), [&](const Agenda& a) { return a.action == action; }),
                 agenda.end());
  }
  // Removes and returns the earliest entry (the first scheduled among equals); agenda not empty.
  Agenda PopNext() {
    auto next = std::min_element(agenda.begin(), agenda.end(),
                                 [](const Agenda& a, const Agenda& b) { return a.at < b.at; });
    const Agenda a = *next;
    agenda.erase(next);
    return a;
  }
  bool Counted() const { return s.status == SubStatus::kActive || s.status == SubStatus::kPastDue; }
};

}  // namespace subledger::eventgen
