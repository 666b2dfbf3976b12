// The generator's compact plan of a stream: what happened, not yet the JSON.
//
// A stream is planned first (PlannedEvent, ~40 bytes each, plus one
// SubscriptionSnapshot per subscription event), then ordered, then each
// delivery is rendered to a JSON body on demand (EventRenderer). So a
// million-event stream never holds a million bodies.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace subledger::eventgen {

enum class ApiShape : uint8_t {
  kLegacy,  // 2019-12-03: `plan` on items, periods and `discount` on the subscription
  kAcacia,  // 2024-09-30.acacia: `price`, periods on the subscription, `discount` + discounts[] ids
  kBasil,   // 2025-03-31.basil: `price`, periods on items, discounts[] ids only
  kClover,  // 2025-09-30.clover: as basil, discount objects carry `source.coupon`
};
const char* ApiVersion(ApiShape shape);

enum class SubStatus : uint8_t { kIncomplete, kIncompleteExpired, kTrialing, kActive, kPastDue, kUnpaid, kCanceled, kPaused };
const char* StatusName(SubStatus s);

enum class CancelReason : uint8_t { kNone, kRequested, kPaymentFailed, kPaymentDisputed };

enum class Interval : uint8_t { kDay, kWeek, kMonth, kYear };
// Prices a plan change may move between (same billing cadence), and add-ons.
enum class PriceGroup : uint8_t { kMonthly, kYearly, kWeekly, kDaily, kQuarterly, kAddOn };

enum class EventType : uint8_t {
  kCustomerCreated,
  kCustomerUpdated,
  kPaymentMethodAttached,
  kSubCreated,
  kSubUpdated,
  kSubDeleted,
  kSubPaused,
  kSubResumed,
  kSubTrialWillEnd,
  kSubSnapshot,  // subledger.subscription.snapshot (fetched with expand[]=discounts)
  kInvoiceCreated,
  kInvoiceFinalized,
  kInvoicePaid,
  kInvoicePaymentFailed,
  kPaymentIntentCreated,
  kPaymentIntentSucceeded,
  kPaymentIntentFailed,
  kChargeSucceeded,
  kChargeFailed,
};
const char* EventTypeName(EventType t);
bool IsSubscriptionEvent(EventType t);
// Spec §1 type rank: *.created 0, *.deleted 2, others 1.
uint8_t EventRank(EventType t);

struct PriceDef {
  std::string id, product, nickname;
  uint8_t currency = 0;
  std::string unit_amount_decimal;  // "" when the price has no unit amount (tiered)
  bool unit_amount_integral = true; // unit_amount is set (else null: fraction of a cent)
  Interval interval = Interval::kMonth;
  int interval_count = 1;
  bool metered = false;
  bool tiered = false;
  PriceGroup group = PriceGroup::kMonthly;
  double unit_cents = 0;            // for invoice amounts (noise events only)
  int64_t created = 0;
};

struct CouponDef {
  std::string id, name;
  std::string duration;        // forever | repeating | once
  int duration_in_months = 0;  // repeating only
  std::string percent_off;     // JSON number text, "" when amount_off
  int64_t amount_off = 0;
  std::string currency;        // of amount_off
};

struct ItemState {
  uint16_t price = 0;
  uint32_t quantity = 1;
  uint32_t serial = 0;   // si_ id
  int64_t created = 0;
};

struct DiscountState {
  int16_t coupon = -1;   // index in the catalog; -1 none
  uint32_t serial = 0;   // di_ id
  int64_t start = 0;
};

// A subscription as one event shows it.
struct SubscriptionSnapshot {
  uint32_t sub = 0;       // sub_ serial
  uint32_t customer = 0;  // cus_ serial
  ApiShape shape = ApiShape::kBasil;
  SubStatus status = SubStatus::kActive;
  uint8_t currency = 0;
  uint8_t n_items = 0;
  ItemState items[3];
  DiscountState discount;      // legacy `discount` (legacy, acacia, clover)
  uint8_t n_discounts = 0;     // discounts[] (acacia, basil, clover)
  DiscountState discounts[2];
  bool paused = false;         // pause_collection set
  bool cancel_at_period_end = false;
  CancelReason cancel_reason = CancelReason::kNone;
  int64_t created = 0, period_start = 0, period_end = 0;
  int64_t trial_start = 0, trial_end = 0;  // 0 = null
  int64_t cancel_at = 0, canceled_at = 0, ended_at = 0;
  uint32_t latest_invoice = 0;
};

// A payment-side or customer event (not a subscription state).
struct MoneyEvent {
  uint32_t customer = 0;
  uint32_t sub = 0;        // 0 = none
  uint8_t currency = 0;
  int64_t amount = 0;
  uint32_t invoice = 0;    // in_ serial
  uint32_t intent = 0;     // pi_ serial
  uint32_t charge = 0;     // ch_ serial
  int64_t period_start = 0, period_end = 0;
};

struct PlannedEvent {
  int64_t created = 0;
  uint64_t order_key = 0;   // IdKey of the event id (or of the subscription id for snapshots)
  uint32_t serial = 0;      // evt_ serial
  uint32_t ref = 0;         // index into snapshots (subscription events) or money events
  uint32_t previous = UINT32_MAX;  // previous snapshot of the same subscription
  EventType type = EventType::kSubUpdated;
  ApiShape shape = ApiShape::kBasil;
};

inline constexpr const char* kCurrencies[] = {"usd", "eur", "gbp"};

}  // namespace subledger::eventgen
