// BookState: one book's projection (revenue model v2 §0) — its totals, its
// catalog of known objects, the indexes that say which customers a change
// of a known object or of the book's as_of reaches, and the customers and
// subscription routes read so far — and the one way to change it: Apply().
//
// Apply() folds in events never folded before, in any order. For every
// customer a batch reaches — new facts, a subscription moved to it or away
// (its first state changed, spec §2), a known object it depends on changed
// value, a discount it names reached its end as the book's as_of advanced —
// the old contribution is subtracted and the customer is derived again
// (resumed from a cached walk when only later points were added). Because
// every figure is a sum of per-customer contributions, the totals depend
// only on the set of events.
//
// Customers and routes not in memory are read from the StateStore (the
// persisted state) on first use; the catalog and the indexes are restored
// whole at open. Apply() appends every state write (puts and deletes) to
// the caller's batch, which persists it atomically with the checkpoint.
//
// Thread safety: not thread-safe; owned by one thread (the projector, or a
// rebuild). Apply() may use `threads` threads internally.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/book.h"
#include "ledger/event_log.h"
#include "projections/catalog.h"
#include "projections/customer_record.h"
#include "projections/customer_walk.h"
#include "projections/revenue_totals.h"
#include "projections/state_store.h"

namespace subledger {

class BookState {
 public:
  BookState(Book book, const StateStore* store);

  // Open: the book's persisted parts.
  Status RestoreTotals(std::string_view bytes);
  Status RestoreKnown(const ObjectRef& ref, std::string_view bytes);
  void RestoreDependent(const ObjectRef& ref, const std::string& customer);
  void RestoreExpiry(int64_t end, const std::string& customer);

  // Folds in facts of this book (kind != kImplausible), never folded
  // before, in any order. The subscription facts are moved from (they are
  // kept in their customers' records); the others are only read.
  Status Apply(const std::vector<EventFact*>& facts, int threads, StateBatch* writes);

  const Book& book() const { return totals_.book; }
  const RevenueTotals& totals() const { return totals_; }
  const Catalog& catalog() const { return catalog_; }
  // A customer's record (nullptr when unknown); loads it if needed.
  Result<const CustomerRecord*> Customer(const std::string& id);

  // Cached walks for the append-only fast path (0 disables it; when full,
  // the cache is dropped and refills).
  void set_walk_cache_limit(size_t limit) { walk_cache_limit_ = limit; }
  uint64_t resumed_derivations() const { return resumed_; }
  uint64_t full_derivations() const { return full_; }

 private:
  struct Work;
  using Incoming = std::unordered_map<std::string, std::vector<EventFact*>>;  // customer -> new facts
  using Moves = std::map<std::string, std::string>;  // subscription -> the customer it left

  Result<CustomerRecord*> Load(const std::string& customer);
  Result<SubscriptionRoute*> LoadRoute(const std::string& subscription);
  void CountEvents(const std::vector<EventFact*>& facts);
  std::set<ObjectRef> OfferCarriers(const std::vector<EventFact*>& facts, StateBatch* writes);
  Status Route(const std::vector<EventFact*>& facts, Incoming* incoming, Moves* moves, StateBatch* writes);
  std::set<std::string> Reached(const std::set<ObjectRef>& changed, int64_t old_as_of) const;
  Status Prepare(Incoming& incoming, const Moves& moves, const std::set<std::string>& reached,
                 const std::set<std::string>& catalog_dirty, FactParts* displaced, std::vector<Work>* work);
  void Derive(std::vector<Work>& work, int threads);
  void Commit(std::vector<Work>& work, StateBatch* writes);
  void UpdateIndexes(const std::string& customer, const CustomerContribution& before,
                     const CustomerContribution& after, StateBatch* writes);

  const StateStore* store_;
  RevenueTotals totals_;
  Catalog catalog_;
  std::map<ObjectRef, std::set<std::string>> dependents_;  // known object -> customers
  std::map<int64_t, std::set<std::string>> expiries_;      // discount end -> customers
  std::unordered_map<std::string, CustomerRecord> customers_;
  std::unordered_map<std::string, SubscriptionRoute> routes_;
  std::unordered_map<std::string, CustomerWalk> walks_;
  size_t walk_cache_limit_ = 50000;
  uint64_t resumed_ = 0;
  uint64_t full_ = 0;
};

}  // namespace subledger
