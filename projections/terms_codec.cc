#include "projections/terms_codec.h"

namespace subledger {
namespace {

// Bounds on counts read back, so a damaged value cannot make a decoder
// allocate without limit (the reader fails instead).
constexpr uint64_t kMaxElements = 1u << 20;

template <class T>
void OptExact(ByteWriter& w, const std::optional<T>& v) {
  w.Bool(v.has_value());
  if (v) EncodeExact(w, *v);
}

std::optional<Exact> DecodeOptExact(ByteReader& r) {
  if (!r.Bool()) return std::nullopt;
  return DecodeExact(r);
}

void OptI64(ByteWriter& w, const std::optional<int64_t>& v) {
  w.Bool(v.has_value());
  if (v) w.I64(*v);
}

std::optional<int64_t> DecodeOptI64(ByteReader& r) {
  if (!r.Bool()) return std::nullopt;
  return r.I64();
}

uint64_t Count(ByteReader& r) {
  const uint64_t n = r.U64();
  return n <= kMaxElements ? n : 0;
}

void EncodePrice(ByteWriter& w, const PriceTerms& p) {
  w.Str(p.id);
  OptExact(w, p.unit_amount);
  w.U64(static_cast<uint64_t>(p.interval));
  w.I64(p.interval_count);
  w.U64((p.metered ? 1 : 0) | (p.tiered ? 2 : 0) | (p.round_up ? 4 : 0) | (p.tiers ? 8 : 0));
  w.U64(static_cast<uint64_t>(p.tiers_mode));
  w.I64(p.divide_by);
  if (p.tiers) EncodeTiers(w, *p.tiers);
}

PriceTerms DecodePrice(ByteReader& r) {
  PriceTerms p;
  p.id = r.Str();
  p.unit_amount = DecodeOptExact(r);
  p.interval = static_cast<BillingInterval>(r.U64() % 5);
  p.interval_count = r.I64();
  const uint64_t flags = r.U64();
  p.metered = flags & 1;
  p.tiered = flags & 2;
  p.round_up = flags & 4;
  p.tiers_mode = static_cast<TiersMode>(r.U64() % 3);
  p.divide_by = r.I64();
  if (flags & 8) p.tiers = DecodeTiers(r);
  return p;
}

}  // namespace

void EncodeExact(ByteWriter& w, const Exact& v) { w.Str(v.ToText()); }

Exact DecodeExact(ByteReader& r) {
  const std::string text = r.Str();
  auto v = Exact::FromText(text);
  if (!v) {
    r.Invalidate();
    return Exact();
  }
  return *v;
}

void EncodeTiers(ByteWriter& w, const Tiers& tiers) {
  w.U64(tiers.size());
  for (const Tier& t : tiers) {
    OptI64(w, t.up_to);
    EncodeExact(w, t.unit);
    EncodeExact(w, t.flat);
  }
}

Tiers DecodeTiers(ByteReader& r) {
  Tiers tiers(Count(r));
  for (Tier& t : tiers) {
    t.up_to = DecodeOptI64(r);
    t.unit = DecodeExact(r);
    t.flat = DecodeExact(r);
  }
  return tiers;
}

void EncodeCoupon(ByteWriter& w, const CouponTerms& c) {
  w.Str(c.duration);
  OptExact(w, c.percent_off);
  OptExact(w, c.amount_off);
  w.Str(c.currency);
}

CouponTerms DecodeCoupon(ByteReader& r) {
  CouponTerms c;
  c.duration = r.Str();
  c.percent_off = DecodeOptExact(r);
  c.amount_off = DecodeOptExact(r);
  c.currency = r.Str();
  return c;
}

void EncodeDiscount(ByteWriter& w, const DiscountTerms& d) {
  w.Bool(d.coupon.has_value());
  if (d.coupon) EncodeCoupon(w, *d.coupon);
  w.Str(d.coupon_id);
  OptI64(w, d.end);
}

DiscountTerms DecodeDiscount(ByteReader& r) {
  DiscountTerms d;
  if (r.Bool()) d.coupon = DecodeCoupon(r);
  d.coupon_id = r.Str();
  d.end = DecodeOptI64(r);
  return d;
}

void EncodeItems(ByteWriter& w, const std::vector<ItemTerms>& items) {
  w.U64(items.size());
  for (const ItemTerms& item : items) {
    EncodePrice(w, item.price);
    EncodeExact(w, item.quantity);
  }
}

std::vector<ItemTerms> DecodeItems(ByteReader& r) {
  std::vector<ItemTerms> items(Count(r));
  for (ItemTerms& item : items) {
    item.price = DecodePrice(r);
    item.quantity = DecodeExact(r);
  }
  return items;
}

void EncodeDiscountRefs(ByteWriter& w, const std::vector<DiscountRef>& refs) {
  w.U64(refs.size());
  for (const DiscountRef& ref : refs) {
    w.Str(ref.id);
    w.Bool(ref.terms.has_value());
    if (ref.terms) EncodeDiscount(w, *ref.terms);
  }
}

std::vector<DiscountRef> DecodeDiscountRefs(ByteReader& r) {
  std::vector<DiscountRef> refs(Count(r));
  for (DiscountRef& ref : refs) {
    ref.id = r.Str();
    if (r.Bool()) ref.terms = DecodeDiscount(r);
  }
  return refs;
}

}  // namespace subledger
