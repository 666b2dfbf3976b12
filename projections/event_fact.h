// EventFact: the compact record the projections keep of one event — just the
// fields the revenue model reads, extracted once from the raw body.
//
// Canonical order (spec §1): created ascending, then the type rank
// (*.created 0, other 1, *.deleted 2, customer.discount.deleted 3), then the
// event id byte-wise (EventKey).
//
// Thread safety: values and pure functions (ExtractFact uses a thread-local
// parser and may run on several threads at once).
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/book.h"
#include "ledger/event_record.h"
#include "projections/subscription_state.h"

namespace subledger {

// An event's position in canonical order.
struct EventKey {
  int64_t created = 0;
  uint8_t rank = 1;
  std::string id;
  auto operator<=>(const EventKey&) const = default;
};

enum class FactKind : uint8_t {
  kOther = 0,         // counted in `events`, otherwise ignored by the read models
  kSubscription = 1,  // a subscription state (customer.subscription.* or a snapshot)
  kPayment = 2,       // payment_intent.succeeded / payment_failed
  kDiscount = 3,      // customer.discount.created|updated|deleted: a known-discount carrier
  kCoupon = 4,        // coupon.created|updated|deleted: a known-coupon carrier
  kPrice = 5,         // price.created|updated, subledger.price.snapshot, with tiers
  kImplausible = 6,   // created before 2010 or a day past its arrival: not a Stripe event (§1)
};

enum class PaymentOutcome : uint8_t { kNone = 0, kSucceeded = 1, kFailed = 2 };

// The pricing part of a subscription state, shared by the facts that carry
// the same terms (immutable).
struct PricingTerms {
  std::vector<ItemTerms> items;
  std::vector<DiscountRef> discounts;
  // SubscriptionState::discount_carriers: read by the catalog when the fact
  // is folded, not persisted with it.
  std::vector<DiscountRef> discount_carriers;
  bool operator==(const PricingTerms&) const = default;
};

struct SubscriptionFact {
  std::string subscription_id;
  std::string customer_id;  // the customer of this state (spec §2)
  std::string currency;     // of this state, lower-cased
  std::string status;
  bool scheduled = false;    // cancel_at_period_end or cancel_at
  bool involuntary = false;  // unpaid, or cancelled for payment_failed/payment_disputed
  bool paused = false;       // pause_collection set
  std::shared_ptr<const PricingTerms> terms;

  bool counted() const { return status == "active" || status == "past_due"; }
};

struct PaymentFact {
  std::string currency;
  PaymentOutcome outcome = PaymentOutcome::kNone;
  int64_t amount_received = 0;
};

// kDiscount, kCoupon, kPrice: one known-object carrier.
struct ObjectFact {
  std::string id;
  bool deleted = false;    // customer.discount.deleted
  DiscountTerms discount;  // kDiscount
  CouponTerms coupon;      // kCoupon
  Tiers tiers;             // kPrice
};

struct EventFact {
  FactKind kind = FactKind::kOther;
  SequenceNumber seq = 0;
  EventKey key;
  Book book;
  EventSource source = EventSource::kWebhook;
  SubscriptionFact subscription;  // kSubscription
  PaymentFact payment;            // kPayment
  // kDiscount, kCoupon, kPrice (null otherwise). Behind a pointer: these
  // events are rare and their terms large, and every fact of a rebuild is
  // held in memory at once.
  std::shared_ptr<const ObjectFact> object;

  int64_t created() const { return key.created; }
};

// 0 for "*.created", 3 for "customer.discount.deleted", 2 for other
// "*.deleted", 1 otherwise.
uint8_t TypeRank(std::string_view type);
bool IsSubscriptionEventType(std::string_view type);

// a < b in canonical order.
inline bool CanonicalLess(const EventFact& a, const EventFact& b) { return a.key < b.key; }

// Sorts `facts` into canonical order (stable). An EventFact is not small
// (about 300 bytes): this sorts compact keys (created, rank, position;
// an event id is read only to break a tie) and moves each fact once, where
// std::sort would move facts O(n log n) times. Already sorted: untouched.
void SortCanonically(std::vector<EventFact>& facts);
// The same order for facts held elsewhere (stable; the facts do not move).
void SortCanonically(std::vector<EventFact*>& facts);

// A batch of facts in parts, each part in log order: a scan on several
// threads fills one part per thread, so no fact is copied to join them.
using FactParts = std::vector<std::vector<EventFact>>;

// §1's plausibility rule applied to a logged event: created at or after
// 2010-01-01 and at most a day after the event arrived (its arrival is the
// receiving clock's reading of that time).
bool PlausibleCreated(int64_t created, int64_t received_at_micros);

// Extracts the fact of one logged event. Never fails: a body the model
// cannot use yields kOther (or kImplausible).
EventFact ExtractFact(SequenceNumber seq, const EventEnvelope& envelope, std::string_view body,
                      EventSource source = EventSource::kWebhook, int64_t received_at_micros = 0);

}  // namespace subledger
