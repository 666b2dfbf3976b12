// subledger stripe create-customer | create-payment-intent | create-subscription:
// the Stripe integration doc's three capabilities, printing JSON with the
// doc's output names. Arguments are validated before any request is made.
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "stripe/payment_capabilities.h"
#include "tools/cli/command.h"
#include "tools/cli/stripe_cli.h"

namespace subledger::cli {
namespace {

constexpr char kUsage[] =
    "usage: subledger stripe <capability> [options]\n"
    "\n"
    "  create-customer --email E [--name N] [--metadata k=v]...\n"
    "      prints {\"customerId\", \"email\"}\n"
    "  create-payment-intent --amount CENTS [--currency usd] [--customer ID] [--metadata k=v]...\n"
    "      prints {\"paymentIntentId\", \"clientSecret\", \"status\"}; CENTS is a whole number (1999 = 19.99)\n"
    "  create-subscription --customer ID --price ID [--trial-days N]\n"
    "      prints {\"subscriptionId\", \"status\", \"currentPeriodEnd\"} (Unix seconds)\n"
    "\n"
    "  --idempotency-key KEY   sent as Idempotency-Key (default: a fresh random key); the same key is\n"
    "                          reused on every retry, and re-running with it never creates a second object\n";

int Usage(const std::string& error) {
  std::fprintf(stderr, "subledger stripe: %s\n\n%s\n%s", error.c_str(), kUsage, StripeConnectionUsage().c_str());
  return 2;
}

Result<Metadata> ParseMetadataFlags(const CommandFlags& a) {
  Metadata metadata;
  for (const std::string& kv : a.All("--metadata")) {
    Result<std::pair<std::string, std::string>> pair = ParseMetadataPair(kv);
    if (!pair.ok()) return pair.status();
    metadata.push_back(std::move(*pair));
  }
  return metadata;
}

// Each parses and validates one capability's arguments; kInvalidArgument on a bad value.
template <typename Input>
using Parsed = Result<Input>;

Parsed<CreateCustomerInput> ParseCustomer(const CommandFlags& a) {
  CreateCustomerInput input;
  input.email = a.Value("--email").value_or("");
  input.name = a.Value("--name").value_or("");
  Result<Metadata> metadata = ParseMetadataFlags(a);
  if (!metadata.ok()) return metadata.status();
  input.metadata = std::move(*metadata);
  Status valid = Validate(input);
  if (!valid.ok()) return valid;
  return input;
}

Parsed<CreatePaymentIntentInput> ParsePaymentIntent(const CommandFlags& a) {
  CreatePaymentIntentInput input;
  Result<int64_t> amount = ParseAmountCents(a.Value("--amount").value_or(""));
  if (!amount.ok()) return amount.status();
  input.amount = *amount;
  Result<std::string> currency = ParseCurrency(a.Value("--currency").value_or("usd"));
  if (!currency.ok()) return currency.status();
  input.currency = *currency;
  input.customer_id = a.Value("--customer").value_or("");
  Result<Metadata> metadata = ParseMetadataFlags(a);
  if (!metadata.ok()) return metadata.status();
  input.metadata = std::move(*metadata);
  Status valid = Validate(input);
  if (!valid.ok()) return valid;
  return input;
}

Parsed<CreateSubscriptionInput> ParseSubscription(const CommandFlags& a) {
  CreateSubscriptionInput input;
  input.customer_id = a.Value("--customer").value_or("");
  input.price_id = a.Value("--price").value_or("");
  if (auto days = a.Value("--trial-days")) {
    Result<int> parsed = ParseTrialDays(*days);
    if (!parsed.ok()) return parsed.status();
    input.trial_days = *parsed;
  }
  Status valid = Validate(input);
  if (!valid.ok()) return valid;
  return input;
}

int RunStripe(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("no capability given");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::printf("%s\n%s", kUsage, StripeConnectionUsage().c_str());
    return 0;
  }
  static const std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> kFlags = {
      {"create-customer", {{"--email", "--name", "--metadata"}, {"--email"}}},
      {"create-payment-intent", {{"--amount", "--currency", "--customer", "--metadata"}, {"--amount"}}},
      {"create-subscription", {{"--customer", "--price", "--trial-days"}, {"--customer", "--price"}}},
  };
  const std::string capability = args[0];
  auto spec = kFlags.find(capability);
  if (spec == kFlags.end()) return Usage("unknown capability '" + capability + "'");
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::set<std::string> valued = WithStripeFlags(spec->second.first);
  valued.insert("--idempotency-key");
  const std::set<std::string> booleans = {"--help"};
  CommandFlags a(rest, valued, booleans);
  if (a.Has("--help")) {
    std::printf("%s\n%s", kUsage, StripeConnectionUsage().c_str());
    return 0;
  }
  if (!a.error().empty()) return Usage(capability + ": " + a.error());
  if (!a.positional().empty()) return Usage(capability + ": unexpected argument '" + a.positional()[0] + "'");
  for (const std::string& flag : spec->second.second) {
    if (!a.Value(flag)) return Usage(capability + ": " + flag + " is required");
  }
  std::string key = a.Value("--idempotency-key").value_or("");
  if (a.Value("--idempotency-key")) {
    Status valid = ValidateIdempotencyKey(key);
    if (!valid.ok()) return Usage(capability + ": --" + valid.message());
  } else {
    key = NewIdempotencyKey();
  }

  // Validate everything before touching the network.
  std::optional<CreateCustomerInput> customer;
  std::optional<CreatePaymentIntentInput> intent;
  std::optional<CreateSubscriptionInput> subscription;
  Status invalid;
  if (capability == "create-customer") {
    auto parsed = ParseCustomer(a);
    if (parsed.ok()) customer = *parsed; else invalid = parsed.status();
  } else if (capability == "create-payment-intent") {
    auto parsed = ParsePaymentIntent(a);
    if (parsed.ok()) intent = *parsed; else invalid = parsed.status();
  } else {
    auto parsed = ParseSubscription(a);
    if (parsed.ok()) subscription = *parsed; else invalid = parsed.status();
  }
  if (!invalid.ok()) return Usage(capability + ": " + invalid.message());

  Result<std::unique_ptr<StripeClient>> client = MakeStripeClient(a);
  if (!client.ok()) {
    std::fprintf(stderr, "subledger stripe %s: %s\n", capability.c_str(), client.status().message().c_str());
    return 1;
  }
  nlohmann::ordered_json out;
  Status status;
  if (customer) {
    auto r = CreateCustomer(client->get(), *customer, key);
    if (r.ok()) out = ToJson(*r); else status = r.status();
  } else if (intent) {
    auto r = CreatePaymentIntent(client->get(), *intent, key);
    if (r.ok()) out = ToJson(*r); else status = r.status();
  } else {
    auto r = CreateSubscription(client->get(), *subscription, key);
    if (r.ok()) out = ToJson(*r); else status = r.status();
  }
  if (!status.ok()) {
    std::fprintf(stderr, "subledger stripe %s: %s\n", capability.c_str(), status.message().c_str());
    if (status.code() == Status::Code::kUnavailable) {
      std::fprintf(stderr, "The request may have reached Stripe. Re-run with --idempotency-key %s "
                           "to retry without creating a second object.\n", key.c_str());
    }
    return 1;
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

SUBLEDGER_COMMAND("stripe", "create-customer | create-payment-intent | create-subscription via the Stripe API",
                  RunStripe);

}  // namespace subledger::cli
