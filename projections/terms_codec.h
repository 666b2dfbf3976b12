// Binary encodings of the pricing terms (projections/subscription_state.h)
// for the projection state: customer records and known objects
// (docs/projections.md, "Persisted state"). Exact numbers are stored as
// their exact text ("n" or "n/d").
//
// Decoders fail soft like ByteReader: a malformed input turns reader.ok()
// false and the caller reports Corruption.
//
// Thread safety: pure functions.
#pragma once

#include "projections/byte_codec.h"
#include "projections/subscription_state.h"

namespace subledger {

void EncodeExact(ByteWriter& w, const Exact& v);
Exact DecodeExact(ByteReader& r);

void EncodeTiers(ByteWriter& w, const Tiers& tiers);
Tiers DecodeTiers(ByteReader& r);

void EncodeCoupon(ByteWriter& w, const CouponTerms& c);
CouponTerms DecodeCoupon(ByteReader& r);

void EncodeDiscount(ByteWriter& w, const DiscountTerms& d);
DiscountTerms DecodeDiscount(ByteReader& r);

// The pricing part of a state: items and discounts.
void EncodeItems(ByteWriter& w, const std::vector<ItemTerms>& items);
std::vector<ItemTerms> DecodeItems(ByteReader& r);
void EncodeDiscountRefs(ByteWriter& w, const std::vector<DiscountRef>& refs);
std::vector<DiscountRef> DecodeDiscountRefs(ByteReader& r);

}  // namespace subledger
