#include "projections/catalog.h"

#include "projections/terms_codec.h"

namespace subledger {
namespace {

constexpr uint64_t kEntryFormat = 1;

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

}  // namespace

template <class T>
void Catalog::OfferLast(Map<T>& map, ObjectKind kind, const std::string& id, const EventKey& key, const T& value,
                        std::vector<Change>* changes) {
  auto [it, inserted] = map.try_emplace(id, Entry<T>{key, value});
  if (inserted) {
    changes->push_back({{kind, id}, true});
    return;
  }
  Entry<T>& entry = it->second;
  // An earlier carrier never wins; within one event (equal keys) the later
  // one in document order does, as "canonically last" reads there.
  if (key < entry.key) return;
  const bool value_changed = !(entry.value == value);
  entry = Entry<T>{key, value};
  changes->push_back({{kind, id}, value_changed});
}

void Catalog::OfferDeletion(const std::string& id, const EventKey& key, std::vector<Change>* changes) {
  auto [it, inserted] = deletions_.try_emplace(id, key);
  if (!inserted) {
    if (!(key < it->second)) return;  // the FIRST deletion is the point
    it->second = key;
  }
  changes->push_back({{ObjectKind::kDeletion, id}, true});
}

void Catalog::OfferDiscountTerms(const std::string& id, const EventKey& key, const DiscountTerms& d,
                                 std::vector<Change>* changes) {
  if (!id.empty()) OfferLast(discounts_, ObjectKind::kDiscount, id, key, d, changes);
  if (d.coupon && !d.coupon_id.empty()) OfferLast(coupons_, ObjectKind::kCoupon, d.coupon_id, key, *d.coupon, changes);
}

void Catalog::OfferCarriers(const EventFact& fact, std::vector<Change>* changes) {
  switch (fact.kind) {
    case FactKind::kSubscription: {
      const PricingTerms& terms = *fact.subscription.terms;
      for (const ItemTerms& item : terms.items) {
        if (item.price.tiers && !item.price.id.empty()) {
          OfferLast(prices_, ObjectKind::kPrice, item.price.id, fact.key, *item.price.tiers, changes);
        }
      }
      // Every discount object in document order: the later carrier wins.
      const auto& carriers = terms.discount_carriers.empty() ? terms.discounts : terms.discount_carriers;
      for (const DiscountRef& ref : carriers) {
        if (ref.terms) OfferDiscountTerms(ref.id, fact.key, *ref.terms, changes);
      }
      return;
    }
    case FactKind::kDiscount:
      OfferDiscountTerms(fact.object->id, fact.key, fact.object->discount, changes);
      if (fact.object->deleted) OfferDeletion(fact.object->id, fact.key, changes);
      return;
    case FactKind::kCoupon:
      OfferLast(coupons_, ObjectKind::kCoupon, fact.object->id, fact.key, fact.object->coupon, changes);
      return;
    case FactKind::kPrice:
      OfferLast(prices_, ObjectKind::kPrice, fact.object->id, fact.key, fact.object->tiers, changes);
      return;
    default:
      return;
  }
}

const Tiers* Catalog::Price(const std::string& id) const {
  auto it = prices_.find(id);
  return it == prices_.end() ? nullptr : &it->second.value;
}

const DiscountTerms* Catalog::Discount(const std::string& id) const {
  auto it = discounts_.find(id);
  return it == discounts_.end() ? nullptr : &it->second.value;
}

const CouponTerms* Catalog::Coupon(const std::string& id) const {
  auto it = coupons_.find(id);
  return it == coupons_.end() ? nullptr : &it->second.value;
}

const EventKey* Catalog::Deletion(const std::string& id) const {
  auto it = deletions_.find(id);
  return it == deletions_.end() ? nullptr : &it->second;
}

std::string Catalog::Encode(const ObjectRef& ref) const {
  ByteWriter w;
  w.U64(kEntryFormat);
  const std::string& id = ref.second;
  switch (ref.first) {
    case ObjectKind::kPrice: {
      const auto& e = prices_.at(id);
      EncodeKey(w, e.key);
      EncodeTiers(w, e.value);
      break;
    }
    case ObjectKind::kDiscount: {
      const auto& e = discounts_.at(id);
      EncodeKey(w, e.key);
      EncodeDiscount(w, e.value);
      break;
    }
    case ObjectKind::kCoupon: {
      const auto& e = coupons_.at(id);
      EncodeKey(w, e.key);
      EncodeCoupon(w, e.value);
      break;
    }
    case ObjectKind::kDeletion:
      EncodeKey(w, deletions_.at(id));
      break;
  }
  return w.Take();
}

Status Catalog::Decode(const ObjectRef& ref, std::string_view value) {
  ByteReader r(value);
  if (r.U64() != kEntryFormat) return Status::Corruption("known object " + ref.second + ": unknown format");
  EventKey key = DecodeKey(r);
  const std::string& id = ref.second;
  switch (ref.first) {
    case ObjectKind::kPrice: prices_[id] = {key, DecodeTiers(r)}; break;
    case ObjectKind::kDiscount: discounts_[id] = {key, DecodeDiscount(r)}; break;
    case ObjectKind::kCoupon: coupons_[id] = {key, DecodeCoupon(r)}; break;
    case ObjectKind::kDeletion: deletions_[id] = key; break;
    default: return Status::Corruption("known object " + id + ": unknown kind");
  }
  if (!r.ok() || !r.done()) return Status::Corruption("known object " + id + ": truncated or malformed");
  return Status::Ok();
}

}  // namespace subledger
