#include "workflows/stripe_capabilities.h"

#include <functional>

#include "stripe/payment_capabilities.h"
#include "stripe/subscription_calls.h"

namespace subledger::workflows {
namespace {

using Json = nlohmann::json;
using Invoker = std::function<Result<nlohmann::ordered_json>(StripeClient*, const CapabilityCall&)>;
using Checker = std::function<Status(const InputSpec&, const Json&)>;

int64_t NumberOf(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return -1;  // 12.5 cents: rejected by the checks
  if (v.is_string()) {
    const std::string& text = v.get<std::string>();
    if (text.empty() || text.size() > 11 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stoll(text);
  }
  return -1;
}

Metadata MetadataOf(const Json& inputs) {
  Metadata out;
  auto it = inputs.find("metadata");
  if (it == inputs.end() || !it->is_object()) return out;
  for (const auto& [k, v] : it->items()) out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

Status CheckValue(const InputSpec& spec, const Json& v) {
  const std::string& n = spec.name;
  auto bad = [&](const std::string& why) { return Status::InvalidArgument("input '" + n + "': " + v.dump() + ": " + why); };
  if (n == "amount") {
    int64_t cents = NumberOf(v);
    if (cents < 1 || cents > 99999999) return bad("expected a whole number of cents, 1..99999999 (1999 = 19.99)");
  } else if (n == "trialDays") {
    int64_t days = NumberOf(v);
    if (days < 1 || days > 730) return bad("expected a whole number of days, 1..730");
  } else if (n == "currency") {
    if (!v.is_string() || !ParseCurrency(v.get<std::string>()).ok()) return bad("expected a three-letter currency code such as usd");
  } else if (n == "email") {
    if (!v.is_string() || !ValidateEmail(v.get<std::string>()).ok()) return bad("expected an e-mail address");
  } else if (n == "customerId" || n == "priceId" || n == "subscriptionId") {
    if (!v.is_string() || !ValidateObjectId(n, v.get<std::string>()).ok()) return bad("expected a Stripe id (letters, digits, '_')");
  } else if (n == "metadata") {
    if (!v.is_object()) return bad("expected a mapping of keys to values");
    for (const auto& [k, item] : v.items()) {
      std::string text = item.is_string() ? item.get<std::string>() : item.dump();
      if (!ParseMetadataPair(k + "=" + text).ok()) return bad("metadata keys: 1..40 characters without brackets; values at most 500");
    }
  } else if (n == "name") {
    if (!v.is_string() || v.get<std::string>().size() > 256) return bad("expected a name of at most 256 characters");
  }
  return Status::Ok();
}

class StripeCapability final : public Capability {
 public:
  StripeCapability(std::string name, std::vector<InputSpec> inputs, std::vector<std::string> outputs,
                   EffectKind effect, StripeClient* client, Invoker invoke)
      : name_(std::move(name)), inputs_(std::move(inputs)), outputs_(std::move(outputs)), effect_(effect),
        client_(client), invoke_(std::move(invoke)) {}

  std::string_view name() const override { return name_; }
  const std::vector<InputSpec>& inputs() const override { return inputs_; }
  const std::vector<std::string>& outputs() const override { return outputs_; }
  EffectKind effect() const override { return effect_; }
  Status CheckInput(const InputSpec& spec, const Json& value) const override {
    if (Status s = Capability::CheckInput(spec, value); !s.ok()) return s;
    return CheckValue(spec, value);
  }
  Result<Json> Invoke(const CapabilityCall& call) override {
    if (client_ == nullptr) {
      return Status::InvalidArgument(name_ + ": no Stripe secret key configured (STRIPE_SECRET_KEY or --stripe-key-file)");
    }
    Result<nlohmann::ordered_json> out = invoke_(client_, call);
    if (!out.ok()) return out.status();
    return Json::parse(out->dump());
  }

 private:
  std::string name_;
  std::vector<InputSpec> inputs_;
  std::vector<std::string> outputs_;
  EffectKind effect_;
  StripeClient* client_;
  Invoker invoke_;
};

template <typename T>
Result<nlohmann::ordered_json> Out(Result<T> r) {
  if (!r.ok()) return r.status();
  return ToJson(*r);
}

}  // namespace

bool IsStripeCapability(std::string_view name) { return name.rfind("stripe-", 0) == 0; }

void AddStripeCapabilities(CapabilityRegistry* registry, StripeClient* client) {
  using T = InputType;
  auto add = [&](std::string name, std::vector<InputSpec> in, std::vector<std::string> out, EffectKind effect,
                 Invoker invoke) {
    registry->Add(std::make_unique<StripeCapability>(std::move(name), std::move(in), std::move(out), effect, client,
                                                     std::move(invoke)));
  };
  add("stripe-create-customer",
      {{"email", T::kString, true, nullptr}, {"name", T::kString, false, nullptr}, {"metadata", T::kObject, false, nullptr}},
      {"customerId", "email"}, EffectKind::kExactlyOnce, [](StripeClient* c, const CapabilityCall& call) {
        CreateCustomerInput in{StringInput(call.inputs, "email"), StringInput(call.inputs, "name"), MetadataOf(call.inputs)};
        return Out(CreateCustomer(c, in, call.idempotency_key));
      });
  add("stripe-create-payment-intent",
      {{"amount", T::kNumber, true, nullptr}, {"currency", T::kString, false, "usd"},
       {"customerId", T::kString, false, nullptr}, {"metadata", T::kObject, false, nullptr}},
      {"paymentIntentId", "clientSecret", "status"}, EffectKind::kExactlyOnce,
      [](StripeClient* c, const CapabilityCall& call) {
        CreatePaymentIntentInput in;
        in.amount = NumberOf(call.inputs.value("amount", Json()));
        in.currency = StringInput(call.inputs, "currency");
        in.customer_id = StringInput(call.inputs, "customerId");
        in.metadata = MetadataOf(call.inputs);
        return Out(CreatePaymentIntent(c, in, call.idempotency_key));
      });
  add("stripe-create-subscription",
      {{"customerId", T::kString, true, nullptr}, {"priceId", T::kString, true, nullptr}, {"trialDays", T::kNumber, false, nullptr}},
      {"subscriptionId", "status", "currentPeriodEnd"}, EffectKind::kExactlyOnce,
      [](StripeClient* c, const CapabilityCall& call) {
        CreateSubscriptionInput in;
        in.customer_id = StringInput(call.inputs, "customerId");
        in.price_id = StringInput(call.inputs, "priceId");
        if (call.inputs.contains("trialDays")) in.trial_days = static_cast<int>(NumberOf(call.inputs["trialDays"]));
        return Out(CreateSubscription(c, in, call.idempotency_key));
      });
  add("stripe-cancel-subscription", {{"subscriptionId", T::kString, true, nullptr}},
      {"subscriptionId", "status", "cancelAtPeriodEnd", "currentPeriodEnd"}, EffectKind::kExactlyOnce,
      [](StripeClient* c, const CapabilityCall& call) {
        return Out(CancelSubscriptionAtPeriodEnd(c, StringInput(call.inputs, "subscriptionId"), call.idempotency_key));
      });
  add("stripe-get-customer", {{"customerId", T::kString, true, nullptr}}, {"customerId", "email", "name"},
      EffectKind::kNone, [](StripeClient* c, const CapabilityCall& call) {
        return Out(RetrieveCustomer(c, StringInput(call.inputs, "customerId")));
      });
}

}  // namespace subledger::workflows
