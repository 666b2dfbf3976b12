// ProjectionState: the read models of every book (one BookState each), the
// log checkpoint they reflect, and the one way to change them: ApplyBatch().
//
// ApplyBatch() groups a batch of new distinct events by book (§0: books
// never mix) and folds each group into its book. Events whose `created` is
// not plausible (§1) are not Stripe events: they are counted, and otherwise
// left out of every figure — such an event can only be in a log written by
// an older version, which accepted them.
//
// Restore() reads the persisted state back (totals, catalogs and indexes of
// every book; customers and routes load lazily on first use). Writes
// accumulate in TakeWrites(), to be committed atomically with the
// checkpoint (key layout: projections/state_keys.h).
//
// Thread safety: not thread-safe; owned by one thread (the projector, or a
// rebuild). Readers use published snapshots (ProjectionSnapshot).
#pragma once

#include <map>
#include <memory>
#include <set>

#include "ledger/book.h"
#include "ledger/event_log.h"
#include "projections/book_state.h"
#include "projections/state_store.h"

namespace subledger {

// An immutable view of every book's totals, for readers.
struct ProjectionSnapshot {
  SequenceNumber checkpoint = 0;
  uint64_t implausible_events = 0;
  std::map<Book, std::shared_ptr<const RevenueTotals>> books;

  // The totals of `book`; an empty one (events 0) for a book without events.
  std::shared_ptr<const RevenueTotals> Find(const Book& book) const;
  // §0's default book of an account ("" the platform's own): live when
  // that account has at least one live-mode event, otherwise test.
  Book DefaultBook(const std::string& account = "") const;
};

class ProjectionState {
 public:
  // `store` may be null: memory only (tests, a read-only copy).
  explicit ProjectionState(const StateStore* store = nullptr) : store_(store) {}

  enum class Restored { kFresh, kRestored, kOldFormat };
  // Reads the persisted state. kFresh: nothing persisted (or an interrupted
  // rebuild); kOldFormat: state of an older format, to be dropped and
  // recomputed; kCorruption when the state cannot be read.
  Result<Restored> Restore();

  // Folds in a batch of distinct events (any order) and sets checkpoint.
  // `threads` > 1 derives customers in parallel (rebuild). The subscription
  // facts are moved out of `facts` (into the customers' records); the rest
  // is left for the caller to free when it likes.
  Status ApplyBatch(FactParts& facts, SequenceNumber checkpoint, int threads = 1);
  // The same for a batch of one part.
  Status ApplyBatch(std::vector<EventFact> facts, SequenceNumber checkpoint, int threads = 1);

  // The writes of every ApplyBatch since the last call, then the global
  // entry (checkpoint) last.
  StateBatch TakeWrites();

  SequenceNumber checkpoint() const { return checkpoint_; }
  uint64_t implausible_events() const { return implausible_; }
  BookState* FindBook(const Book& book);
  // A snapshot of every book, sharing the books unchanged since `previous`
  // was taken (may be null: every book is copied).
  std::shared_ptr<const ProjectionSnapshot> Snapshot(const std::shared_ptr<const ProjectionSnapshot>& previous);
  void set_walk_cache_limit(size_t limit);

 private:
  std::map<Book, std::vector<EventFact*>> GroupByBook(FactParts& facts);
  BookState& BookOf(const subledger::Book& book);
  Status RestoreBooks();

  const StateStore* store_;
  std::map<subledger::Book, BookState> books_;
  std::set<subledger::Book> changed_books_;  // since the last Snapshot
  SequenceNumber checkpoint_ = 0;
  uint64_t implausible_ = 0;
  StateBatch writes_;
  size_t walk_cache_limit_ = 50000;
};

}  // namespace subledger
