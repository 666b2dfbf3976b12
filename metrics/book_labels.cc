#include "metrics/book_labels.h"

namespace subledger {

bool IsConnectedAccountId(std::string_view id) {
  constexpr std::string_view kPrefix = "acct_";
  if (id.substr(0, kPrefix.size()) != kPrefix) return false;
  const std::string_view rest = id.substr(kPrefix.size());
  if (rest.empty() || rest.size() > 64) return false;
  for (char c : rest) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

const char* ModeLabel(bool livemode) { return livemode ? "live" : "test"; }

BookLabels::BookLabels(const std::vector<std::string>& connected_accounts) {
  for (const std::string& id : connected_accounts) {
    if (listed_.size() == kMaxMetricsAccounts) break;
    if (IsConnectedAccountId(id)) listed_.insert(id);
  }
}

std::optional<std::string> BookLabels::AccountLabel(std::string_view account) const {
  if (account.empty()) return std::string(kPlatformAccountLabel);
  if (listed_.find(account) != listed_.end()) return std::string(account);
  return std::nullopt;
}

}  // namespace subledger
