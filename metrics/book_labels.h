// The `account` and `mode` label values of the business metrics.
//
// Every business figure belongs to one book (revenue model v2 §0): one Stripe
// account in one mode. The metrics export the platform's own account
// (account="platform") and the connected accounts the operator lists
// (subledgerd --metrics-accounts acct_…,acct_…; account="acct_…"); the books
// of every other account are left out of the business metrics. So the number
// of account values is bounded by configuration, never by input: an event
// naming a new connected account adds no series. `mode` is "live" or "test".
//
// Thread safety: BookLabels is immutable after construction; the functions
// are pure.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace subledger {

// The `account` label of the platform's own account (no Stripe account id
// starts with anything but "acct_", so it cannot collide with one).
inline constexpr std::string_view kPlatformAccountLabel = "platform";
// At most this many connected accounts may be listed for the metrics.
inline constexpr size_t kMaxMetricsAccounts = 100;

// A Stripe connected account id as --metrics-accounts takes it: "acct_"
// followed by 1 to 64 ASCII letters and digits.
bool IsConnectedAccountId(std::string_view id);

// "live" / "test": the `mode` label.
const char* ModeLabel(bool livemode);

class BookLabels {
 public:
  // `connected_accounts`: the listed ids. Ids that are not
  // IsConnectedAccountId, and those past kMaxMetricsAccounts, are ignored
  // (the daemon's configuration refuses them before they get here).
  explicit BookLabels(const std::vector<std::string>& connected_accounts = {});

  // The `account` label for a book's account ("" is the platform's own):
  // "platform", the id of a listed account, or nullopt for an account that
  // is not listed — its books are left out of the business metrics.
  std::optional<std::string> AccountLabel(std::string_view account) const;

  size_t connected_accounts() const { return listed_.size(); }

 private:
  std::set<std::string, std::less<>> listed_;
};

}  // namespace subledger
