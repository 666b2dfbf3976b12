#include "projections/projection_state.h"

#include <algorithm>
#include <map>
#include <thread>

#include "projections/byte_codec.h"

namespace subledger {
namespace {
constexpr uint64_t kCustomerFormat = 1;
}

Result<std::vector<EventFact>*> ProjectionState::Load(const std::string& customer) {
  auto it = customers_.find(customer);
  if (it != customers_.end()) return &it->second;
  std::vector<EventFact> facts;
  if (loader_) {
    auto loaded = loader_(customer);
    if (!loaded.ok()) return loaded.status();
    if (loaded->has_value()) facts = std::move(**loaded);
  }
  return &customers_.emplace(customer, std::move(facts)).first->second;
}

Status ProjectionState::ApplyBatch(std::vector<EventFact> facts, SequenceNumber checkpoint, int threads) {
  std::map<std::string, std::vector<EventFact>> by_customer;
  for (EventFact& fact : facts) {
    totals_.CountEvent(fact.created, fact.source);
    if (fact.kind == FactKind::kPayment) {
      totals_.AddPayment(fact);
    } else if (fact.kind == FactKind::kSubscription) {
      std::string customer = fact.subscription.customer_id;
      by_customer[customer].push_back(std::move(fact));
    }
  }

  struct Work {
    const std::string* customer = nullptr;
    std::vector<EventFact>* facts = nullptr;
    std::vector<EventFact> incoming;
    bool resumed = false;
    CustomerWalk walk{false};
    CustomerDerivation before, after;
  };
  std::vector<Work> work;
  work.reserve(by_customer.size());
  for (auto& [customer, incoming] : by_customer) {
    auto loaded = Load(customer);
    if (!loaded.ok()) return loaded.status().WithContext("load customer " + customer);
    Work w;
    w.customer = &customer;
    w.facts = *loaded;
    w.incoming = std::move(incoming);
    std::sort(w.incoming.begin(), w.incoming.end(), CanonicalLess);
    auto cached = walks_.find(customer);
    if (cached != walks_.end() && cached->second.walk.folded() == w.facts->size() &&
        (w.facts->empty() || CanonicalLess(w.facts->back(), w.incoming.front()))) {
      // Common case: everything new is newer than the customer's history.
      w.resumed = true;
      w.walk = std::move(cached->second.walk);
      w.before = std::move(cached->second.closed);
      walks_.erase(cached);
    }
    work.push_back(std::move(w));
  }

  auto derive = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < work.size(); i += step) {
      Work& w = work[i];
      if (w.resumed) {
        for (const EventFact& f : w.incoming) w.walk.Append(f);
        w.facts->insert(w.facts->end(), std::make_move_iterator(w.incoming.begin()),
                        std::make_move_iterator(w.incoming.end()));
      } else {
        // A late event (or a customer not cached): merge into the canonical
        // history and derive the customer again from the whole set.
        if (!w.facts->empty()) {
          CustomerWalk old(false);
          for (const EventFact& f : *w.facts) old.Append(f);
          w.before = old.Close();
        }
        std::vector<EventFact> merged;
        merged.reserve(w.facts->size() + w.incoming.size());
        std::merge(std::make_move_iterator(w.facts->begin()), std::make_move_iterator(w.facts->end()),
                   std::make_move_iterator(w.incoming.begin()), std::make_move_iterator(w.incoming.end()),
                   std::back_inserter(merged), CanonicalLess);
        *w.facts = std::move(merged);
        for (const EventFact& f : *w.facts) w.walk.Append(f);
      }
      w.after = w.walk.Close();
    }
  };
  const size_t n_threads = std::max<size_t>(1, std::min<size_t>(threads, work.size()));
  if (n_threads <= 1) {
    derive(0, 1);
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 1; t < n_threads; ++t) pool.emplace_back(derive, t, n_threads);
    derive(0, n_threads);
    for (auto& th : pool) th.join();
  }
  for (Work& w : work) {
    totals_.AddCustomer(w.before, -1);
    totals_.AddCustomer(w.after, +1);
    dirty_.insert(*w.customer);
    (w.resumed ? resumed_ : full_)++;
    if (walk_cache_limit_ > 0) {
      if (walks_.size() >= walk_cache_limit_ && !walks_.count(*w.customer)) walks_.clear();
      walks_[*w.customer] = CachedWalk{std::move(w.walk), std::move(w.after)};
    }
  }
  totals_.checkpoint = checkpoint;
  return Status::Ok();
}

Result<std::vector<EventFact>> ProjectionState::CustomerFacts(const std::string& customer) {
  auto loaded = Load(customer);
  if (!loaded.ok()) return loaded.status();
  return **loaded;
}

const std::vector<EventFact>* ProjectionState::Cached(const std::string& customer) const {
  auto it = customers_.find(customer);
  return it == customers_.end() ? nullptr : &it->second;
}

std::string EncodeCustomerFacts(const std::vector<EventFact>& facts) {
  ByteWriter w;
  w.U64(kCustomerFormat);
  w.U64(facts.size());
  for (const EventFact& f : facts) {
    const SubscriptionFact& s = f.subscription;
    w.U64(f.seq);
    w.I64(f.created);
    w.U64(f.rank);
    w.Str(f.event_id);
    w.Str(s.subscription_id);
    w.Str(s.currency);
    w.Str(s.status);
    w.I64(s.mrr_cents);
    w.U64((s.counted ? 1 : 0) | (s.scheduled ? 2 : 0) | (s.involuntary ? 4 : 0));
    w.U64(s.unpriced_items);
  }
  return w.Take();
}

Result<std::vector<EventFact>> DecodeCustomerFacts(std::string_view bytes, const std::string& customer) {
  ByteReader r(bytes);
  if (r.U64() != kCustomerFormat) return Status::Corruption("customer " + customer + ": unknown format version");
  uint64_t n = r.U64();
  std::vector<EventFact> facts;
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    EventFact f;
    f.kind = FactKind::kSubscription;
    SubscriptionFact& s = f.subscription;
    f.seq = r.U64();
    f.created = r.I64();
    f.rank = static_cast<uint8_t>(r.U64());
    f.event_id = r.Str();
    s.subscription_id = r.Str();
    s.customer_id = customer;
    s.currency = r.Str();
    s.status = r.Str();
    s.mrr_cents = r.I64();
    uint64_t flags = r.U64();
    s.counted = flags & 1;
    s.scheduled = flags & 2;
    s.involuntary = flags & 4;
    s.unpriced_items = static_cast<uint32_t>(r.U64());
    facts.push_back(std::move(f));
  }
  if (!r.ok() || !r.done()) return Status::Corruption("customer " + customer + ": truncated or malformed facts");
  return facts;
}

}  // namespace subledger
