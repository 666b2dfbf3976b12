// Book: one Stripe account in one mode (revenue model v2 §0). Every figure
// of the read models is computed per book, and every id (subscription,
// customer, discount, price, coupon) is looked up within its book.
//
// An event's book is its top-level `account` (absent, null or "" is the
// platform's own account, held here as "") and `livemode` (absent or not
// `true` is test mode).
//
// Thread safety: a value.
#pragma once

#include <compare>
#include <string>

namespace subledger {

struct Book {
  std::string account;  // "" for the platform's own account
  bool livemode = false;

  bool platform() const { return account.empty(); }
  auto operator<=>(const Book&) const = default;
};

// "platform/live", "acct_123/test": the key of scenario-v2.books.json and of
// the CLI's book listing.
inline std::string BookLabel(const Book& book) {
  return (book.account.empty() ? std::string("platform") : book.account) + (book.livemode ? "/live" : "/test");
}

}  // namespace subledger
