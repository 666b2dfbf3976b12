// Catalog: one book's known objects (revenue model v2 §3, "known objects are
// timeless"): the tiers of known prices, known discounts and known coupons,
// each taken from its canonically-LAST carrier event, and the canonically-
// FIRST customer.discount.deleted event of each discount id (§4).
//
// Offer() folds carriers in, in any order: the result depends only on the
// set of carriers offered, so the catalog is order-tolerant like everything
// else. An Offer returns whether the known value of that id changed, so the
// projector can re-derive exactly the customers that depend on it.
//
// Persisted one entry per object (docs/projections.md): Encode/Decode.
//
// Thread safety: not thread-safe; one owner mutates it (the projector
// thread), and const methods may run concurrently with each other only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ledger/status.h"
#include "projections/event_fact.h"

namespace subledger {

enum class ObjectKind : char { kPrice = 'p', kDiscount = 'd', kCoupon = 'c', kDeletion = 'x' };

// (kind, id) of a known object, e.g. a dependency of a customer.
using ObjectRef = std::pair<ObjectKind, std::string>;

class Catalog {
 public:
  struct Change {
    ObjectRef ref;
    bool value_changed = false;  // false: only the winning carrier moved (persist, no re-derivation)
  };

  // Offers every carrier of one event (a subscription state's expanded
  // prices, discounts and coupons; a customer.discount.*, coupon.* or price
  // event); appends what changed to *changes.
  void OfferCarriers(const EventFact& fact, std::vector<Change>* changes);

  const Tiers* Price(const std::string& id) const;
  const DiscountTerms* Discount(const std::string& id) const;
  const CouponTerms* Coupon(const std::string& id) const;
  const EventKey* Deletion(const std::string& discount_id) const;

  size_t size() const { return prices_.size() + discounts_.size() + coupons_.size() + deletions_.size(); }

  // One persisted entry; Decode restores it (kCorruption when malformed).
  std::string Encode(const ObjectRef& ref) const;
  Status Decode(const ObjectRef& ref, std::string_view value);

 private:
  template <class T>
  struct Entry {
    EventKey key;
    T value;
  };
  template <class T>
  using Map = std::unordered_map<std::string, Entry<T>>;

  template <class T>
  static void OfferLast(Map<T>& map, ObjectKind kind, const std::string& id, const EventKey& key, const T& value,
                        std::vector<Change>* changes);
  void OfferDeletion(const std::string& id, const EventKey& key, std::vector<Change>* changes);
  void OfferDiscountTerms(const std::string& id, const EventKey& key, const DiscountTerms& d,
                          std::vector<Change>* changes);

  Map<Tiers> prices_;
  Map<DiscountTerms> discounts_;
  Map<CouponTerms> coupons_;
  std::unordered_map<std::string, EventKey> deletions_;
};

}  // namespace subledger
