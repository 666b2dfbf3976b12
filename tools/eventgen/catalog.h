// The generator's fixed catalogs: prices in usd/eur/gbp over every billing
// interval the spec knows (per-unit, fractional, metered, tiered volume and
// graduated, transform_quantity packs, extreme amounts) and coupons of every
// duration and kind (percent, amount off in lower- and upper-case currencies,
// clover-era coupons, fractional stack coupons).
//
// Ids are not part of the catalog: every book has its own (IdSpace).
// Thread safety: pure functions and constant tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace subledger::eventgen {

enum class Interval : uint8_t { kDay, kWeek, kMonth, kYear };
// Prices a plan change may move between (same billing cadence), add-ons, and
// the special kinds a subscription is started on deliberately.
enum class PriceGroup : uint8_t { kMonthly, kYearly, kWeekly, kDaily, kQuarterly, kAddOn, kTiered, kPacks, kExtreme };
enum class TiersMode : uint8_t { kNone, kVolume, kGraduated };

// One tier: up_to 0 means null (no limit); a null amount is nullptr.
struct Tier {
  int64_t up_to;
  const char* unit_amount_decimal;
  const char* flat_amount_decimal;
};
struct TierTable {
  const Tier* tiers;
  int size;
};
const TierTable& TiersOf(uint8_t table);

struct PriceDef {
  std::string nickname;
  uint8_t currency = 0;
  std::string unit_amount_decimal;   // "" when the price has no unit amount (tiered)
  bool unit_amount_integral = true;  // unit_amount is set (else null: fraction of a cent)
  Interval interval = Interval::kMonth;
  int interval_count = 1;
  bool metered = false;
  TiersMode tiers_mode = TiersMode::kNone;
  uint8_t tier_table = 0;
  int64_t divide_by = 0;  // transform_quantity (a plan's transform_usage); 0 none
  bool round_up = false;
  PriceGroup group = PriceGroup::kMonthly;
  double unit_cents = 0;  // for invoice amounts (noise events only)
  int64_t created = 0;
  bool tiered() const { return tiers_mode != TiersMode::kNone; }
};

enum class CouponEra : uint8_t {
  kAny,     // used by every API shape
  kClover,  // created after 2025-09-30: only clover subscriptions use it (by id)
  kStack,   // fractional percent, forever: the extreme stacks
};

struct CouponDef {
  std::string name;
  std::string duration;        // forever | repeating | once
  int duration_in_months = 0;  // repeating only
  std::string percent_off;     // JSON number text, "" when amount_off
  int64_t amount_off = 0;
  std::string currency;        // of amount_off, as Stripe's object spells it ("usd" or "USD")
  CouponEra era = CouponEra::kAny;
  int64_t created = 0;
};

// The same templates for usd, eur and gbp, in that order (see catalog.cc).
std::vector<PriceDef> BuildPrices();
std::vector<CouponDef> BuildCoupons();

}  // namespace subledger::eventgen
