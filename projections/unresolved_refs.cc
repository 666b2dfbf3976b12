#include "projections/unresolved_refs.h"

#include <map>

#include "projections/customer_record.h"
#include "projections/state_keys.h"

namespace subledger {
namespace {

// The persisted state, read through the event log.
class LogStateReader final : public StateStore {
 public:
  explicit LogStateReader(const EventLog& log) : log_(log) {}
  Result<std::optional<std::string>> Get(const std::string& key) const override {
    std::string value;
    Status st = log_.GetState(key, &value);
    if (st.code() == Status::Code::kNotFound) return std::optional<std::string>();
    if (!st.ok()) return st;
    return std::optional<std::string>(std::move(value));
  }
  Status Scan(std::string_view prefix,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return log_.ScanState(prefix, fn);
  }

 private:
  const EventLog& log_;
};

// The prefix of every dependency key of objects of `kind` in `book`.
std::string DependentPrefix(const Book& book, ObjectKind kind) {
  std::string prefix = state_keys::BookPrefix(state_keys::kDependent, book);
  prefix.push_back(static_cast<char>(kind));
  return prefix;
}

// Customers that depend on the discount `id` (the `r` index).
Result<std::set<std::string>> DependentCustomers(const StateStore& store, const Book& book, const std::string& id) {
  // DependentKey with an empty customer is the prefix of every customer's key.
  const std::string prefix = state_keys::DependentKey(book, {ObjectKind::kDiscount, id}, "");
  std::set<std::string> customers;
  Status st = store.Scan(prefix, [&](std::string_view key, std::string_view) {
    customers.emplace(key.substr(prefix.size()));
    return true;
  });
  if (!st.ok()) return st;
  return customers;
}

// The current state (canonically-last fact) of each subscription of a record.
std::map<std::string, const SubscriptionFact*> CurrentStates(const CustomerRecord& record) {
  std::map<std::string, const SubscriptionFact*> now;
  for (const EventFact& fact : record.facts) now[fact.subscription.subscription_id] = &fact.subscription;
  return now;
}

bool NamesDiscount(const SubscriptionFact& state, const std::string& id) {
  if (!state.counted() || state.terms == nullptr) return false;
  for (const DiscountRef& ref : state.terms->discounts) {
    if (ref.id == id) return true;
  }
  return false;
}

Status AddDiscountSubscriptions(const StateStore& store, const Book& book, const std::string& id,
                                std::map<std::string, CustomerRecord>* loaded, UnresolvedRefs* out) {
  Result<std::set<std::string>> customers = DependentCustomers(store, book, id);
  if (!customers.ok()) return customers.status();
  for (const std::string& customer : *customers) {
    auto it = loaded->find(customer);
    if (it == loaded->end()) {
      auto bytes = store.Get(state_keys::EntityKey(state_keys::kCustomer, book, customer));
      if (!bytes.ok()) return bytes.status();
      if (!bytes->has_value()) continue;
      auto record = DecodeCustomerRecord(**bytes, book, customer);
      if (!record.ok()) return record.status();
      it = loaded->emplace(customer, std::move(*record)).first;
    }
    for (const auto& [subscription, state] : CurrentStates(it->second)) {
      if (NamesDiscount(*state, id)) out->discounts[id].insert(subscription);
    }
  }
  return Status::Ok();
}

Status AddUnknownTieredPrices(const StateStore& store, const Book& book, UnresolvedRefs* out) {
  const std::string prefix = DependentPrefix(book, ObjectKind::kPrice);
  std::set<std::string> named;
  Status malformed;
  Status st = store.Scan(prefix, [&](std::string_view key, std::string_view) {
    auto parsed = state_keys::ParseBookKey(key);
    auto rest = parsed ? state_keys::ParseDependentRest(parsed->rest) : std::nullopt;
    if (!rest) {
      malformed = Status::Corruption("projection state: malformed dependency key");
      return false;
    }
    named.insert(rest->first.second);
    return true;
  });
  if (!st.ok()) return st;
  if (!malformed.ok()) return malformed;
  for (const std::string& price : named) {
    auto known = store.Get(state_keys::KnownKey(book, {ObjectKind::kPrice, price}));
    if (!known.ok()) return known.status();
    if (!known->has_value()) out->tiered_prices.insert(price);
  }
  return Status::Ok();
}

}  // namespace

std::set<std::string> UnresolvedRefs::Subscriptions() const {
  std::set<std::string> all;
  for (const auto& [id, subscriptions] : discounts) all.insert(subscriptions.begin(), subscriptions.end());
  return all;
}

Result<UnresolvedRefs> FindUnresolvedRefs(const StateStore& store, const RevenueTotals& totals) {
  UnresolvedRefs out;
  out.book = totals.book;
  std::set<std::string> ids;
  for (const auto& [key, customers] : totals.unresolved) {
    if (!key.second.empty() && customers > 0) ids.insert(key.second);
  }
  std::map<std::string, CustomerRecord> loaded;
  for (const std::string& id : ids) {
    Status st = AddDiscountSubscriptions(store, out.book, id, &loaded, &out);
    if (!st.ok()) return st.WithContext("unresolved discount " + id);
  }
  Status st = AddUnknownTieredPrices(store, out.book, &out);
  if (!st.ok()) return st.WithContext("unknown tiered prices");
  return out;
}

Result<UnresolvedRefs> FindUnresolvedRefs(const EventLog& log, const RevenueTotals& totals) {
  return FindUnresolvedRefs(LogStateReader(log), totals);
}

}  // namespace subledger
