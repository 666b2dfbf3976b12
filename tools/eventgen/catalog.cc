// The generator's fixed catalog (catalog.h).
#include "tools/eventgen/catalog.h"

#include <cstdlib>

namespace subledger::eventgen {
namespace {

constexpr Tier kSeatsVolume[] = {{5, "1000", nullptr}, {20, "800", nullptr}, {0, "600", nullptr}};
constexpr Tier kSeatsGraduated[] = {{5, "1000", nullptr}, {0, "800", nullptr}};
constexpr Tier kApiGraduated[] = {{1000, "0", "2900"}, {10000, "0.5", nullptr}, {0, "0.25", nullptr}};
constexpr Tier kCappedVolume[] = {{10, "2000", "500"}, {50, "1500", nullptr}};  // no tier above 50
constexpr Tier kFlatGraduated[] = {{3, nullptr, "5000"}, {0, "1200", nullptr}};
constexpr TierTable kTierTables[] = {{kSeatsVolume, 3}, {kSeatsGraduated, 2}, {kApiGraduated, 3},
                                     {kCappedVolume, 2}, {kFlatGraduated, 2}};

struct PriceTemplate {
  const char* nickname;
  const char* unit_amount_decimal;  // "" = tiered (no unit amount)
  Interval interval;
  int interval_count;
  PriceGroup group;
  TiersMode tiers_mode = TiersMode::kNone;
  uint8_t tier_table = 0;
  int64_t divide_by = 0;
  bool round_up = false;
  bool metered = false;
};

constexpr Interval kM = Interval::kMonth, kY = Interval::kYear, kW = Interval::kWeek, kD = Interval::kDay;
constexpr TiersMode kVol = TiersMode::kVolume, kGrad = TiersMode::kGraduated;

const PriceTemplate kPrices[] = {
    {"Starter monthly", "900", kM, 1, PriceGroup::kMonthly},
    {"Pro monthly", "2900", kM, 1, PriceGroup::kMonthly},
    {"Business monthly", "9900", kM, 1, PriceGroup::kMonthly},
    {"Enterprise monthly", "49900", kM, 1, PriceGroup::kMonthly},
    {"Seat monthly", "1500", kM, 1, PriceGroup::kMonthly},
    {"Seat monthly (fractional)", "1250.5", kM, 1, PriceGroup::kMonthly},
    {"API requests (per request)", "0.375", kM, 1, PriceGroup::kMonthly},
    {"Pro yearly", "29000", kY, 1, PriceGroup::kYearly},
    {"Business yearly", "99000", kY, 1, PriceGroup::kYearly},
    {"Team yearly", "120000", kY, 1, PriceGroup::kYearly},
    {"Archive yearly (fractional)", "99999.9", kY, 1, PriceGroup::kYearly},
    {"Lite weekly", "500", kW, 1, PriceGroup::kWeekly},
    {"Plus weekly", "1000", kW, 1, PriceGroup::kWeekly},
    {"Fortnightly", "1800", kW, 2, PriceGroup::kWeekly},
    {"Day pass", "199", kD, 1, PriceGroup::kDaily},
    {"Day pass plus", "349", kD, 1, PriceGroup::kDaily},
    {"Quarterly", "9000", kM, 3, PriceGroup::kQuarterly},
    {"Quarterly plus", "27000", kM, 3, PriceGroup::kQuarterly},
    {"Semiannual", "45000", kM, 6, PriceGroup::kQuarterly},
    {"Usage (metered)", "2", kM, 1, PriceGroup::kAddOn, TiersMode::kNone, 0, 0, false, true},
    {"API calls (graduated)", "", kM, 1, PriceGroup::kAddOn, kGrad, 2},
    {"Seats (volume)", "", kM, 1, PriceGroup::kTiered, kVol, 0},
    {"Seats (graduated)", "", kM, 1, PriceGroup::kTiered, kGrad, 1},
    {"Seats up to 50 (volume)", "", kM, 1, PriceGroup::kTiered, kVol, 3},
    {"Support (flat tiers, graduated)", "", kM, 1, PriceGroup::kTiered, kGrad, 4},
    {"Seat packs of 10", "2500", kM, 1, PriceGroup::kPacks, TiersMode::kNone, 0, 10, true},
    {"Requests per 1000", "150", kM, 1, PriceGroup::kPacks, TiersMode::kNone, 0, 1000, false},
    {"Sovereign (10^12 a month)", "1000000000000", kM, 1, PriceGroup::kExtreme},
    {"Galactic yearly", "999999999999", kY, 1, PriceGroup::kExtreme},
    {"Exact fractional giant", "123456789012.345678", kM, 1, PriceGroup::kExtreme},
};

struct CouponTemplate {
  const char* name;
  const char* duration;
  int months;
  const char* percent_off;
  int64_t amount_off;
  const char* currency;
  CouponEra era = CouponEra::kAny;
};

constexpr int64_t kCouponsCreated = 1733011200;  // 2024-12-01
constexpr int64_t kCloverCouponsCreated = 1759276800;  // 2025-10-01
constexpr CouponEra kClover = CouponEra::kClover, kStack = CouponEra::kStack;

const CouponTemplate kCoupons[] = {
    {"20% forever", "forever", 0, "20", 0, ""},
    {"12.5% forever", "forever", 0, "12.5", 0, ""},
    {"33.33% forever", "forever", 0, "33.33", 0, ""},
    {"Half off for 3 months", "repeating", 3, "50", 0, ""},
    {"25% for 6 months", "repeating", 6, "25", 0, ""},
    {"First month free", "once", 0, "100", 0, ""},
    {"30% first invoice", "once", 0, "30", 0, ""},
    {"5 USD off forever", "forever", 0, "", 500, "usd"},
    {"5 EUR off forever", "forever", 0, "", 500, "eur"},
    {"4 GBP off forever", "forever", 0, "", 400, "gbp"},
    {"10 USD off for 2 months", "repeating", 2, "", 1000, "usd"},
    {"20 USD off once", "once", 0, "", 2000, "usd"},
    {"Partner (100% forever)", "forever", 0, "100", 0, ""},
    {"7 USD off forever (upper-case currency)", "forever", 0, "", 700, "USD"},
    {"6 EUR off for 3 months (upper-case currency)", "repeating", 3, "", 600, "EUR"},
    {"Autumn 15% for 3 months", "repeating", 3, "15", 0, "", kClover},
    {"Loyalty 7.5% forever", "forever", 0, "7.5", 0, "", kClover},
    {"Winback 40% for 2 months", "repeating", 2, "40", 0, "", kClover},
    {"Stack 0.5%", "forever", 0, "0.5", 0, "", kStack},
    {"Stack 1.25%", "forever", 0, "1.25", 0, "", kStack},
    {"Stack 2.75%", "forever", 0, "2.75", 0, "", kStack},
    {"Stack 3.333%", "forever", 0, "3.333", 0, "", kStack},
    {"Stack 0.01%", "forever", 0, "0.01", 0, "", kStack},
    {"Stack 4.2%", "forever", 0, "4.2", 0, "", kStack},
    {"Stack 1.5%", "forever", 0, "1.5", 0, "", kStack},
    {"Stack 0.75%", "forever", 0, "0.75", 0, "", kStack},
    {"Stack 2.5%", "forever", 0, "2.5", 0, "", kStack},
    {"Stack 6.125%", "forever", 0, "6.125", 0, "", kStack},
};

double ApproxCents(const char* decimal) { return decimal[0] ? std::strtod(decimal, nullptr) : 0; }

PriceDef FromTemplate(const PriceTemplate& t, uint8_t currency, int64_t serial) {
  PriceDef p;
  p.nickname = t.nickname;
  p.currency = currency;
  p.unit_amount_decimal = t.unit_amount_decimal;
  p.unit_amount_integral = p.unit_amount_decimal.find('.') == std::string::npos;
  p.interval = t.interval;
  p.interval_count = t.interval_count;
  p.metered = t.metered;
  p.tiers_mode = t.tiers_mode;
  p.tier_table = t.tier_table;
  p.divide_by = t.divide_by;
  p.round_up = t.round_up;
  p.group = t.group;
  p.unit_cents = ApproxCents(t.unit_amount_decimal);
  p.created = 1704067200 + serial * 86400;  // early 2024, before every stream
  return p;
}

}  // namespace

const TierTable& TiersOf(uint8_t table) { return kTierTables[table]; }

std::vector<PriceDef> BuildPrices() {
  std::vector<PriceDef> out;
  for (uint8_t c = 0; c < 3; ++c) {
    for (const PriceTemplate& t : kPrices) out.push_back(FromTemplate(t, c, static_cast<int64_t>(out.size())));
  }
  return out;
}

std::vector<CouponDef> BuildCoupons() {
  std::vector<CouponDef> out;
  for (const CouponTemplate& t : kCoupons) {
    CouponDef c;
    c.name = t.name;
    c.duration = t.duration;
    c.duration_in_months = t.months;
    c.percent_off = t.percent_off;
    c.amount_off = t.amount_off;
    c.currency = t.currency;
    c.era = t.era;
    c.created = t.era == CouponEra::kClover ? kCloverCouponsCreated : kCouponsCreated;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace subledger::eventgen
