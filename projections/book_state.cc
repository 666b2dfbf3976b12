#include "projections/book_state.h"

#include <algorithm>
#include <thread>

#include "projections/state_keys.h"

namespace subledger {

// One customer to derive again. Prepare() fills the first part; Derive()
// the rest, on any thread (every Work touches only its own customer).
struct BookState::Work {
  std::string customer;
  CustomerRecord* record = nullptr;
  std::vector<EventFact*> incoming;  // new facts, moved into the record by Derive()
  bool full = false;                 // derive from scratch (never resume)
  bool resumed = false;
  CustomerWalk walk{false};
  CustomerContribution before;  // the contribution replaced (the record holds the new one)
  std::string encoded;          // the record, encoded
};

BookState::BookState(Book book, const StateStore* store) : store_(store) { totals_.book = std::move(book); }

Status BookState::RestoreTotals(std::string_view bytes) {
  auto totals = RevenueTotals::Decode(totals_.book, bytes);
  if (!totals.ok()) return totals.status();
  totals_ = std::move(*totals);
  return Status::Ok();
}

Status BookState::RestoreKnown(const ObjectRef& ref, std::string_view bytes) { return catalog_.Decode(ref, bytes); }

void BookState::RestoreDependent(const ObjectRef& ref, const std::string& customer) {
  dependents_[ref].insert(customer);
}

void BookState::RestoreExpiry(int64_t end, const std::string& customer) { expiries_[end].insert(customer); }

Result<CustomerRecord*> BookState::Load(const std::string& customer) {
  auto it = customers_.find(customer);
  if (it != customers_.end()) return &it->second;
  CustomerRecord record;
  if (store_ != nullptr) {
    auto bytes = store_->Get(state_keys::EntityKey(state_keys::kCustomer, book(), customer));
    if (!bytes.ok()) return bytes.status();
    if (bytes->has_value()) {
      auto decoded = DecodeCustomerRecord(**bytes, book(), customer);
      if (!decoded.ok()) return decoded.status();
      record = std::move(*decoded);
    }
  }
  return &customers_.emplace(customer, std::move(record)).first->second;
}

Result<const CustomerRecord*> BookState::Customer(const std::string& id) {
  auto record = Load(id);
  if (!record.ok()) return record.status();
  if ((*record)->facts.empty()) return static_cast<const CustomerRecord*>(nullptr);
  return static_cast<const CustomerRecord*>(*record);
}

Result<SubscriptionRoute*> BookState::LoadRoute(const std::string& subscription) {
  auto it = routes_.find(subscription);
  if (it != routes_.end()) return &it->second;
  if (store_ == nullptr) return static_cast<SubscriptionRoute*>(nullptr);
  auto bytes = store_->Get(state_keys::EntityKey(state_keys::kRoute, book(), subscription));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return static_cast<SubscriptionRoute*>(nullptr);
  auto route = DecodeRoute(**bytes, subscription);
  if (!route.ok()) return route.status();
  return &routes_.emplace(subscription, std::move(*route)).first->second;
}

void BookState::CountEvents(const std::vector<EventFact*>& facts) {
  for (const EventFact* fact : facts) {
    totals_.CountEvent(fact->created(), fact->source);
    if (fact->kind == FactKind::kPayment) totals_.AddPayment(*fact);
  }
}

std::set<ObjectRef> BookState::OfferCarriers(const std::vector<EventFact*>& facts, StateBatch* writes) {
  std::vector<Catalog::Change> changes;
  for (const EventFact* fact : facts) catalog_.OfferCarriers(*fact, &changes);
  std::set<ObjectRef> persisted, changed;
  for (const Catalog::Change& c : changes) {
    if (persisted.insert(c.ref).second) {
      writes->puts.emplace_back(state_keys::KnownKey(book(), c.ref), catalog_.Encode(c.ref));
    }
    // A deletion moves the points of the customers that name the discount.
    if (c.value_changed) {
      changed.insert(c.ref.first == ObjectKind::kDeletion ? ObjectRef{ObjectKind::kDiscount, c.ref.second} : c.ref);
    }
  }
  return changed;
}

// Gives every subscription fact its customer (that of the subscription's
// first state) and notes the customers a subscription moved away from.
Status BookState::Route(const std::vector<EventFact*>& facts, Incoming* incoming, Moves* moves, StateBatch* writes) {
  std::vector<EventFact*> states;
  for (EventFact* fact : facts) {
    if (fact->kind == FactKind::kSubscription) states.push_back(fact);
  }
  SortCanonically(states);
  // Each route this batch touches, with where its facts go: its customer is
  // settled by its first fact here (the canonically-first of the batch).
  std::unordered_map<const SubscriptionRoute*, std::vector<EventFact*>*> touched;
  std::vector<const std::string*> changed;
  for (EventFact* state : states) {
    const EventFact& fact = *state;
    const SubscriptionFact& s = fact.subscription;
    auto loaded = LoadRoute(s.subscription_id);
    if (!loaded.ok()) return loaded.status().WithContext("load subscription " + s.subscription_id);
    SubscriptionRoute* route = *loaded;
    if (route == nullptr) {
      route = &routes_[s.subscription_id];
      *route = SubscriptionRoute{s.customer_id, fact.key, fact.key, fact.seq};
    } else {
      if (fact.key < route->first) {
        route->first = fact.key;
        if (route->customer != s.customer_id) moves->emplace(s.subscription_id, route->customer);
        route->customer = s.customer_id;
      }
      if (route->last < fact.key) {
        route->last = fact.key;
        route->last_seq = fact.seq;
      }
    }
    auto [it, first] = touched.try_emplace(route, nullptr);
    if (first) {
      it->second = &(*incoming)[route->customer];
      changed.push_back(&s.subscription_id);
    }
    it->second->push_back(state);
  }
  std::sort(changed.begin(), changed.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* sub : changed) {  // in a stable order
    writes->puts.emplace_back(state_keys::EntityKey(state_keys::kRoute, book(), *sub), EncodeRoute(routes_.at(*sub)));
  }
  return Status::Ok();
}

// Customers whose derivation a changed known object or the advance of the
// book's as_of reaches.
std::set<std::string> BookState::Reached(const std::set<ObjectRef>& changed, int64_t old_as_of) const {
  std::set<std::string> reached;
  for (const ObjectRef& ref : changed) {
    auto it = dependents_.find(ref);
    if (it != dependents_.end()) reached.insert(it->second.begin(), it->second.end());
  }
  const int64_t as_of = totals_.max_created;
  for (auto it = expiries_.upper_bound(old_as_of); it != expiries_.end() && it->first <= as_of; ++it) {
    reached.insert(it->second.begin(), it->second.end());
  }
  return reached;
}

Status BookState::Prepare(Incoming& incoming, const Moves& moves, const std::set<std::string>& reached,
                          const std::set<std::string>& catalog_dirty, FactParts* displaced,
                          std::vector<Work>* work) {
  // The customer a subscription left hands that subscription's stored facts
  // to the subscription's new customer (held in `displaced` meanwhile); both
  // are derived from scratch.
  std::set<std::string> moved;
  for (const auto& [subscription, from] : moves) {
    auto record = Load(from);
    if (!record.ok()) return record.status().WithContext("load customer " + from);
    auto& facts = (*record)->facts;
    auto leaving = std::stable_partition(facts.begin(), facts.end(), [&](const EventFact& f) {
      return f.subscription.subscription_id != subscription;
    });
    const std::string& to = routes_.at(subscription).customer;
    std::vector<EventFact>& held = displaced->emplace_back(std::make_move_iterator(leaving),
                                                           std::make_move_iterator(facts.end()));
    for (EventFact& fact : held) incoming[to].push_back(&fact);
    facts.erase(leaving, facts.end());
    moved.insert(from);
    moved.insert(to);
  }
  std::set<std::string> customers = reached;
  for (const auto& [customer, facts] : incoming) customers.insert(customer);
  customers.insert(moved.begin(), moved.end());
  work->reserve(customers.size());  // a Work is large: never moved by growth
  for (const std::string& customer : customers) {
    auto record = Load(customer);
    if (!record.ok()) return record.status().WithContext("load customer " + customer);
    Work w;
    w.customer = customer;
    w.record = *record;
    auto in = incoming.find(customer);
    if (in != incoming.end()) w.incoming = std::move(in->second);
    w.full = moved.count(customer) > 0 || catalog_dirty.count(customer) > 0;
    auto cached = walks_.find(customer);
    if (!w.full && cached != walks_.end()) {
      w.walk = std::move(cached->second);
      w.resumed = true;
    }
    if (cached != walks_.end()) walks_.erase(cached);
    work->push_back(std::move(w));
  }
  return Status::Ok();
}

namespace {

// Adds a customer's new facts to its record, in canonical order.
void MergeIncoming(const std::vector<EventFact*>& incoming, std::vector<EventFact>* facts) {
  std::vector<EventFact> arriving;
  arriving.reserve(incoming.size());
  for (EventFact* fact : incoming) arriving.push_back(std::move(*fact));
  SortCanonically(arriving);
  if (facts->empty()) {
    *facts = std::move(arriving);
    return;
  }
  if (arriving.empty()) return;
  std::vector<EventFact> merged;
  merged.reserve(facts->size() + arriving.size());
  std::merge(std::make_move_iterator(facts->begin()), std::make_move_iterator(facts->end()),
             std::make_move_iterator(arriving.begin()), std::make_move_iterator(arriving.end()),
             std::back_inserter(merged), CanonicalLess);
  *facts = std::move(merged);
}

}  // namespace

void BookState::Derive(std::vector<Work>& work, int threads) {
  const WalkContext context{&catalog_, totals_.max_created};
  auto derive = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < work.size(); i += step) {
      Work& w = work[i];
      MergeIncoming(w.incoming, &w.record->facts);
      if (!w.resumed || !w.walk.Resume(w.record->facts, context)) {
        w.resumed = false;
        w.walk = CustomerWalk(false);
        w.walk.Derive(w.record->facts, context);
      }
      w.before = std::move(w.record->contribution);
      w.record->contribution = ContributionOf(w.walk.Close());
      w.encoded = EncodeCustomerRecord(*w.record, w.customer);
    }
  };
  const size_t n = std::max<size_t>(1, std::min<size_t>(threads, work.size()));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) pool.emplace_back(derive, t, n);
  derive(0, n);
  for (auto& th : pool) th.join();
}

