// Two more Stripe calls for the workflow capabilities (workflows/): mark a
// subscription to cancel at the end of its period (the dunning sequence's
// day 7), and read a customer (to find the e-mail address for a
// subscription's trial_will_end). Same client, errors and redaction as
// payment_capabilities.h.
//
//   CancelSubscriptionAtPeriodEnd  POST /v1/subscriptions/{id}
//                                  cancel_at_period_end=true, with an
//                                  Idempotency-Key; -> {"subscriptionId",
//                                  "status", "cancelAtPeriodEnd",
//                                  "currentPeriodEnd"}
//   RetrieveCustomer               GET /v1/customers/{id}
//                                  -> {"customerId", "email", "name"}
//
// Ids are validated before any request (kInvalidArgument naming the field).
//
// Thread safety: functions; the client is used from the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledger/status.h"
#include "stripe/stripe_client.h"

namespace subledger {

struct CancelSubscriptionOutput {
  std::string subscription_id;
  std::string status;
  bool cancel_at_period_end = false;
  std::optional<int64_t> current_period_end;
};

struct RetrieveCustomerOutput {
  std::string customer_id;
  std::string email;  // "" when the customer has none
  std::string name;   // "" when the customer has none
};

Result<CancelSubscriptionOutput> CancelSubscriptionAtPeriodEnd(StripeClient* client, std::string_view subscription_id,
                                                               std::string_view idempotency_key = "");
Result<RetrieveCustomerOutput> RetrieveCustomer(StripeClient* client, std::string_view customer_id);

nlohmann::ordered_json ToJson(const CancelSubscriptionOutput& output);
nlohmann::ordered_json ToJson(const RetrieveCustomerOutput& output);

}  // namespace subledger
