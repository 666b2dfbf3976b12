// The generator's fixed catalogs (prices and coupons), deterministic per salt.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "tools/eventgen/event_plan.h"

namespace subledger::eventgen {

// 21 prices per currency, usd first, then eur, gbp (see catalog.cc).
std::vector<PriceDef> BuildPrices(uint64_t salt);
std::vector<CouponDef> BuildCoupons(uint64_t salt);

}  // namespace subledger::eventgen