void BookState::UpdateIndexes(const std::string& customer, const CustomerContribution& before,
                              const CustomerContribution& after, StateBatch* writes) {
  for (const ObjectRef& ref : before.refs) {
    if (after.refs.count(ref)) continue;
    dependents_[ref].erase(customer);
    if (dependents_[ref].empty()) dependents_.erase(ref);
    writes->deletes.push_back(state_keys::DependentKey(book(), ref, customer));
  }
  for (const ObjectRef& ref : after.refs) {
    if (before.refs.count(ref)) continue;
    dependents_[ref].insert(customer);
    writes->puts.emplace_back(state_keys::DependentKey(book(), ref, customer), "");
  }
  for (int64_t end : before.discount_ends) {
    if (after.discount_ends.count(end)) continue;
    expiries_[end].erase(customer);
    if (expiries_[end].empty()) expiries_.erase(end);
    writes->deletes.push_back(state_keys::ExpiryKey(book(), end, customer));
  }
  for (int64_t end : after.discount_ends) {
    if (before.discount_ends.count(end)) continue;
    expiries_[end].insert(customer);
    writes->puts.emplace_back(state_keys::ExpiryKey(book(), end, customer), "");
  }
}

void BookState::Commit(std::vector<Work>& work, StateBatch* writes) {
  for (Work& w : work) {
    const CustomerContribution& after = w.record->contribution;
    totals_.AddCustomer(w.before, -1);
    totals_.AddCustomer(after, +1);
    UpdateIndexes(w.customer, w.before, after, writes);
    writes->puts.emplace_back(state_keys::EntityKey(state_keys::kCustomer, book(), w.customer), std::move(w.encoded));
    (w.resumed ? resumed_ : full_)++;
    if (walk_cache_limit_ > 0) {
      if (walks_.size() >= walk_cache_limit_) walks_.clear();
      walks_[w.customer] = std::move(w.walk);
    }
  }
}

