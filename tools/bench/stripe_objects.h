// Stripe API objects (API version kApiVersion, "basil" shapes) for the
// webhook generator's templates: the `data.object` of each event type, built
// from a StripeProfile with slot markers (body_template.h) where a value
// changes per event or per customer. Field names and order follow the real
// payloads in shared/fixtures/stripe (payfuzz's captures, stripe-openapi's
// fixtures, pay-rails' basil invoices).
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <nlohmann/json.hpp>

#include "tools/bench/stripe_profile.h"

namespace subledger::bench {

using Json = nlohmann::ordered_json;

inline constexpr const char* kApiVersion = "2025-06-30.basil";

// What happens to the subscription in an event.
enum class SubscriptionStage {
  kCreated,   // customer.subscription.created: starts now (trialing when the profile has a trial)
  kActive,    // customer.subscription.updated: started months ago, a period starts now
  kPastDue,   // updated after a failed renewal
  kCanceling, // updated: cancel_at_period_end set
  kDeleted,   // customer.subscription.deleted
};

enum class InvoiceKind {
  kRenewal,   // subscription_cycle, paid
  kCreate,    // subscription_create, paid
  kUpdate,    // subscription_update with proration lines, paid
  kFailed,    // subscription_cycle, payment failed (open, next attempt in 3 days)
};

Json MetadataObject(const Metadata& m);
Json Address(const StripeProfile& p);  // null when the profile has none
// payment_settings.payment_method_options of subscriptions and invoices (set by Checkout).
Json PaymentMethodOptions();

// Billing (stripe_billing_objects.cc).
Json PriceObject(const CatalogPrice& price);
Json PlanObject(const CatalogPrice& price);
// The subscription's items list; `period` picks the 't' slots of the current period.
Json SubscriptionItems(const StripeProfile& p, char period_start, char period_end_month, char period_end_year);
Json SubscriptionObject(const StripeProfile& p, SubscriptionStage stage);
Json InvoiceObject(const StripeProfile& p, InvoiceKind kind);

// Customers and payments (stripe_payment_objects.cc).
Json CustomerObject(const StripeProfile& p);
Json PaymentMethodObject(const StripeProfile& p);
Json PaymentIntentObject(const StripeProfile& p, bool failed);

// Amounts the invoice and the payment intent agree on.
int64_t InvoiceSubtotal(const StripeProfile& p);
int64_t InvoiceDiscount(const StripeProfile& p);
int64_t InvoiceTax(const StripeProfile& p);
inline int64_t InvoiceTotal(const StripeProfile& p) {
  return InvoiceSubtotal(p) - InvoiceDiscount(p) + InvoiceTax(p);
}

}  // namespace subledger::bench
