#include "tools/cli/stripe_cli.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "stripe/stripe_config.h"

namespace subledger::cli {

std::string StripeConnectionUsage() {
  return std::string(
             "Stripe connection:\n"
             "  --stripe-api-base URL   API base URL (default https://api.stripe.com; env STRIPE_API_BASE)\n"
             "  --stripe-key-file FILE  read the secret key from FILE (default: env STRIPE_SECRET_KEY)\n"
             "  --stripe-version V      the Stripe-Version sent (default ") +
         kPinnedStripeVersion +
         "; env STRIPE_API_VERSION)\n"
         "The secret key is never accepted as a flag value, so it never shows in process listings.\n";
}

const std::set<std::string>& StripeConnectionFlags() {
  static const std::set<std::string> flags = {"--stripe-api-base", "--stripe-key-file", "--stripe-version"};
  return flags;
}

std::set<std::string> WithStripeFlags(std::set<std::string> base) {
  base.insert(StripeConnectionFlags().begin(), StripeConnectionFlags().end());
  return base;
}

Result<std::unique_ptr<StripeClient>> MakeStripeClient(const CommandFlags& args) {
  StripeFlagValues flags;
  flags.api_base = args.Value("--stripe-api-base").value_or("");
  flags.key_file = args.Value("--stripe-key-file").value_or("");
  flags.stripe_version = args.Value("--stripe-version").value_or("");
  flags.account = args.Value("--account").value_or("");
  Result<StripeClientOptions> options = ResolveStripeOptions(flags);
  if (!options.ok()) return options.status();
  auto client = std::make_unique<StripeClient>(std::move(*options));
  client->SetRetryObserver([](const RetryNotice& notice) {
    nlohmann::json line = {{"level", "warn"},        {"msg", "stripe request retry"},
                           {"method", notice.method}, {"path", notice.path},
                           {"attempt", notice.attempt}, {"delay_ms", notice.delay.count()},
                           {"reason", notice.reason}};
    std::fprintf(stderr, "%s\n", line.dump().c_str());
  });
  return client;
}

}  // namespace subledger::cli
