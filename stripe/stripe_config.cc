#include "stripe/stripe_config.h"

#include <cstdlib>

#include "ledger/read_file.h"

namespace subledger {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string Trim(std::string s) {
  size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

bool IsPrintableToken(const std::string& s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return !s.empty();
}

}  // namespace

Result<std::string> NormaliseApiBase(std::string base) {
  if (!base.empty() && base.back() == '/') base.pop_back();
  bool http = base.rfind("http://", 0) == 0;
  bool https = base.rfind("https://", 0) == 0;
  if (!http && !https) {
    return Status::InvalidArgument("Stripe API base '" + base + "': must start with https:// or http://");
  }
  std::string rest = base.substr(http ? 7 : 8);
  if (rest.empty() || !IsPrintableToken(base) || rest.find('/') != std::string::npos ||
      rest.find('@') != std::string::npos || rest.find('?') != std::string::npos) {
    return Status::InvalidArgument("Stripe API base '" + base + "': expected scheme://host[:port]");
  }
  if (http) {
    std::string host = rest.substr(0, rest.rfind(':') == std::string::npos || rest.back() == ']'
                                          ? std::string::npos
                                          : rest.rfind(':'));
    if (host != "127.0.0.1" && host != "localhost" && host != "[::1]") {
      return Status::InvalidArgument("Stripe API base '" + base +
                                     "': plain http is only allowed to a loopback host (the secret key "
                                     "would cross the network unencrypted); use https://");
    }
  }
  return base;
}

Status ValidateAccountId(std::string_view account) {
  bool ok = account.size() > 5 && account.size() <= 255 && account.substr(0, 5) == "acct_";
  for (size_t i = 5; ok && i < account.size(); ++i) {
    const char c = account[i];
    ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (!ok) {
    return Status::InvalidArgument("account '" + std::string(account) +
                                   "': expected acct_ followed by letters, digits or '_'");
  }
  return Status::Ok();
}

std::optional<bool> KeyLivemode(std::string_view key) {
  for (std::string_view prefix : {"sk_live_", "rk_live_"}) {
    if (key.substr(0, prefix.size()) == prefix) return true;
  }
  for (std::string_view prefix : {"sk_test_", "rk_test_"}) {
    if (key.substr(0, prefix.size()) == prefix) return false;
  }
  return std::nullopt;
}

Result<StripeClientOptions> ResolveStripeOptions(const StripeFlagValues& flags) {
  StripeClientOptions options;
  std::string base = !flags.api_base.empty() ? flags.api_base : Env("STRIPE_API_BASE");
  if (!base.empty()) {
    Result<std::string> normalised = NormaliseApiBase(base);
    if (!normalised.ok()) return normalised.status();
    options.api_base = *normalised;
  }
  std::string version = !flags.stripe_version.empty() ? flags.stripe_version : Env("STRIPE_API_VERSION");
  if (!version.empty()) {
    if (!IsPrintableToken(version)) {
      return Status::InvalidArgument("Stripe API version '" + version + "': must not contain spaces");
    }
    options.stripe_version = version;
  }
  if (!flags.account.empty()) {
    Status valid = ValidateAccountId(flags.account);
    if (!valid.ok()) return valid;
    options.stripe_account = flags.account;
  }
  std::string key;
  if (!flags.key_file.empty()) {
    Result<std::string> contents = ReadFileText(flags.key_file, 4096);
    if (!contents.ok()) {
      return Status::InvalidArgument("Stripe key file " + contents.status().message());
    }
    key = Trim(*contents);
    if (key.empty()) return Status::InvalidArgument("Stripe key file " + flags.key_file + ": is empty");
    if (!IsPrintableToken(key)) {
      return Status::InvalidArgument("Stripe key file " + flags.key_file +
                                     ": must hold one key on one line, without spaces");
    }
  } else {
    key = Trim(Env("STRIPE_SECRET_KEY"));
    if (key.empty()) {
      return Status::InvalidArgument(
          "no Stripe secret key: set STRIPE_SECRET_KEY or pass --stripe-key-file FILE");
    }
    if (!IsPrintableToken(key)) {
      return Status::InvalidArgument("STRIPE_SECRET_KEY: must be one key without spaces");
    }
  }
  options.secret_key = std::move(key);
  return options;
}

}  // namespace subledger
