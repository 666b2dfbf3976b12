// Money: an amount in integer minor units (cents) of one currency.
//
// 128 bits, so that every figure Stripe allows is exact: one item can reach
// 10^12 (unit amount) x 10^7 (quantity) x 365/12 (daily factor) ~ 3*10^20
// minor units a month, past int64, and a book's sums of such figures stay
// far inside 2^127 (revenue model v2 §3: never silently 0 or capped).
//
// Thread safety: values and pure functions.
#pragma once

#include <optional>
#include <string>

namespace subledger {

using Money = __int128;

// Decimal text of v ("-12345").
std::string MoneyToString(Money v);

// num/den rounded half-up (towards +infinity at .5); nullopt when den is 0.
std::optional<Money> DivideRoundHalfUp(Money num, Money den);

// The double nearest to the exact quotient num/den (spec §7: "a rate is the
// double nearest to its exact quotient"); nullopt when den is 0. Exact for
// every magnitude: values past 2^53 go through big rationals.
std::optional<double> NearestRatio(Money num, Money den);

}  // namespace subledger
