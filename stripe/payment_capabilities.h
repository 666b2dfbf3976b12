// The three capabilities of the Stripe integration doc
// (seeds/contractspec-stripe-integration.txt): create a customer, a payment
// intent, a subscription. Each is one form-encoded POST with an
// Idempotency-Key (the caller's, or a generated one) that StripeClient
// reuses on every retry, so a retried call never creates two objects.
//
// Inputs are validated before any request is made (kInvalidArgument naming
// the field). Outputs carry exactly the doc's output names when turned into
// JSON with ToJson:
//   customer        {"customerId", "email"}
//   payment intent  {"paymentIntentId", "clientSecret", "status"}
//   subscription    {"subscriptionId", "status", "currentPeriodEnd"}
// currentPeriodEnd is Unix seconds; it is read from the subscription (API
// versions before 2025-03-31) or from its first item (2025-03-31 and later),
// and is null only when Stripe returned neither.
//
// Thread safety: functions; the client is used from the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/status.h"
#include "stripe/stripe_client.h"

namespace subledger {

using Metadata = std::vector<std::pair<std::string, std::string>>;

struct CreateCustomerInput {
  std::string email;
  std::string name;  // "" = not sent
  Metadata metadata;
};
struct CreateCustomerOutput {
  std::string customer_id;
  std::string email;
};

struct CreatePaymentIntentInput {
  int64_t amount = 0;             // minor units (cents), > 0
  std::string currency = "usd";   // 3 lower-case letters
  std::string customer_id;        // "" = not sent
  Metadata metadata;
};
struct CreatePaymentIntentOutput {
  std::string payment_intent_id;
  std::string client_secret;
  std::string status;
};

struct CreateSubscriptionInput {
  std::string customer_id;
  std::string price_id;
  std::optional<int> trial_days;
};
struct CreateSubscriptionOutput {
  std::string subscription_id;
  std::string status;
  std::optional<int64_t> current_period_end;
};

// ---- argument parsing and validation (no request is made) ----
// A positive integer number of cents, at most 99999999 (Stripe's 8-digit limit).
Result<int64_t> ParseAmountCents(std::string_view text);
// Three ASCII letters, returned lower-case.
Result<std::string> ParseCurrency(std::string_view text);
// "key=value": key 1..40 characters without '[' or ']', value up to 500.
Result<std::pair<std::string, std::string>> ParseMetadataPair(std::string_view text);
// An integer number of days, 1..730.
Result<int> ParseTrialDays(std::string_view text);
// A Stripe object id: 1..255 letters, digits or '_' (e.g. "cus_...", "price_...").
Status ValidateObjectId(std::string_view what, std::string_view id);
// Something@something, no whitespace, at most 512 characters.
Status ValidateEmail(std::string_view email);

Status Validate(const CreateCustomerInput& input);
Status Validate(const CreatePaymentIntentInput& input);
Status Validate(const CreateSubscriptionInput& input);

// ---- the calls ----
Result<CreateCustomerOutput> CreateCustomer(StripeClient* client, const CreateCustomerInput& input,
                                            std::string_view idempotency_key = "");
Result<CreatePaymentIntentOutput> CreatePaymentIntent(StripeClient* client, const CreatePaymentIntentInput& input,
                                                      std::string_view idempotency_key = "");
Result<CreateSubscriptionOutput> CreateSubscription(StripeClient* client, const CreateSubscriptionInput& input,
                                                    std::string_view idempotency_key = "");

nlohmann::ordered_json ToJson(const CreateCustomerOutput& output);
nlohmann::ordered_json ToJson(const CreatePaymentIntentOutput& output);
nlohmann::ordered_json ToJson(const CreateSubscriptionOutput& output);

}  // namespace subledger
