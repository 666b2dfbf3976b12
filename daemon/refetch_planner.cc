#include "daemon/refetch_planner.h"

#include <set>
#include <thread>

#include "ingest/json_log.h"
#include "projections/unresolved_refs.h"

namespace subledger {
namespace {

std::shared_ptr<const ProjectionSnapshot> SnapshotOf(ProjectorComponent* projections) {
  Projector* projector = projections != nullptr ? projections->projector() : nullptr;
  return projector != nullptr ? projector->Snapshot() : nullptr;
}

// Waits until the projection has folded the log as it is now.
std::shared_ptr<const ProjectionSnapshot> CaughtUpSnapshot(ProjectorComponent* projections, const EventLog& log,
                                                          const std::function<bool()>& should_stop) {
  const SequenceNumber target = log.LastSequence();
  const auto deadline = std::chrono::steady_clock::now() + kCatchUpWait;
  auto snapshot = SnapshotOf(projections);
  while (snapshot != nullptr && snapshot->checkpoint < target && std::chrono::steady_clock::now() < deadline &&
         !(should_stop && should_stop())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    snapshot = SnapshotOf(projections);
  }
  return snapshot;
}

void PlanBook(const UnresolvedRefs& refs, RefetchPlan* plan, std::vector<RefetchTarget>* subscriptions) {
  const std::string& account = refs.book.account;
  for (const std::string& price : refs.tiered_prices) {
    plan->targets.push_back({account, SnapshotKind::kPrice, price, ""});
  }
  for (const auto& [discount, subs] : refs.discounts) {
    for (const std::string& sub : subs) subscriptions->push_back({account, SnapshotKind::kSubscription, sub, discount});
  }
  plan->unknown_tiered_prices += refs.tiered_prices.size();
}

uint64_t DistinctUnresolved(const RevenueTotals& totals) {
  std::set<std::string> ids;
  for (const auto& [key, customers] : totals.unresolved) {
    if (customers > 0) ids.insert(key.second);
  }
  return ids.size();
}

RefetchPlan Plan(ProjectorComponent* projections, EventLog* log, std::optional<bool> key_livemode,
                 const std::function<bool()>& should_stop) {
  auto snapshot = CaughtUpSnapshot(projections, *log, should_stop);
  if (snapshot == nullptr) return {};
  Result<RefetchPlan> plan = PlanRefetches(*snapshot, *log, key_livemode);
  if (!plan.ok()) {
    JsonLog::Warn("reconcile_plan_failed").Str("error", plan.status().ToString());
    return {};
  }
  return std::move(*plan);
}

void LogRefetch(const RefetchTarget& target, const Result<SnapshotOutcome>& outcome) {
  auto line = outcome.ok() ? JsonLog::Info("reconcile_refetch") : JsonLog::Warn("reconcile_refetch");
  line.Str("kind", SnapshotKindName(target.kind))
      .Str("id", target.id)
      .Str("account", target.account.empty() ? "platform" : target.account);
  if (!target.reason.empty()) line.Str("unresolved_discount", target.reason);
  if (outcome.ok()) {
    line.Str("event_id", outcome->event_id).Bool("appended", outcome->appended);
  } else {
    line.Str("error", outcome.status().ToString());
  }
}

}  // namespace

Result<RefetchPlan> PlanRefetches(const ProjectionSnapshot& snapshot, const EventLog& log,
                                  std::optional<bool> livemode, const std::optional<std::string>& account) {
  RefetchPlan plan;
  std::vector<RefetchTarget> subscriptions;
  for (const auto& [book, totals] : snapshot.books) {
    if (livemode && book.livemode != *livemode) continue;
    if (account && book.account != *account) continue;
    Result<UnresolvedRefs> refs = FindUnresolvedRefs(log, *totals);
    if (!refs.ok()) return refs.status().WithContext("book " + BookLabel(book));
    plan.unresolved_discounts += DistinctUnresolved(*totals);
    PlanBook(*refs, &plan, &subscriptions);
  }
  plan.targets.insert(plan.targets.end(), subscriptions.begin(), subscriptions.end());
  return plan;
}

ReconcilerHooks MakeReconcilerHooks(ProjectorComponent* projections, EventLog* log,
                                    std::optional<bool> key_livemode) {
  ReconcilerHooks hooks;
  hooks.seen_accounts = [projections] {
    std::vector<std::string> accounts;
    auto snapshot = SnapshotOf(projections);
    if (snapshot == nullptr) return accounts;
    for (const auto& [book, totals] : snapshot->books) {
      if (!book.account.empty() && (accounts.empty() || accounts.back() != book.account)) {
        accounts.push_back(book.account);
      }
    }
    return accounts;
  };
  hooks.plan_refetch = [projections, log, key_livemode](const std::function<bool()>& should_stop) {
    return Plan(projections, log, key_livemode, should_stop);
  };
  hooks.on_refetch = LogRefetch;
  return hooks;
}

}  // namespace subledger
