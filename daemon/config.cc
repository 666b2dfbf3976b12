#include "daemon/config.h"

#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <type_traits>
#include <variant>

#include "daemon/config_table.h"
#include "daemon/flag_table.h"
#include "daemon/listen_address.h"
#include "ledger/read_file.h"
#include "ledger/time_text.h"
#include "metrics/book_labels.h"

namespace subledger {
namespace {

// Stores a checked value into the setting's field.
template <typename Value>
void Store(DaemonConfig& config, const Setting& setting, Value value) {
  std::visit(
      [&](auto member) {
        using Field = std::remove_reference_t<decltype(config.*member)>;
        if constexpr (std::is_same_v<Field, std::vector<std::string>> && std::is_same_v<Value, std::string>) {
          config.*member = SplitSecrets(value);
        } else if constexpr (std::is_same_v<Field, std::chrono::milliseconds> && std::is_same_v<Value, double>) {
          config.*member = std::chrono::milliseconds(std::llround(value * 1000));
        } else if constexpr (std::is_constructible_v<Field, Value> && !std::is_same_v<Field, std::chrono::milliseconds>) {
          config.*member = static_cast<Field>(value);
        }
      },
      setting.target);
}

// --metrics-accounts: comma-separated connected account ids (acct_…), at
// least one, at most kMaxMetricsAccounts distinct.
Status CheckAccountList(const std::string& origin, const std::string& value) {
  const std::vector<std::string> ids = SplitSecrets(value);
  if (ids.empty()) return Status::InvalidArgument(origin + ": expected acct_… ids, comma-separated");
  for (const std::string& id : ids) {
    if (!IsConnectedAccountId(id)) {
      return Status::InvalidArgument(origin + ": \"" + id +
                                     "\" is not a connected account id (acct_ followed by letters and digits)");
    }
  }
  if (std::set<std::string>(ids.begin(), ids.end()).size() > kMaxMetricsAccounts) {
    return Status::InvalidArgument(origin + ": at most " + std::to_string(kMaxMetricsAccounts) + " accounts");
  }
  return Status::Ok();
}

// A whole number; `at_least_one` for counts. At most 2^40.
Result<uint64_t> WholeNumber(const std::string& origin, const std::string& value, bool at_least_one) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
    return Status::InvalidArgument(origin + ": expected a whole number, got \"" + value + "\"");
  }
  if (at_least_one && n == 0) return Status::InvalidArgument(origin + ": must be at least 1");
  if (n > (uint64_t{1} << 40)) return Status::InvalidArgument(origin + ": value too large");
  return n;
}

// A positive number of seconds (decimals allowed), at most a year.
Result<double> Seconds(const std::string& origin, const std::string& value) {
  char* end = nullptr;
  const double seconds = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(seconds) || seconds <= 0 ||
      seconds > 86400.0 * 365) {
    return Status::InvalidArgument(origin + ": expected a positive number of seconds, got \"" + value + "\"");
  }
  return seconds;
}

// A SPAN (ledger/time_text.h), at most 400 days.
Result<int64_t> Span(const std::string& origin, const std::string& value) {
  Result<int64_t> seconds = ParseDurationSeconds(value);
  if (!seconds.ok()) return seconds.status().WithContext(origin);
  if (*seconds > int64_t{400} * 86400) return Status::InvalidArgument(origin + ": at most 400d");
  return *seconds;
}

// Requests per second in (0, 1000].
Result<double> Rate(const std::string& origin, const std::string& value) {
  char* end = nullptr;
  const double rate = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(rate) || rate <= 0 || rate > 1000) {
    return Status::InvalidArgument(origin + ": expected a rate in (0, 1000] per second, got \"" + value + "\"");
  }
  return rate;
}

Result<bool> Bool(const std::string& origin, const std::string& value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return Status::InvalidArgument(origin + ": expected true or false, got \"" + value + "\"");
}

// Checks `value` as its setting's kind and stores it; `origin` ("--name" or
// "--config FILE: key \"name\"") starts every error.
template <typename T>
Status StoreChecked(DaemonConfig& config, const Setting& setting, const Result<T>& checked) {
  if (!checked.ok()) return checked.status();
  Store(config, setting, *checked);
  return Status::Ok();
}

