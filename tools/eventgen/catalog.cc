// The generator's fixed catalog: prices in usd/eur/gbp over every billing
// interval the spec knows, and coupons of every duration and kind.
#include "tools/eventgen/catalog.h"

#include <cstdlib>

#include "tools/eventgen/gen_random.h"

namespace subledger::eventgen {
namespace {

struct PriceTemplate {
  const char* nickname;
  const char* unit_amount_decimal;  // "" = tiered (no unit amount)
  Interval interval;
  int interval_count;
  bool metered;
  PriceGroup group;
};

constexpr PriceTemplate kPrices[] = {
    {"Starter monthly", "900", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"Pro monthly", "2900", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"Business monthly", "9900", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"Enterprise monthly", "49900", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"Seat monthly", "1500", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"Seat monthly (fractional)", "1250.5", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"API requests (per request)", "0.375", Interval::kMonth, 1, false, PriceGroup::kMonthly},
    {"Pro yearly", "29000", Interval::kYear, 1, false, PriceGroup::kYearly},
    {"Business yearly", "99000", Interval::kYear, 1, false, PriceGroup::kYearly},
    {"Team yearly", "120000", Interval::kYear, 1, false, PriceGroup::kYearly},
    {"Archive yearly (fractional)", "99999.9", Interval::kYear, 1, false, PriceGroup::kYearly},
    {"Lite weekly", "500", Interval::kWeek, 1, false, PriceGroup::kWeekly},
    {"Plus weekly", "1000", Interval::kWeek, 1, false, PriceGroup::kWeekly},
    {"Fortnightly", "1800", Interval::kWeek, 2, false, PriceGroup::kWeekly},
    {"Day pass", "199", Interval::kDay, 1, false, PriceGroup::kDaily},
    {"Day pass plus", "349", Interval::kDay, 1, false, PriceGroup::kDaily},
    {"Quarterly", "9000", Interval::kMonth, 3, false, PriceGroup::kQuarterly},
    {"Quarterly plus", "27000", Interval::kMonth, 3, false, PriceGroup::kQuarterly},
    {"Semiannual", "45000", Interval::kMonth, 6, false, PriceGroup::kQuarterly},
    {"Usage (metered)", "2", Interval::kMonth, 1, true, PriceGroup::kAddOn},
    {"Volume (tiered)", "", Interval::kMonth, 1, false, PriceGroup::kAddOn},
};

struct CouponTemplate {
  const char* name;
  const char* duration;
  int months;
  const char* percent_off;
  int64_t amount_off;
  const char* currency;
};

constexpr CouponTemplate kCoupons[] = {
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
};

double ApproxCents(const char* decimal) { return decimal[0] ? std::strtod(decimal, nullptr) : 0; }

}  // namespace

std::vector<PriceDef> BuildPrices(uint64_t salt) {
  std::vector<PriceDef> out;
  uint64_t serial = 0;
  for (uint8_t c = 0; c < 3; ++c) {
    for (const PriceTemplate& t : kPrices) {
      PriceDef p;
      p.id = MakeId("price_", ++serial, salt ^ 0x5052494345ULL);
      p.product = MakeId("prod_", serial, salt ^ 0x50524f44ULL);
      p.nickname = t.nickname;
      p.currency = c;
      p.unit_amount_decimal = t.unit_amount_decimal;
      p.unit_amount_integral = p.unit_amount_decimal.find('.') == std::string::npos;
      p.interval = t.interval;
      p.interval_count = t.interval_count;
      p.metered = t.metered;
      p.tiered = p.unit_amount_decimal.empty();
      p.group = t.group;
      p.unit_cents = ApproxCents(t.unit_amount_decimal);
      p.created = 1735689600 + static_cast<int64_t>(serial) * 86400;  // during 2025
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<CouponDef> BuildCoupons(uint64_t salt) {
  std::vector<CouponDef> out;
  uint64_t serial = 0;
  for (const CouponTemplate& t : kCoupons) {
    CouponDef c;
    c.id = MakeId("co_", ++serial, salt ^ 0x434f55504f4eULL);
    c.name = t.name;
    c.duration = t.duration;
    c.duration_in_months = t.months;
    c.percent_off = t.percent_off;
    c.amount_off = t.amount_off;
    c.currency = t.currency;
    out.push_back(std::move(c));
  }
  return out;
}

const char* ApiVersion(ApiShape shape) {
  switch (shape) {
    case ApiShape::kLegacy: return "2019-12-03";
    case ApiShape::kAcacia: return "2024-09-30.acacia";
    case ApiShape::kBasil: return "2025-03-31.basil";
    case ApiShape::kClover: return "2025-09-30.clover";
  }
  return "";
}

const char* StatusName(SubStatus s) {
  switch (s) {
    case SubStatus::kIncomplete: return "incomplete";
    case SubStatus::kIncompleteExpired: return "incomplete_expired";
    case SubStatus::kTrialing: return "trialing";
    case SubStatus::kActive: return "active";
    case SubStatus::kPastDue: return "past_due";
    case SubStatus::kUnpaid: return "unpaid";
    case SubStatus::kCanceled: return "canceled";
    case SubStatus::kPaused: return "paused";
  }
  return "";
}

const char* EventTypeName(EventType t) {
  switch (t) {
    case EventType::kCustomerCreated: return "customer.created";
    case EventType::kCustomerUpdated: return "customer.updated";
    case EventType::kPaymentMethodAttached: return "payment_method.attached";
    case EventType::kSubCreated: return "customer.subscription.created";
    case EventType::kSubUpdated: return "customer.subscription.updated";
    case EventType::kSubDeleted: return "customer.subscription.deleted";
    case EventType::kSubPaused: return "customer.subscription.paused";
    case EventType::kSubResumed: return "customer.subscription.resumed";
    case EventType::kSubTrialWillEnd: return "customer.subscription.trial_will_end";
    case EventType::kSubSnapshot: return "subledger.subscription.snapshot";
    case EventType::kInvoiceCreated: return "invoice.created";
    case EventType::kInvoiceFinalized: return "invoice.finalized";
    case EventType::kInvoicePaid: return "invoice.paid";
    case EventType::kInvoicePaymentFailed: return "invoice.payment_failed";
    case EventType::kPaymentIntentCreated: return "payment_intent.created";
    case EventType::kPaymentIntentSucceeded: return "payment_intent.succeeded";
    case EventType::kPaymentIntentFailed: return "payment_intent.payment_failed";
    case EventType::kChargeSucceeded: return "charge.succeeded";
    case EventType::kChargeFailed: return "charge.failed";
  }
  return "";
}

bool IsSubscriptionEvent(EventType t) { return t >= EventType::kSubCreated && t <= EventType::kSubSnapshot; }

uint8_t EventRank(EventType t) {
  switch (t) {
    case EventType::kCustomerCreated:
    case EventType::kSubCreated:
    case EventType::kInvoiceCreated:
    case EventType::kPaymentIntentCreated: return 0;
    case EventType::kSubDeleted: return 2;
    default: return 1;
  }
}

}  // namespace subledger::eventgen
