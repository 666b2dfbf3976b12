#include "projections/projection_state.h"

#include "projections/byte_codec.h"
#include "projections/state_keys.h"

namespace subledger {
namespace {

constexpr uint64_t kStateFormat = 3;  // 3: exact item quantities; a state of format 2 is recomputed

std::string EncodeGlobal(SequenceNumber checkpoint, uint64_t implausible) {
  ByteWriter w;
  w.U64(kStateFormat);
  w.U64(checkpoint);
  w.U64(implausible);
  return w.Take();
}

}  // namespace

std::shared_ptr<const RevenueTotals> ProjectionSnapshot::Find(const Book& book) const {
  auto it = books.find(book);
  if (it != books.end()) return it->second;
  auto empty = std::make_shared<RevenueTotals>();
  empty->book = book;
  return empty;
}

Book ProjectionSnapshot::DefaultBook(const std::string& account) const {
  auto live = books.find(Book{account, true});
  return Book{account, live != books.end() && live->second->events > 0};
}

BookState& ProjectionState::BookOf(const subledger::Book& book) {
  auto it = books_.find(book);
  if (it == books_.end()) {
    it = books_.emplace(book, BookState(book, store_)).first;
    it->second.set_walk_cache_limit(walk_cache_limit_);
  }
  return it->second;
}

BookState* ProjectionState::FindBook(const subledger::Book& book) {
  auto it = books_.find(book);
  return it == books_.end() ? nullptr : &it->second;
}

void ProjectionState::set_walk_cache_limit(size_t limit) {
  walk_cache_limit_ = limit;
  for (auto& [book, state] : books_) state.set_walk_cache_limit(limit);
}

Result<ProjectionState::Restored> ProjectionState::Restore() {
  if (store_ == nullptr) return Restored::kFresh;
  auto global = store_->Get(state_keys::kGlobal);
  if (!global.ok()) return global.status();
  if (!global->has_value()) return Restored::kFresh;
  ByteReader r(**global);
  if (r.U64() != kStateFormat) return Restored::kOldFormat;
  checkpoint_ = r.U64();
  implausible_ = r.U64();
  if (!r.ok() || !r.done()) return Status::Corruption("projection state: malformed global entry");
  Status st = RestoreBooks();
  if (!st.ok()) return st.WithContext("projection state");
  return Restored::kRestored;
}

Status ProjectionState::RestoreBooks() {
  Status failed;
  auto each = [&](char tag, const std::function<Status(BookState&, std::string_view rest, std::string_view value)>& fn) {
    return store_->Scan(std::string(1, tag), [&](std::string_view key, std::string_view value) {
      auto parsed = state_keys::ParseBookKey(key);
      failed = parsed ? fn(BookOf(parsed->book), parsed->rest, value)
                      : Status::Corruption("malformed key under '" + std::string(1, tag) + "'");
      return failed.ok();
    });
  };
  const std::pair<char, std::function<Status(BookState&, std::string_view, std::string_view)>> parts[] = {
      {state_keys::kBook,
       [](BookState& b, std::string_view rest, std::string_view value) {
         return rest.empty() ? b.RestoreTotals(value) : Status::Corruption("malformed book key");
       }},
      {state_keys::kKnown,
       [](BookState& b, std::string_view rest, std::string_view value) {
         auto ref = state_keys::ParseKnownRest(rest);
         return ref ? b.RestoreKnown(*ref, value) : Status::Corruption("malformed known-object key");
       }},
      {state_keys::kDependent,
       [](BookState& b, std::string_view rest, std::string_view) {
         auto dep = state_keys::ParseDependentRest(rest);
         if (!dep) return Status::Corruption("malformed dependent key");
         b.RestoreDependent(dep->first, dep->second);
         return Status::Ok();
       }},
      {state_keys::kExpiry,
       [](BookState& b, std::string_view rest, std::string_view) {
         auto expiry = state_keys::ParseExpiryRest(rest);
         if (!expiry) return Status::Corruption("malformed expiry key");
         b.RestoreExpiry(expiry->first, expiry->second);
         return Status::Ok();
       }},
  };
  for (const auto& [tag, fn] : parts) {
    Status st = each(tag, fn);
    if (!st.ok()) return st;
    if (!failed.ok()) return failed;
  }
  for (const auto& [book, state] : books_) changed_books_.insert(book);
  return Status::Ok();
}

// The plausible facts of each book, in log order. The facts stay where
// they are: a rebuild's batch holds the whole log.
std::map<Book, std::vector<EventFact*>> ProjectionState::GroupByBook(FactParts& facts) {
  std::map<Book, std::vector<EventFact*>> by_book;
  std::vector<EventFact*>* last = nullptr;  // consecutive facts are mostly of one book
  const Book* last_book = nullptr;
  for (std::vector<EventFact>& part : facts) {
    for (EventFact& fact : part) {
      if (fact.kind == FactKind::kImplausible) {
        ++implausible_;
        continue;
      }
      if (last == nullptr || fact.book != *last_book) {
        last = &by_book[fact.book];
        last_book = &fact.book;
      }
      last->push_back(&fact);
    }
  }
  return by_book;
}

Status ProjectionState::ApplyBatch(FactParts& facts, SequenceNumber checkpoint, int threads) {
  std::map<subledger::Book, std::vector<EventFact*>> by_book = GroupByBook(facts);
  for (auto& [book, part] : by_book) {
    Status st = BookOf(book).Apply(part, threads, &writes_);
    if (!st.ok()) return st.WithContext("book " + BookLabel(book));
    changed_books_.insert(book);
  }
  checkpoint_ = checkpoint;
  return Status::Ok();
}

Status ProjectionState::ApplyBatch(std::vector<EventFact> facts, SequenceNumber checkpoint, int threads) {
  FactParts parts;
  parts.push_back(std::move(facts));
  return ApplyBatch(parts, checkpoint, threads);  // `parts` freed here
}

StateBatch ProjectionState::TakeWrites() {
  StateBatch batch = std::move(writes_);
  writes_ = StateBatch();
  batch.puts.emplace_back(state_keys::kGlobal, EncodeGlobal(checkpoint_, implausible_));
  return batch;
}

std::shared_ptr<const ProjectionSnapshot> ProjectionState::Snapshot(
    const std::shared_ptr<const ProjectionSnapshot>& previous) {
  auto next = std::make_shared<ProjectionSnapshot>();
  next->checkpoint = checkpoint_;
  next->implausible_events = implausible_;
  for (const auto& [book, state] : books_) {
    std::shared_ptr<const RevenueTotals> reused;
    if (previous && !changed_books_.count(book)) {
      auto it = previous->books.find(book);
      if (it != previous->books.end()) reused = it->second;
    }
    next->books[book] = reused ? reused : std::make_shared<const RevenueTotals>(state.totals());
  }
  changed_books_.clear();
  return next;
}

}  // namespace subledger
