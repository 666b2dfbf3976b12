// ProjectionState: the in-memory read models — every customer's canonical
// fact list and the global RevenueTotals — and the one way to change them:
// ApplyBatch().
//
// ApplyBatch folds new distinct events in. For every customer touched, the
// old contribution is subtracted, the new facts are merged into the
// customer's canonical-ordered list (a late event lands in the middle of the
// history, it is never "applied as newest"), and the customer is derived
// again from the whole list. Only touched customers are re-derived. Because
// contributions are integer sums, the totals depend only on the set of
// events. The caller guarantees each event id is applied once (the log's
// idempotency index does that).
//
// Customers not in memory are fetched through the Loader (the persisted
// state), so a restart does not need to read every customer.
//
// Thread safety: not thread-safe; owned by one thread (the projector, or the
// rebuild). Readers use published copies of totals().
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/customer_history.h"
#include "projections/event_fact.h"
#include "projections/revenue_totals.h"

namespace subledger {

class ProjectionState {
 public:
  // Returns the persisted facts of a customer, or nullopt if unknown.
  using Loader = std::function<Result<std::optional<std::vector<EventFact>>>(const std::string& customer)>;

  ProjectionState() = default;
  explicit ProjectionState(RevenueTotals totals, Loader loader)
      : totals_(std::move(totals)), loader_(std::move(loader)) {}

  // Folds in a batch of distinct events (any order). `threads` > 1 derives
  // customers in parallel (used by rebuild). Sets totals().checkpoint to
  // `checkpoint`.
  Status ApplyBatch(std::vector<EventFact> facts, SequenceNumber checkpoint, int threads = 1);

  const RevenueTotals& totals() const { return totals_; }
  // Canonical facts of a customer (loaded if needed); empty if unknown.
  Result<std::vector<EventFact>> CustomerFacts(const std::string& customer);
  // Customers changed since the last TakeDirty().
  std::set<std::string> TakeDirty() { return std::move(dirty_); }
  // Facts of a customer already in memory (after ApplyBatch touched it).
  const std::vector<EventFact>* Cached(const std::string& customer) const;
  // How many customers' open walks to keep for the append-only fast path
  // (0 disables it; when full, the cache is dropped and refills).
  void set_walk_cache_limit(size_t limit) { walk_cache_limit_ = limit; }
  // Customers derived via the fast path / from scratch (for tests and stats).
  uint64_t resumed_derivations() const { return resumed_; }
  uint64_t full_derivations() const { return full_; }

 private:
  struct CachedWalk {
    CustomerWalk walk{false};
    CustomerDerivation closed;
  };
  Result<std::vector<EventFact>*> Load(const std::string& customer);

  RevenueTotals totals_;
  Loader loader_;
  std::unordered_map<std::string, std::vector<EventFact>> customers_;
  std::set<std::string> dirty_;
  std::unordered_map<std::string, CachedWalk> walks_;
  size_t walk_cache_limit_ = 50000;
  uint64_t resumed_ = 0;
  uint64_t full_ = 0;
};

// Binary encoding of a customer's facts for the state column family.
std::string EncodeCustomerFacts(const std::vector<EventFact>& facts);
Result<std::vector<EventFact>> DecodeCustomerFacts(std::string_view bytes, const std::string& customer);

}  // namespace subledger
