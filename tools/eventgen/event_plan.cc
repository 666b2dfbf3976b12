// Names and ranks of the planned events (event_plan.h).
#include "tools/eventgen/event_plan.h"

namespace subledger::eventgen {

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
    case EventType::kDiscountCreated: return "customer.discount.created";
    case EventType::kDiscountUpdated: return "customer.discount.updated";
    case EventType::kDiscountDeleted: return "customer.discount.deleted";
    case EventType::kCouponCreated: return "coupon.created";
    case EventType::kPriceCreated: return "price.created";
    case EventType::kPriceUpdated: return "price.updated";
    case EventType::kPriceSnapshot: return "subledger.price.snapshot";
  }
  return "";
}

bool IsSubscriptionEvent(EventType t) { return t >= EventType::kSubCreated && t <= EventType::kSubSnapshot; }

bool IsDiscountEvent(EventType t) { return t >= EventType::kDiscountCreated && t <= EventType::kDiscountDeleted; }

bool IsCatalogEvent(EventType t) { return t >= EventType::kCouponCreated; }

uint8_t EventRank(EventType t) {
  switch (t) {
    case EventType::kCustomerCreated:
    case EventType::kSubCreated:
    case EventType::kInvoiceCreated:
    case EventType::kPaymentIntentCreated:
    case EventType::kDiscountCreated:
    case EventType::kCouponCreated:
    case EventType::kPriceCreated: return 0;
    case EventType::kSubDeleted: return 2;
    case EventType::kDiscountDeleted: return 3;
    default: return 1;
  }
}

uint8_t IdClass(EventType t) {
  if (t == EventType::kPriceSnapshot) return 1;
  return t == EventType::kSubSnapshot ? 2 : 0;
}

}  // namespace subledger::eventgen
