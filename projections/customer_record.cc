#include "projections/customer_record.h"

#include <map>
#include <utility>

#include "projections/customer_walk.h"
#include "projections/terms_codec.h"

namespace subledger {
namespace {

constexpr uint64_t kCustomerFormat = 3;  // 3: exact item quantities (2: integers)
constexpr uint64_t kRouteFormat = 1;

void EncodeKey(ByteWriter& w, const EventKey& key) {
  w.I64(key.created);
  w.U64(key.rank);
  w.Str(key.id);
}

EventKey DecodeKey(ByteReader& r) {
  EventKey key;
  key.created = r.I64();
  key.rank = static_cast<uint8_t>(r.U64());
  key.id = r.Str();
  return key;
}

// Distinct pricing terms of the facts, each written once.
void EncodeFacts(ByteWriter& w, const std::vector<EventFact>& facts, const std::string& customer) {
  std::vector<const PricingTerms*> table;
  std::vector<uint64_t> index;
  index.reserve(facts.size());
  for (const EventFact& f : facts) {
    const PricingTerms* terms = f.subscription.terms.get();
    size_t i = table.size();
    if (!table.empty() && (table.back() == terms || *table.back() == *terms)) {
      i = table.size() - 1;
    } else {
      table.push_back(terms);
    }
    index.push_back(i);
  }
  w.U64(table.size());
  for (const PricingTerms* terms : table) {
    EncodeItems(w, terms->items);
    EncodeDiscountRefs(w, terms->discounts);
  }
  w.U64(facts.size());
  for (size_t i = 0; i < facts.size(); ++i) {
    const EventFact& f = facts[i];
    const SubscriptionFact& s = f.subscription;
    const bool own_customer = s.customer_id != customer;
    w.U64(f.seq);
    EncodeKey(w, f.key);
    w.U64(static_cast<uint64_t>(f.source));
    w.Str(s.subscription_id);
    w.Str(s.currency);
    w.Str(s.status);
    w.U64((s.scheduled ? 1 : 0) | (s.involuntary ? 2 : 0) | (s.paused ? 4 : 0) | (own_customer ? 8 : 0));
    if (own_customer) w.Str(s.customer_id);
    w.U64(index[i]);
  }
}

std::vector<EventFact> DecodeFacts(ByteReader& r, const Book& book, const std::string& customer) {
  std::vector<std::shared_ptr<const PricingTerms>> table(std::min<uint64_t>(r.U64(), 1u << 20));
  for (auto& terms : table) {
    auto t = std::make_shared<PricingTerms>();
    t->items = DecodeItems(r);
    t->discounts = DecodeDiscountRefs(r);
    terms = std::move(t);
  }
  std::vector<EventFact> facts(std::min<uint64_t>(r.U64(), 1u << 24));
  for (EventFact& f : facts) {
    f.kind = FactKind::kSubscription;
    f.book = book;
    SubscriptionFact& s = f.subscription;
    f.seq = r.U64();
    f.key = DecodeKey(r);
    f.source = static_cast<EventSource>(r.U64());
    s.subscription_id = r.Str();
    s.currency = r.Str();
    s.status = r.Str();
    const uint64_t flags = r.U64();
    s.scheduled = flags & 1;
    s.involuntary = flags & 2;
    s.paused = flags & 4;
    s.customer_id = (flags & 8) ? r.Str() : customer;
    const uint64_t i = r.U64();
    if (i >= table.size()) {
      r.Invalidate();
      break;
    }
    s.terms = table[i];
  }
  return facts;
}

void EncodeContribution(ByteWriter& w, const CustomerContribution& c) {
  w.U64(c.cells.size());
  for (const auto& [key, figures] : c.cells) {
    w.Str(key.first);
    w.I64(key.second);
    figures.Encode(w);
  }
  w.U64(c.status_counts.size());
  for (const auto& [status, n] : c.status_counts) {
    w.Str(status);
    w.I64(n);
  }
  w.U64(c.unresolved.size());
  for (const auto& [currency, id] : c.unresolved) {
    w.Str(currency);
    w.Str(id);
  }
  w.U64(c.refs.size());
  for (const auto& [kind, id] : c.refs) {
    w.U64(static_cast<uint64_t>(kind));
    w.Str(id);
  }
  w.U64(c.discount_ends.size());
  for (int64_t end : c.discount_ends) w.I64(end);
}

CustomerContribution DecodeContribution(ByteReader& r) {
  CustomerContribution c;
  for (uint64_t i = 0, n = r.U64(); i < n && r.ok(); ++i) {
    std::string currency = r.Str();
    const MonthIndex month = static_cast<MonthIndex>(r.I64());
    c.cells[{currency, month}] = MonthFigures::Decode(r);
  }
  for (uint64_t i = 0, n = r.U64(); i < n && r.ok(); ++i) {
    std::string status = r.Str();
    c.status_counts[status] = r.I64();
  }
  for (uint64_t i = 0, n = r.U64(); i < n && r.ok(); ++i) {
    std::string currency = r.Str();
    c.unresolved.emplace(std::move(currency), r.Str());
  }
  for (uint64_t i = 0, n = r.U64(); i < n && r.ok(); ++i) {
    const auto kind = static_cast<ObjectKind>(r.U64());
    c.refs.emplace(kind, r.Str());
  }
  for (uint64_t i = 0, n = r.U64(); i < n && r.ok(); ++i) c.discount_ends.insert(r.I64());
  return c;
}

}  // namespace

CustomerContribution ContributionOf(CustomerDerivation&& d) {
  return CustomerContribution{std::move(d.cells), std::move(d.status_counts), std::move(d.unresolved),
                              std::move(d.refs), std::move(d.discount_ends)};
}

std::string EncodeCustomerRecord(const CustomerRecord& record, const std::string& customer) {
  ByteWriter w;
  w.U64(kCustomerFormat);
  EncodeFacts(w, record.facts, customer);
  EncodeContribution(w, record.contribution);
  return w.Take();
}

Result<CustomerRecord> DecodeCustomerRecord(std::string_view bytes, const Book& book, const std::string& customer) {
  ByteReader r(bytes);
  if (r.U64() != kCustomerFormat) return Status::Corruption("customer " + customer + ": unknown format version");
  CustomerRecord record;
  record.facts = DecodeFacts(r, book, customer);
  record.contribution = DecodeContribution(r);
  if (!r.ok() || !r.done()) return Status::Corruption("customer " + customer + ": truncated or malformed");
  return record;
}

std::string EncodeRoute(const SubscriptionRoute& route) {
  ByteWriter w;
  w.U64(kRouteFormat);
  w.Str(route.customer);
  EncodeKey(w, route.first);
  EncodeKey(w, route.last);
  w.U64(route.last_seq);
  return w.Take();
}

Result<SubscriptionRoute> DecodeRoute(std::string_view bytes, const std::string& subscription) {
  ByteReader r(bytes);
  if (r.U64() != kRouteFormat) return Status::Corruption("subscription " + subscription + ": unknown format version");
  SubscriptionRoute route;
  route.customer = r.Str();
  route.first = DecodeKey(r);
  route.last = DecodeKey(r);
  route.last_seq = r.U64();
  if (!r.ok() || !r.done()) return Status::Corruption("subscription " + subscription + ": truncated or malformed");
  return route;
}

}  // namespace subledger
