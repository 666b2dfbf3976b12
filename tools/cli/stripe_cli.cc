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

Result<std::unique_ptr<StripeClient>> MakeStripeClient(const CliArgs& args) {
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

std::vector<std::string> AllValues(const std::vector<std::string>& args, const std::set<std::string>& valued,
                                   const std::string& flag) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a == "--") continue;
    size_t eq = a.find('=');
    std::string name = eq == std::string::npos ? a : a.substr(0, eq);
    if (!valued.count(name)) continue;
    std::string value;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      continue;
    }
    if (name == flag) out.push_back(value);
  }
  return out;
}

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ExplainArgsError(const CliArgs& args, const std::set<std::string>& valued,
                             const std::set<std::string>& booleans) {
  std::string error = args.error();
  const std::string prefix = "unknown flag ";
  if (error.rfind(prefix, 0) != 0) return error;
  std::string given = error.substr(prefix.size());
  std::string best;
  size_t best_distance = 3;
  for (const auto* set : {&valued, &booleans}) {
    for (const std::string& known : *set) {
      size_t d = EditDistance(given, known);
      if (d < best_distance) {
        best_distance = d;
        best = known;
      }
    }
  }
  if (!best.empty()) error += " (did you mean " + best + "?)";
  return error;
}

}  // namespace subledger::cli
