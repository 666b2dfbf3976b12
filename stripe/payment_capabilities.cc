#include "stripe/payment_capabilities.h"

#include <cctype>

#include "stripe/json_fields.h"

namespace subledger {

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void AppendMetadata(const Metadata& metadata, FormParams* form) {
  for (const auto& [key, value] : metadata) form->emplace_back("metadata[" + key + "]", value);
}

Status ValidateMetadata(const Metadata& metadata) {
  if (metadata.size() > 50) return Status::InvalidArgument("metadata: at most 50 keys");
  for (const auto& [key, value] : metadata) {
    Result<std::pair<std::string, std::string>> pair = ParseMetadataPair(key + "=" + value);
    if (!pair.ok()) return pair.status();
  }
  return Status::Ok();
}

Status MissingField(const std::string& what, const char* field) {
  return Status::Internal(what + ": Stripe's response has no string \"" + field + "\"");
}

}  // namespace

Result<int64_t> ParseAmountCents(std::string_view text) {
  if (!AllDigits(text) || text.size() > 8 || (text.size() > 1 && text[0] == '0')) {
    return Status::InvalidArgument("--amount '" + std::string(text) +
                                   "': expected a positive whole number of cents, e.g. 1999 for $19.99");
  }
  int64_t amount = std::stoll(std::string(text));
  if (amount <= 0) return Status::InvalidArgument("--amount: must be at least 1 cent");
  return amount;
}

Result<std::string> ParseCurrency(std::string_view text) {
  std::string lower;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      lower.clear();
      break;
    }
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (text.size() != 3 || lower.size() != 3) {
    return Status::InvalidArgument("--currency '" + std::string(text) +
                                   "': expected a three-letter ISO currency code, e.g. usd");
  }
  return lower;
}

Result<std::pair<std::string, std::string>> ParseMetadataPair(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Status::InvalidArgument("--metadata '" + std::string(text) + "': expected key=value");
  }
  std::string key(text.substr(0, eq));
  std::string value(text.substr(eq + 1));
  if (key.size() > 40 || key.find_first_of("[]") != std::string::npos) {
    return Status::InvalidArgument("--metadata key '" + key + "': at most 40 characters, no '[' or ']'");
  }
  if (value.size() > 500) return Status::InvalidArgument("--metadata value for '" + key + "': at most 500 characters");
  return std::make_pair(key, value);
}

Result<int> ParseTrialDays(std::string_view text) {
  if (!AllDigits(text) || text.size() > 3) {
    return Status::InvalidArgument("--trial-days '" + std::string(text) + "': expected a whole number of days, 1..730");
  }
  int days = std::stoi(std::string(text));
  if (days < 1 || days > 730) return Status::InvalidArgument("--trial-days: must be 1..730");
  return days;
}

Status ValidateObjectId(std::string_view what, std::string_view id) {
  bool ok = !id.empty() && id.size() <= 255;
  for (char c : id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  }
  if (!ok) {
    return Status::InvalidArgument(std::string(what) + " '" + std::string(id) +
                                   "': expected a Stripe id (letters, digits, '_')");
  }
  return Status::Ok();
}

Status ValidateEmail(std::string_view email) {
  size_t at = email.find('@');
  bool ok = at != std::string_view::npos && at > 0 && at + 1 < email.size() && email.size() <= 512 &&
            email.find('@', at + 1) == std::string_view::npos;
  for (char c : email) ok = ok && static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  if (!ok) return Status::InvalidArgument("--email '" + std::string(email) + "': expected an address like a@example.com");
  return Status::Ok();
}

Status Validate(const CreateCustomerInput& input) {
  Status s = ValidateEmail(input.email);
  if (!s.ok()) return s;
  if (input.name.size() > 256) return Status::InvalidArgument("--name: at most 256 characters");
  return ValidateMetadata(input.metadata);
}

Status Validate(const CreatePaymentIntentInput& input) {
  if (input.amount <= 0 || input.amount > 99999999) {
    return Status::InvalidArgument("--amount: must be 1..99999999 cents");
  }
  Result<std::string> currency = ParseCurrency(input.currency);
  if (!currency.ok()) return currency.status();
  if (*currency != input.currency) return Status::InvalidArgument("--currency: must be lower-case");
  if (!input.customer_id.empty()) {
    Status s = ValidateObjectId("--customer", input.customer_id);
    if (!s.ok()) return s;
  }
  return ValidateMetadata(input.metadata);
}

