// The generator's compact plan of a stream: what happened, not yet the JSON.
//
// A stream is planned first (PlannedEvent, 32 bytes each, plus one
// SubscriptionSnapshot per subscription event and a small record for every
// other event), then ordered, then each delivery is rendered to a JSON body on
// demand (EventRenderer). So a million-event stream never holds a million bodies.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>

namespace subledger::eventgen {

enum class ApiShape : uint8_t {
  kLegacy,  // 2019-12-03: `plan` on items, periods and `discount` on the subscription
  kAcacia,  // 2024-09-30.acacia: `price`, periods on the subscription, `discount` + discounts[] ids
  kBasil,   // 2025-03-31.basil: `price`, periods on items, discounts[] ids only
  kClover,  // 2025-09-30.clover: as basil, a discount's coupon is `source.coupon`, an id
};
const char* ApiVersion(ApiShape shape);

enum class SubStatus : uint8_t { kIncomplete, kIncompleteExpired, kTrialing, kActive, kPastDue, kUnpaid, kCanceled, kPaused };
const char* StatusName(SubStatus s);

enum class CancelReason : uint8_t { kNone, kRequested, kPaymentFailed, kPaymentDisputed };

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
  kDiscountCreated,  // customer.discount.*: ref into StreamPlan::discount_events
  kDiscountUpdated,
  kDiscountDeleted,
  kCouponCreated,    // ref into StreamPlan::catalog_events
  kPriceCreated,
  kPriceUpdated,
  kPriceSnapshot,    // subledger.price.snapshot (fetched with expand[]=tiers)
};
const char* EventTypeName(EventType t);
bool IsSubscriptionEvent(EventType t);
bool IsDiscountEvent(EventType t);
bool IsCatalogEvent(EventType t);
// Spec §1 type rank: *.created 0, *.deleted 2, customer.discount.deleted 3, others 1.
uint8_t EventRank(EventType t);
// Byte order of the id families: "evt_1…" < "evt_snap_price_…" < "evt_snap_sub_…".
uint8_t IdClass(EventType t);

// Owner::flags
inline constexpr uint8_t kCustomerAccount = 1;    // Accounts v2: `customer_account` acct_ id, `customer` null
inline constexpr uint8_t kCustomerKeyAbsent = 2;  // with kCustomerAccount: no `customer` key at all

// Who an object belongs to and in which book (spec §0).
struct Owner {
  uint32_t customer = 0;  // cus_ serial (acct_ serial with kCustomerAccount)
  uint32_t sub = 0;       // sub_ serial, 0 = none
  uint8_t book = 0;       // index into StreamPlan::books
  uint8_t id_book = 0;    // whose price and coupon ids it uses (another book's: deliberate reuse)
  uint8_t flags = 0;
  uint8_t currency = 0;
};

struct ItemState {
  uint16_t price = 0;
  int32_t quantity = 1;  // negative only as deliberate test input
  uint32_t serial = 0;   // si_ id
  int64_t created = 0;
};

struct DiscountState {
  int16_t coupon = -1;  // index in the catalog; -1 none
  uint32_t serial = 0;  // di_ id
  int64_t start = 0;
  int64_t end = 0;      // 0 = null (forever, once)
};

// A subscription as one event shows it.
struct SubscriptionSnapshot {
  Owner owner;
  ApiShape shape = ApiShape::kBasil;
  SubStatus status = SubStatus::kActive;
  CancelReason cancel_reason = CancelReason::kNone;
  uint8_t n_items = 0;
  uint8_t n_discounts = 0;  // discounts[] (acacia, basil, clover)
  bool paused = false;      // pause_collection set
  bool cancel_at_period_end = false;
  ItemState items[3];
  DiscountState discount;  // legacy `discount` (legacy, acacia)
  DiscountState discounts[2];
  uint32_t stack = 0;      // 1 + index into StreamPlan::stacks (more discounts[]), 0 none
  uint32_t latest_invoice = 0;
  int64_t created = 0, period_start = 0, period_end = 0;
  int64_t trial_start = 0, trial_end = 0;  // 0 = null
  int64_t cancel_at = 0, canceled_at = 0, ended_at = 0;
};

// A payment-side or customer event (not a subscription state).
struct MoneyEvent {
  Owner owner;           // owner.sub 0 = none
  int64_t amount = 0;
  uint32_t invoice = 0;  // in_ serial
  uint32_t intent = 0;   // pi_ serial
  uint32_t charge = 0;   // ch_ serial
  int64_t period_start = 0, period_end = 0;
};

// The data.object of a customer.discount.* event.
struct DiscountEvent {
  Owner owner;
  ApiShape shape = ApiShape::kBasil;
  DiscountState discount;
};

// A coupon.created (index: coupon) or price.* / price snapshot (index: price).
struct CatalogEvent {
  uint16_t index = 0;
  uint8_t id_book = 0;
};

// PlannedEvent::account_form on the platform's own books (spec §0).
inline constexpr uint8_t kAccountAbsent = 0, kAccountNull = 1, kAccountEmpty = 2;

struct PlannedEvent {
  int64_t created = 0;
  uint64_t order_key = 0;  // IdKey of the id that orders it (event id; subscription or price id for snapshots)
  uint32_t serial = 0;     // evt_ serial
  uint32_t ref = 0;        // index into the record vector of its type
  uint32_t previous = UINT32_MAX;  // previous snapshot of the same subscription
  EventType type = EventType::kSubUpdated;
  ApiShape shape = ApiShape::kBasil;
  uint8_t book = 0;
  uint8_t account_form = kAccountAbsent;
};
static_assert(sizeof(PlannedEvent) == 32, "a million planned events stay small");

inline constexpr const char* kCurrencies[] = {"usd", "eur", "gbp"};

}  // namespace subledger::eventgen
