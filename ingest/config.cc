#include "ingest/config.h"

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

#include "ingest/listen_address.h"
#include "ledger/read_file.h"
#include "metrics/book_labels.h"
#include "stripe/time_arg.h"

namespace subledger {
namespace {

enum class Kind { kString, kAddress, kCount, kNonNegative, kDuration, kSpan, kRate, kBool, kAccountList };

struct Setting {
  Kind kind;
  std::function<void(DaemonConfig&, const std::string&, uint64_t, double, bool)> set;
};

const std::map<std::string, Setting, std::less<>>& Settings() {
  static const std::map<std::string, Setting, std::less<>> settings = {
      {"data-dir", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.data_dir = s; }}},
      {"listen", {Kind::kAddress, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.listen = s; }}},
      {"admin-listen", {Kind::kAddress, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.admin_listen = s; }}},
      {"port-file", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.port_file = s; }}},
      {"signature-tolerance", {Kind::kNonNegative, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.signature_tolerance_seconds = static_cast<int64_t>(n); }}},
      {"max-body-bytes", {Kind::kCount, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.max_body_bytes = n; }}},
      {"max-header-bytes", {Kind::kCount, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.max_header_bytes = n; }}},
      {"max-connections", {Kind::kCount, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.max_connections = n; }}},
      {"threads", {Kind::kCount, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.threads = n; }}},
      {"header-timeout", {Kind::kDuration, [](DaemonConfig& c, const std::string&, uint64_t, double s, bool) { c.header_timeout = std::chrono::milliseconds(std::llround(s * 1000)); }}},
      {"body-timeout", {Kind::kDuration, [](DaemonConfig& c, const std::string&, uint64_t, double s, bool) { c.body_timeout = std::chrono::milliseconds(std::llround(s * 1000)); }}},
      {"write-timeout", {Kind::kDuration, [](DaemonConfig& c, const std::string&, uint64_t, double s, bool) { c.write_timeout = std::chrono::milliseconds(std::llround(s * 1000)); }}},
      {"shutdown-timeout", {Kind::kDuration, [](DaemonConfig& c, const std::string&, uint64_t, double s, bool) { c.shutdown_timeout = std::chrono::milliseconds(std::llround(s * 1000)); }}},
      {"quiet", {Kind::kBool, [](DaemonConfig& c, const std::string&, uint64_t, double, bool b) { c.quiet = b; }}},
      {"insecure-skip-signature", {Kind::kBool, [](DaemonConfig& c, const std::string&, uint64_t, double, bool b) { c.insecure_skip_signature = b; }}},
      {"reconcile-interval", {Kind::kSpan, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.reconcile_interval_seconds = static_cast<int64_t>(n); }}},
      {"reconcile-window", {Kind::kSpan, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.reconcile_window_seconds = static_cast<int64_t>(n); }}},
      {"reconcile-settle", {Kind::kSpan, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.reconcile_settle_seconds = static_cast<int64_t>(n); }}},
      {"reconcile-max-rps", {Kind::kRate, [](DaemonConfig& c, const std::string&, uint64_t, double r, bool) { c.reconcile_max_rps = r; }}},
      {"reconcile-max-refetches", {Kind::kNonNegative, [](DaemonConfig& c, const std::string&, uint64_t n, double, bool) { c.reconcile_max_refetches = n; }}},
      {"account", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.reconcile_accounts = SplitSecrets(s); }}},
      {"stripe-api-base", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.stripe_api_base = s; }}},
      {"stripe-key-file", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.stripe_key_file = s; }}},
      {"stripe-version", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.stripe_version = s; }}},
      {"metrics-accounts", {Kind::kAccountList, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.metrics_accounts = SplitSecrets(s); }}},
      {"workflows", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.workflows_dir = s; }}},
      {"workflow-templates", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.workflow_templates = s; }}},
      {"smtp-url", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.smtp_url = s; }}},
      {"smtp-from", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.smtp_from = s; }}},
      {"smtp-credentials-file", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.smtp_credentials_file = s; }}},
      {"dev", {Kind::kBool, [](DaemonConfig& c, const std::string&, uint64_t, double, bool b) { c.dev = b; }}},
      {"admin-token-file", {Kind::kString, [](DaemonConfig& c, const std::string& s, uint64_t, double, bool) { c.admin_token_file = s; }}},
      {"allow-core-dumps", {Kind::kBool, [](DaemonConfig& c, const std::string&, uint64_t, double, bool b) { c.allow_core_dumps = b; }}},
  };
  return settings;
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

