// The Stripe capabilities, with exactly the integration doc's input and
// output names, on top of stripe/payment_capabilities.h and
// stripe/subscription_calls.h:
//
//   stripe-create-customer        email, name?, metadata?        -> customerId, email
//   stripe-create-payment-intent  amount, currency="usd",        -> paymentIntentId, clientSecret, status
//                                 customerId?, metadata?
//   stripe-create-subscription    customerId, priceId, trialDays? -> subscriptionId, status, currentPeriodEnd
//   stripe-cancel-subscription    subscriptionId                 -> subscriptionId, status, cancelAtPeriodEnd,
//     (cancel_at_period_end=true: the dunning sequence's day 7)     currentPeriodEnd
//   stripe-get-customer           customerId                     -> customerId, email, name
//
// The four writes are kExactlyOnce: each call carries the step's
// idempotency key (run id, step id), so a step re-run after a crash gets
// the object the first call created (Stripe keeps keys for 24 hours).
// `amount` is whole cents (a number, or a string of digits such as an
// --input value); metadata values are sent as strings.
//
// Thread safety: see capability.h. `client` may be null (definitions can be
// checked without a key); Invoke then fails with kInvalidArgument.
#pragma once

#include "stripe/stripe_client.h"
#include "workflows/capability.h"

namespace subledger::workflows {

void AddStripeCapabilities(CapabilityRegistry* registry, StripeClient* client);

// True for the capability names AddStripeCapabilities registers.
bool IsStripeCapability(std::string_view name);

}  // namespace subledger::workflows
