// Projector's entity views: read from the persisted state on the caller's
// thread (never from the projector's live state), so readers never block
// the projector.
#include "projections/projector.h"
#include "projections/state_keys.h"
#include "projections/subscription_view.h"

namespace subledger {

Result<CustomerDerivation> Projector::DeriveStored(const Book& book, const std::string& customer_id,
                                                   Catalog* catalog) const {
  auto bytes = store_->Get(state_keys::EntityKey(state_keys::kCustomer, book, customer_id));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return Status::NotFound("customer " + customer_id + " not found");
  auto record = DecodeCustomerRecord(**bytes, book, customer_id);
  if (!record.ok()) return record.status();
  if (record->facts.empty()) return Status::NotFound("customer " + customer_id + " not found");
  // The known objects this customer depends on, as persisted with it.
  for (const ObjectRef& ref : record->contribution.refs) {
    std::vector<ObjectRef> parts = {ref};
    if (ref.first == ObjectKind::kDiscount) parts.push_back({ObjectKind::kDeletion, ref.second});
    for (const ObjectRef& part : parts) {
      auto known = store_->Get(state_keys::KnownKey(book, part));
      if (!known.ok()) return known.status();
      if (!known->has_value()) continue;
      Status st = catalog->Decode(part, **known);
      if (!st.ok()) return st;
    }
  }
  const int64_t as_of = Snapshot()->Find(book)->max_created;
  return DeriveCustomer(record->facts, WalkContext{catalog, as_of}, true);
}

Result<std::string> Projector::CustomerView(const Book& book, const std::string& customer_id) const {
  Catalog catalog;
  auto derived = DeriveStored(book, customer_id, &catalog);
  if (!derived.ok()) return derived.status();
  return RenderCustomerView(book, customer_id, *derived);
}

Result<std::string> Projector::SubscriptionView(const Book& book, const std::string& subscription_id) const {
  auto bytes = store_->Get(state_keys::EntityKey(state_keys::kRoute, book, subscription_id));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return Status::NotFound("subscription " + subscription_id + " not found");
  auto route = DecodeRoute(**bytes, subscription_id);
  if (!route.ok()) return route.status();
  Catalog catalog;
  auto derived = DeriveStored(book, route->customer, &catalog);
  if (!derived.ok()) return derived.status().WithContext("subscription " + subscription_id);
  auto now = derived->subscriptions.find(subscription_id);
  if (now == derived->subscriptions.end()) return Status::NotFound("subscription " + subscription_id + " not found");
  auto record = log_->Get(route->last_seq);
  if (!record.ok()) return record.status().WithContext("subscription " + subscription_id);
  return RenderSubscriptionView(book, *record, now->second, route->customer, catalog);
}

}  // namespace subledger
