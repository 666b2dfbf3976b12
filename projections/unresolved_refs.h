// UnresolvedRefs: what one book's projection cannot value for want of an
// object only Stripe's API can give (revenue model v2 §3) -- the query
// behind `subledger refetch --unresolved` and the daemon's automatic
// refetch:
//  * discounts: every discount id of §7's `unresolved_discounts` (a discount
//    named only by an id that is not known, or whose coupon is not known),
//    with the subscriptions whose current counted state names it. A
//    refetch of such a subscription with expand[]=discounts makes the
//    discount known.
//  * tiered_prices: every tiered price (billing_scheme `tiered`) named
//    without `tiers` by some state of the book -- current or past, counted
//    or not, since known prices are timeless -- whose tiers are not known.
//    A refetch of the price with expand[]=tiers makes them known.
// A legacy discount without an id (an unknown coupon id inside it) cannot be
// named here and is left out.
//
// Read-only: reads the persisted projection state (docs/projections.md:
// the `r` dependency index, `c` customer records and `k` known objects of
// the book) and the book's totals; changes nothing. The totals and the
// persisted state may be a batch apart when the projector is running; the
// answer is then that of one or the other for each reference, which is all a
// refetch needs.
//
// Cost: one prefix scan of the book's price dependencies, plus one read per
// customer that names an unresolved discount -- independent of the number
// of customers that name none.
//
// Thread safety: pure functions over a thread-safe store.
#pragma once

#include <map>
#include <set>
#include <string>

#include "ledger/book.h"
#include "ledger/event_log.h"
#include "ledger/status.h"
#include "projections/revenue_totals.h"
#include "projections/state_store.h"

namespace subledger {

struct UnresolvedRefs {
  Book book;
  // discount id -> subscription ids whose current counted state names it
  std::map<std::string, std::set<std::string>> discounts;
  // tiered price (or legacy plan) ids without known tiers
  std::set<std::string> tiered_prices;

  // Every subscription of `discounts`, once.
  std::set<std::string> Subscriptions() const;
  bool empty() const { return discounts.empty() && tiered_prices.empty(); }
};

// The book of `totals`, read from `store`. kCorruption when a persisted
// entry cannot be read.
Result<UnresolvedRefs> FindUnresolvedRefs(const StateStore& store, const RevenueTotals& totals);
// The same, reading the state column family of `log` (the daemon and the CLI).
Result<UnresolvedRefs> FindUnresolvedRefs(const EventLog& log, const RevenueTotals& totals);

}  // namespace subledger