Status Apply(DaemonConfig& config, const Setting& setting, const std::string& origin,
             const std::string& value) {
  switch (setting.kind) {
    case SettingKind::kString:
      if (value.empty()) return Status::InvalidArgument(origin + ": value must not be empty");
      Store(config, setting, value);
      return Status::Ok();
    case SettingKind::kAddress: {
      const auto parsed = ParseListenAddress(value);
      if (!parsed.ok()) return parsed.status().WithContext(origin);
      Store(config, setting, value);
      return Status::Ok();
    }
    case SettingKind::kCount:
    case SettingKind::kNonNegative:
      return StoreChecked(config, setting, WholeNumber(origin, value, setting.kind == SettingKind::kCount));
    case SettingKind::kDuration:
      return StoreChecked(config, setting, Seconds(origin, value));
    case SettingKind::kSpan:
      return StoreChecked(config, setting, Span(origin, value));
    case SettingKind::kRate:
      return StoreChecked(config, setting, Rate(origin, value));
    case SettingKind::kAccountList: {
      Status s = CheckAccountList(origin, value);
      if (s.ok()) Store(config, setting, value);
      return s;
    }
    case SettingKind::kBool:
      return StoreChecked(config, setting, Bool(origin, value));
  }
  return Status::Internal(origin + ": unhandled setting kind");
}

Status ApplyConfigFile(DaemonConfig& config, const std::string& path) {
  Result<std::string> text = ReadFileText(path);
  if (!text.ok()) return Status::InvalidArgument("--config " + text.status().message());
  const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("--config " + path + ": not valid JSON");
  if (!doc.is_object()) {
    return Status::InvalidArgument("--config " + path + ": expected a JSON object");
  }
  for (const auto& [key, value] : doc.items()) {
    const std::string origin = "--config " + path + ": key \"" + key + "\"";
    const Setting* setting = FindSetting(key);
    if (setting == nullptr || setting->section == std::string_view()) {  // help, version: flags only
      return Status::InvalidArgument(origin + ": unknown setting" + Flags().Suggestion(key));
    }
    if (key == "config") return Status::InvalidArgument(origin + ": a config file cannot name another");
    std::string text_value;
    if (value.is_string()) {
      text_value = value.get<std::string>();
    } else if (value.is_boolean()) {
      text_value = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_unsigned()) {
      text_value = std::to_string(value.get<uint64_t>());
    } else if (value.is_number()) {
      text_value = value.dump();
    } else if (value.is_array() && setting->kind == SettingKind::kAccountList) {
      for (const auto& item : value) {
        if (!item.is_string()) return Status::InvalidArgument(origin + ": expected an array of strings");
        text_value += (text_value.empty() ? "" : ",") + item.get<std::string>();
      }
    } else {
      return Status::InvalidArgument(origin + ": expected a string, number or boolean");
    }
    Status s = Apply(config, *setting, origin, text_value);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

uint64_t DefaultIoThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::max<uint64_t>(1, cores / 2);
}

std::vector<std::string> SplitSecrets(std::string_view value) {
  std::vector<std::string> secrets;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view item = value.substr(pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t' || item.back() == '\n' ||
                             item.back() == '\r')) {
      item.remove_suffix(1);
    }
    if (!item.empty()) secrets.emplace_back(item);
    pos = comma + 1;
  }
  return secrets;
}

Result<DaemonConfig> ParseDaemonConfig(const std::vector<std::string>& args,
                                       const EnvLookup& env) {
  DaemonConfig config;
  for (const std::string& arg : args) {  // before any error, as with every program
    if (arg == "--help" || arg == "-h") config.show_help = true;
    if (arg == "--version") config.show_version = true;
  }
  if (config.show_help || config.show_version) return config;
  Result<ParsedFlags> flags = Flags().Parse(args, /*allow_positional=*/false);
  if (!flags.ok()) return flags.status();
  // The file first, so that flags override it whatever their order.
  if (const auto file = flags->Last("config")) {
    config.config_file = *file;
    Status s = ApplyConfigFile(config, config.config_file);
    if (!s.ok()) return s;
  }
  for (const auto& [name, value] : flags->values) {
    if (name == "config") continue;
    Status s = Apply(config, *FindSetting(name), "--" + name, value);
    if (!s.ok()) return s;
  }
  if (config.threads > 64) return Status::InvalidArgument("--threads: at most 64");
  if (const char* secrets = env ? env("STRIPE_WEBHOOK_SECRET") : nullptr) {
    config.webhook_secrets = SplitSecrets(secrets);
  }
  return config;
}

std::string DaemonFlagsHelp() { return Flags().Help(); }

Status CheckSecrets(const DaemonConfig& config) {
  if (!config.webhook_secrets.empty() || config.insecure_skip_signature || config.dev) {
    return Status::Ok();
  }
  return Status::InvalidArgument(
      "no webhook signing secret: set STRIPE_WEBHOOK_SECRET (comma-separated to accept several "
      "during rotation), or pass --dev to generate a local development secret, or "
      "--insecure-skip-signature to accept unsigned webhooks (never in production)");
}

std::string GenerateDevSecret() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) std::abort();
  std::string secret = "whsec_";
  for (unsigned char b : random) secret.push_back(kAlphabet[b % 62]);  // bias irrelevant for dev
  return secret;
}

}  // namespace subledger
