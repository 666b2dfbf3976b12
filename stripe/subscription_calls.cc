#include "stripe/subscription_calls.h"

#include "stripe/json_fields.h"
#include "stripe/payment_capabilities.h"

namespace subledger {
namespace {

std::optional<int64_t> PeriodEnd(const nlohmann::ordered_json& sub) {
  if (auto end = IntField(sub, "current_period_end")) return end;
  auto items = sub.find("items");
  if (items == sub.end() || !items->is_object()) return std::nullopt;
  auto data = items->find("data");
  if (data == items->end() || !data->is_array() || data->empty()) return std::nullopt;
  return IntField((*data)[0], "current_period_end");
}

}  // namespace

Result<CancelSubscriptionOutput> CancelSubscriptionAtPeriodEnd(StripeClient* client, std::string_view subscription_id,
                                                               std::string_view idempotency_key) {
  if (Status s = ValidateObjectId("subscriptionId", subscription_id); !s.ok()) return s;
  const std::string path = "/v1/subscriptions/" + std::string(subscription_id);
  Result<nlohmann::ordered_json> response = client->Post(path, {{"cancel_at_period_end", "true"}}, idempotency_key);
  if (!response.ok()) return response.status().WithContext("cancel subscription " + std::string(subscription_id));
  CancelSubscriptionOutput out;
  out.subscription_id = StringField(*response, "id");
  out.status = StringField(*response, "status");
  auto flag = response->find("cancel_at_period_end");
  out.cancel_at_period_end = flag != response->end() && flag->is_boolean() && flag->get<bool>();
  out.current_period_end = PeriodEnd(*response);
  if (out.subscription_id.empty()) {
    return Status::Internal("cancel subscription: Stripe's response has no string \"id\"");
  }
  return out;
}

Result<RetrieveCustomerOutput> RetrieveCustomer(StripeClient* client, std::string_view customer_id) {
  if (Status s = ValidateObjectId("customerId", customer_id); !s.ok()) return s;
  Result<nlohmann::ordered_json> response = client->Get("/v1/customers/" + std::string(customer_id));
  if (!response.ok()) return response.status().WithContext("retrieve customer " + std::string(customer_id));
  RetrieveCustomerOutput out;
  out.customer_id = StringField(*response, "id");
  out.email = StringField(*response, "email");
  out.name = StringField(*response, "name");
  if (out.customer_id.empty()) return Status::Internal("retrieve customer: Stripe's response has no string \"id\"");
  return out;
}

nlohmann::ordered_json ToJson(const CancelSubscriptionOutput& output) {
  nlohmann::ordered_json j;
  j["subscriptionId"] = output.subscription_id;
  j["status"] = output.status;
  j["cancelAtPeriodEnd"] = output.cancel_at_period_end;
  j["currentPeriodEnd"] = output.current_period_end ? nlohmann::ordered_json(*output.current_period_end)
                                                    : nlohmann::ordered_json(nullptr);
  return j;
}

nlohmann::ordered_json ToJson(const RetrieveCustomerOutput& output) {
  nlohmann::ordered_json j;
  j["customerId"] = output.customer_id;
  j["email"] = output.email;
  j["name"] = output.name;
  return j;
}

}  // namespace subledger
