// Refetcher: refetches a list of objects -- each on its own account -- as
// snapshot events (snapshot_fetcher.h). `subledger refetch --unresolved` and
// the daemon's reconciler use it to close the gaps webhooks leave: the
// subscriptions that name a discount only by an id the projection does not
// know, and the tiered prices whose tiers it does not know (spec §3).
//
// RefetchTargets() goes through the targets in order: for each it sets the
// client's account (Stripe-Account), refetches, counts the outcome per kind
// and tells `on_result`; one failure never stops the others. A target whose
// account is not "" and fails ValidateAccountId (it may come from the log)
// fails with kInvalidArgument without a request. Targets equal
// in (account, kind, id) are fetched once. At the end the client's account
// is what it was before. Every request goes through the client, so a
// request gate on it (the reconciler's rate limit) applies.
//
// RefetchMemory remembers the targets that got Stripe's definitive answer
// (a snapshot, or a 4xx such as "No such subscription"), by (account, kind,
// id, reason), so a periodic caller does not fetch the same object again
// for the same reason -- e.g. a subscription whose discount stays
// unresolved after a refetch. A new reason (another discount id) fetches
// it again. Transport failures, 429/5xx and local append failures are not
// remembered: the next pass retries them.
//
// Thread safety: uses the caller's client and one thread; the log is
// thread-safe. RefetchMemory is not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "stripe/snapshot_fetcher.h"
#include "stripe/stripe_client.h"

namespace subledger {

struct RefetchTarget {
  std::string account;  // "" = the platform's own account
  SnapshotKind kind = SnapshotKind::kSubscription;
  std::string id;
  std::string reason;  // why: the unresolved discount id ("" for a price)
};

struct RefetchTally {
  uint64_t appended = 0;         // snapshot events written
  uint64_t already_present = 0;  // same id already in the log (same second)
  uint64_t failed = 0;
};

struct RefetchCounts {
  RefetchTally subscriptions;
  RefetchTally prices;
  RefetchTally& Of(SnapshotKind kind) { return kind == SnapshotKind::kPrice ? prices : subscriptions; }
  uint64_t attempted() const;
  uint64_t failed() const { return subscriptions.failed + prices.failed; }
  uint64_t fetched() const { return attempted() - failed(); }  // appended or already present
};

class RefetchMemory {
 public:
  bool Contains(const RefetchTarget& target) const;
  void Remember(const RefetchTarget& target);
  size_t size() const { return done_.size(); }

 private:
  std::set<std::tuple<std::string, int, std::string, std::string>> done_;
};

struct RefetchOptions {
  size_t max_targets = 0;  // 0 = all; else at most this many requests' worth of targets
  std::function<bool()> should_stop;  // checked before each target
  RefetchMemory* memory = nullptr;    // skip what it holds; remember definitive answers
  std::function<void(const RefetchTarget&, const Result<SnapshotOutcome>&)> on_result;
};

RefetchCounts RefetchTargets(StripeClient* client, EventLog* log, const Clock& clock,
                             const std::vector<RefetchTarget>& targets, const RefetchOptions& options = {});

}  // namespace subledger