// Applies one textual setting; `origin` is "--name" or "config file key \"name\"".
Status Apply(DaemonConfig& config, const Setting& setting, const std::string& origin,
             const std::string& value) {
  const char* first = value.data();
  const char* last = first + value.size();
  switch (setting.kind) {
    case Kind::kString:
      if (value.empty()) return Status::InvalidArgument(origin + ": value must not be empty");
      setting.set(config, value, 0, 0, false);
      return Status::Ok();
    case Kind::kAddress: {
      const auto parsed = ParseListenAddress(value);
      if (!parsed.ok()) return parsed.status().WithContext(origin);
      setting.set(config, value, 0, 0, false);
      return Status::Ok();
    }
    case Kind::kCount:
    case Kind::kNonNegative: {
      uint64_t n = 0;
      const auto [end, ec] = std::from_chars(first, last, n);
      if (value.empty() || ec != std::errc() || end != last) {
        return Status::InvalidArgument(origin + ": expected a whole number, got \"" + value + "\"");
      }
      if (setting.kind == Kind::kCount && n == 0) {
        return Status::InvalidArgument(origin + ": must be at least 1");
      }
      if (n > (uint64_t{1} << 40)) return Status::InvalidArgument(origin + ": value too large");
      setting.set(config, value, n, 0, false);
      return Status::Ok();
    }
    case Kind::kDuration: {
      char* end = nullptr;
      const double seconds = std::strtod(value.c_str(), &end);
      if (value.empty() || end != last || !std::isfinite(seconds) || seconds <= 0 ||
          seconds > 86400.0 * 365) {
        return Status::InvalidArgument(origin + ": expected a positive number of seconds, got \"" +
                                       value + "\"");
      }
      setting.set(config, value, 0, seconds, false);
      return Status::Ok();
    }
    case Kind::kSpan: {
      auto seconds = ParseDurationSeconds(value);
      if (!seconds.ok()) return seconds.status().WithContext(origin);
      if (*seconds > int64_t{400} * 86400) {
        return Status::InvalidArgument(origin + ": at most 400d");
      }
      setting.set(config, value, static_cast<uint64_t>(*seconds), 0, false);
      return Status::Ok();
    }
    case Kind::kRate: {
      char* end = nullptr;
      const double rate = std::strtod(value.c_str(), &end);
      if (value.empty() || end != last || !std::isfinite(rate) || rate <= 0 || rate > 1000) {
        return Status::InvalidArgument(origin + ": expected a rate in (0, 1000] per second, got \"" +
                                       value + "\"");
      }
      setting.set(config, value, 0, rate, false);
      return Status::Ok();
    }
    case Kind::kAccountList: {
      Status s = CheckAccountList(origin, value);
      if (!s.ok()) return s;
      setting.set(config, value, 0, 0, false);
      return Status::Ok();
    }
    case Kind::kBool:
      if (value == "true" || value == "1") {
        setting.set(config, value, 0, 0, true);
      } else if (value == "false" || value == "0") {
        setting.set(config, value, 0, 0, false);
      } else {
        return Status::InvalidArgument(origin + ": expected true or false, got \"" + value + "\"");
      }
      return Status::Ok();
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
    const auto it = Settings().find(key);
    if (it == Settings().end()) return Status::InvalidArgument(origin + ": unknown setting");
    std::string text_value;
    if (value.is_string()) {
      text_value = value.get<std::string>();
    } else if (value.is_boolean()) {
      text_value = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_unsigned()) {
      text_value = std::to_string(value.get<uint64_t>());
    } else if (value.is_number()) {
      text_value = value.dump();
    } else if (value.is_array() && it->second.kind == Kind::kAccountList) {
      for (const auto& item : value) {
        if (!item.is_string()) return Status::InvalidArgument(origin + ": expected an array of strings");
        text_value += (text_value.empty() ? "" : ",") + item.get<std::string>();
      }
    } else {
      return Status::InvalidArgument(origin + ": expected a string, number or boolean");
    }
    Status s = Apply(config, it->second, origin, text_value);
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
  // First pass: split into (name, value) pairs; --config is read before the
  // rest is applied so that flags override the file.
  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      config.show_help = true;
      return config;
    }
    if (arg == "--version") {
      config.show_version = true;
      return config;
    }
    if (arg.rfind("--", 0) != 0) {
      return Status::InvalidArgument("unexpected argument \"" + arg + "\" (see --help)");
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const auto it = Settings().find(name);
    if (name != "config" && it == Settings().end()) {
      return Status::InvalidArgument("unknown flag --" + name + " (see --help)");
    }
    if (!has_value) {
      if (name != "config" && it->second.kind == Kind::kBool) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Status::InvalidArgument("--" + name + ": missing value");
      }
    }
    if (name == "config") {
      config.config_file = value;
    } else {
      flags.emplace_back(std::move(name), std::move(value));
    }
  }
  if (!config.config_file.empty()) {
    Status s = ApplyConfigFile(config, config.config_file);
    if (!s.ok()) return s;
  }
  for (const auto& [name, value] : flags) {
    Status s = Apply(config, Settings().find(name)->second, "--" + name, value);
    if (!s.ok()) return s;
  }
  if (config.threads > 64) return Status::InvalidArgument("--threads: at most 64");
  if (const char* secrets = env ? env("STRIPE_WEBHOOK_SECRET") : nullptr) {
    config.webhook_secrets = SplitSecrets(secrets);
  }
  return config;
}

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