Status BookState::Apply(const std::vector<EventFact*>& facts, int threads, StateBatch* writes) {
  const int64_t old_as_of = totals_.events > 0 ? totals_.max_created : INT64_MIN;
  // Counting and the catalog (totals_, catalog_) and routing (routes_) touch
  // disjoint state and only read the facts: with threads, side by side.
  std::set<ObjectRef> changed;
  StateBatch catalog_writes;
  auto count_and_offer = [&] {
    CountEvents(facts);
    changed = OfferCarriers(facts, &catalog_writes);
  };
  Incoming incoming;
  Moves moves;
  Status st;
  if (threads > 1) {
    std::jthread counting(count_and_offer);  // joined on leaving this block, also by an exception
    st = Route(facts, &incoming, &moves, writes);
  } else {
    count_and_offer();
    st = Route(facts, &incoming, &moves, writes);
  }
  if (!st.ok()) return st;
  std::move(catalog_writes.puts.begin(), catalog_writes.puts.end(), std::back_inserter(writes->puts));
  const std::set<std::string> catalog_dirty = Reached(changed, INT64_MAX);  // known objects only
  const std::set<std::string> reached = Reached(changed, old_as_of);
  std::vector<Work> work;
  FactParts displaced;  // `work` points into it until Derive() is done
  st = Prepare(incoming, moves, reached, catalog_dirty, &displaced, &work);
  if (!st.ok()) return st;
  Derive(work, threads);
  Commit(work, writes);
  writes->puts.emplace_back(state_keys::BookPrefix(state_keys::kBook, book()), totals_.Encode());
  return Status::Ok();
}

}  // namespace subledger