Status Validate(const CreateSubscriptionInput& input) {
  Status s = ValidateObjectId("--customer", input.customer_id);
  if (!s.ok()) return s;
  s = ValidateObjectId("--price", input.price_id);
  if (!s.ok()) return s;
  if (input.trial_days && (*input.trial_days < 1 || *input.trial_days > 730)) {
    return Status::InvalidArgument("--trial-days: must be 1..730");
  }
  return Status::Ok();
}

Result<CreateCustomerOutput> CreateCustomer(StripeClient* client, const CreateCustomerInput& input,
                                            std::string_view idempotency_key) {
  Status valid = Validate(input);
  if (!valid.ok()) return valid;
  FormParams form{{"email", input.email}};
  if (!input.name.empty()) form.emplace_back("name", input.name);
  AppendMetadata(input.metadata, &form);
  Result<nlohmann::ordered_json> response = client->Post("/v1/customers", form, idempotency_key);
  if (!response.ok()) return response.status().WithContext("create customer");
  CreateCustomerOutput out;
  out.customer_id = StringField(*response, "id");
  out.email = StringField(*response, "email");
  if (out.customer_id.empty()) return MissingField("create customer", "id");
  return out;
}

Result<CreatePaymentIntentOutput> CreatePaymentIntent(StripeClient* client, const CreatePaymentIntentInput& input,
                                                      std::string_view idempotency_key) {
  Status valid = Validate(input);
  if (!valid.ok()) return valid;
  FormParams form{{"amount", std::to_string(input.amount)}, {"currency", input.currency}};
  if (!input.customer_id.empty()) form.emplace_back("customer", input.customer_id);
  AppendMetadata(input.metadata, &form);
  Result<nlohmann::ordered_json> response = client->Post("/v1/payment_intents", form, idempotency_key);
  if (!response.ok()) return response.status().WithContext("create payment intent");
  CreatePaymentIntentOutput out;
  out.payment_intent_id = StringField(*response, "id");
  out.client_secret = StringField(*response, "client_secret");
  out.status = StringField(*response, "status");
  if (out.payment_intent_id.empty()) return MissingField("create payment intent", "id");
  if (out.status.empty()) return MissingField("create payment intent", "status");
  return out;
}

Result<CreateSubscriptionOutput> CreateSubscription(StripeClient* client, const CreateSubscriptionInput& input,
                                                    std::string_view idempotency_key) {
  Status valid = Validate(input);
  if (!valid.ok()) return valid;
  FormParams form{{"customer", input.customer_id}, {"items[0][price]", input.price_id}};
  if (input.trial_days) form.emplace_back("trial_period_days", std::to_string(*input.trial_days));
  Result<nlohmann::ordered_json> response = client->Post("/v1/subscriptions", form, idempotency_key);
  if (!response.ok()) return response.status().WithContext("create subscription");
  const nlohmann::ordered_json& sub = *response;
  CreateSubscriptionOutput out;
  out.subscription_id = StringField(sub, "id");
  out.status = StringField(sub, "status");
  if (out.subscription_id.empty()) return MissingField("create subscription", "id");
  if (out.status.empty()) return MissingField("create subscription", "status");
  out.current_period_end = IntField(sub, "current_period_end");
  if (!out.current_period_end) {
    auto items = sub.find("items");
    if (items != sub.end() && items->is_object()) {
      auto data = items->find("data");
      if (data != items->end() && data->is_array() && !data->empty()) {
        out.current_period_end = IntField((*data)[0], "current_period_end");
      }
    }
  }
  return out;
}

nlohmann::ordered_json ToJson(const CreateCustomerOutput& output) {
  nlohmann::ordered_json j;
  j["customerId"] = output.customer_id;
  j["email"] = output.email;
  return j;
}

nlohmann::ordered_json ToJson(const CreatePaymentIntentOutput& output) {
  nlohmann::ordered_json j;
  j["paymentIntentId"] = output.payment_intent_id;
  j["clientSecret"] = output.client_secret;
  j["status"] = output.status;
  return j;
}

nlohmann::ordered_json ToJson(const CreateSubscriptionOutput& output) {
  nlohmann::ordered_json j;
  j["subscriptionId"] = output.subscription_id;
  j["status"] = output.status;
  j["currentPeriodEnd"] = output.current_period_end ? nlohmann::ordered_json(*output.current_period_end)
                                                    : nlohmann::ordered_json(nullptr);
  return j;
}

}  // namespace subledger
