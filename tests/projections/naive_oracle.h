// NaiveOracle: a deliberately simple, brute-force, independent implementation
// of the revenue model, VERSION 2 (shared/spec/revenue-model.md), used to check
// the real, incremental projections. It shares NO code with projections/
// except the final rendering: it fills a RevenueReport and the caller renders
// it with RenderReportJson. A figure both agree on was computed twice,
// differently.
//
// Contract:
//  * NaiveReports(bodies): every book (§0) present in the bodies -> its report.
//  * NaiveReport(bodies, book): one book's report; a book with no event has
//    events 0, as_of null and empty arrays.
//  * NaiveReport(bodies): the default book of §0 (DefaultBook): the platform's
//    own account, live when it has a live-mode event, else test.
//  * NaiveDetails(...): the same report plus every movement and every
//    subscription's current figures, for tests of the per-entity views.
//  Bodies are raw event JSON in any order; the first body of an id in the
//  vector wins (like the log). A body that is not a JSON object with a string
//  `id`, a string `type` and an integer-literal `created` is ignored (nothing
//  else is refused: the §1 plausibility check happens at the door, not here).
//
// How, by brute force:
//  * numbers are parsed exactly (a SAX handler keeps the text of every
//    non-integer number) and all money is boost cpp_rational / cpp_int;
//  * known prices, discounts and coupons (§3) are tables filled from every
//    carrier of the book in canonical order, then looked up for every state
//    whatever its time ("timeless");
//  * a subscription's figures at a position of the walk are recomputed from its
//    state at that position and the discounts still applying there;
//  * movements: for every point of a customer's walk (§4), the customer's MRR
//    per currency strictly before and at-or-after the point, from scratch;
//  * stocks at a month boundary from every subscription as of that instant.
//
// ---------------------------------------------------------------------------
// INTERPRETATIONS. The spec leaves these open; the production projections must
// make the same choices. [data] = the byte-exact reference reports
// (shared/spec/examples/scenario-v2.*) decide it: the opposite choice changes
// at least one book. [spec] = the spec text says so; the data has no case that
// tells. [chosen] = neither says; our choice.
//
// Books and events
//  1. [data] Top-level `account` "" and null are the platform (4 events of the
//     scenario carry "" and are counted in the platform books). A non-string
//     `account` is the platform too [chosen].
//  2. [data] Everything is per book: events, as_of, the month range (from the
//     book's first to its last event, of any type), subscriptions_by_status,
//     the currency rows, and the known objects (price_000773d7566e3cbe has
//     different tiers in platform/live and platform/test: one price table for
//     all books changes platform/test and acct_…5257/test).
//  3. [spec] Ids are unique across the log: the first body of an id decides its
//     book too (dedup happens before books are formed).
//  4. [spec] customer.discount.deleted ranks 3, after every other type of the
//     same second (the data has no same-second case that tells 2 from 3).
//
// Subscriptions
//  5. [spec] Customer and currency from the FIRST state in canonical order
//     (no subscription of the data changes either). customer: a string, or an
//     expanded object's `id`; "" or null fall through to customer_account
//     (string or object id), then to the subscription id. [data] customer_account
//     is the customer (ignoring it changes platform/live and acct_…1ad1/live).
//  6. [spec] Currency: `currency`, else the first item's price (or plan)
//     currency, lower-cased; a subscription with no currency gets no row.
//  7. [chosen] A state without an `items.data` array whose top-level `plan` is
//     an object has one item: that plan with the top-level `quantity`
//     (pre-2018 shape, as docs/projections.md says).
//  8. [chosen] An item's price is `price` when it is an object, else `plan`
//     when that is an object, else the item is unpriced (an id-only price).
//
// Prices (§3)
//  9. [data] Tier carriers are price.created/updated, subledger.price.snapshot
//     AND items of subscription states: both an expanded `price` with tiers and
//     a legacy `plan` with tiers (dropping either changes platform/* resp.
//     acct_…1ad1/live). [data] Known objects are timeless: a carrier later than
//     a state still prices it (a positional lookup changes 4 books).
// 10. [spec] Canonically-last carrier wins (prices, discounts, coupons); within
//     one event, later in document order wins [chosen]. The data never has two
//     carriers that disagree: first-wins gives the same bytes.
// 11. [data] `up_to` is inclusive: volume picks the first tier with up_to >= q
//     (up_to > q changes platform/live). up_to null = no limit. A tier that is
//     not an object, or an up_to that is neither null nor a number, makes the
//     price unpriced [chosen]. Tiers are used in array order; graduated tiers
//     whose up_to goes down take no units [chosen].
// 12. [chosen] `tiers: []` is a tiers array: as a carrier it is the known
//     tiers, on the item it is its own tiers; it reaches no q > 0 so the item
//     is unpriced (q = 0 gives 0).
// 13. [spec] Check order for a tiered price: metered or unknown interval ->
//     unpriced; no tiers (own or known) -> unpriced; tiers_mode not
//     volume/graduated -> unpriced; q = 0 -> 0 (priced); tiers not reaching q
//     -> unpriced. [chosen] q = 0 with unknown tiers is unpriced.
// 14. [data] transform_quantity (price) / transform_usage (plan): `down`
//     floors, `up` ceils (swapping changes 2 books). [chosen] Any other round
//     floors; a divide_by that is not a positive number is ignored; it applies
//     to per-unit prices only.
// 15. [chosen] quantity: a number, exactly; absent, null or not a number -> 1;
//     negative -> 0 [spec]. interval_count: an integer literal >= 1, else 1.
// 16. [chosen] Every amount, percentage, quantity, up_to and divide_by is a
//     JSON number (its exact decimal value, §1) OR a string holding a decimal
//     (Stripe's *_decimal fields are strings; the same leniency for
//     percent_off "12.5" keeps the existing edge-case tests meaningful and is
//     what the production reader does). `end` and `created` must be integer
//     literals. A price with no recurring interval (or an unknown interval)
//     is unpriced.
//
// Discounts and coupons (§3)
// 17. [data] Discount carriers include subscription states (legacy `discount`,
//     expanded discounts[] entries, snapshots): di_00065806ee33688d is named
//     by id in platform/live and known only from LATER subscription snapshots;
//     learning discounts from customer.discount.* alone changes platform/live.
// 18. [spec] An inline discount object is used as given, with its own `end`
//     and coupon; only id-only entries are replaced by the known discount. The
//     data never has an inline copy whose `end` differs from the known one.
// 19. [spec] A coupon given as an id (source.coupon or coupon) is looked up in
//     the known coupons; an expanded coupon is used as given. Known coupons
//     come from coupon.* events and from expanded coupons in any discount
//     carrier (customer.discount.* objects and subscription states).
// 20. [data] Dedup of a discount named twice in one state (legacy + discounts[])
//     by id, first occurrence wins (no dedup changes 2 books).
// 21. [data] amount_off is compared case-insensitively ("USD") and scaled by
//     the factor of the subscription's FIRST item (platform/live decides both).
//     [chosen] First item without a price or interval: factor 0 (amount_off
//     does nothing). percent_off wins when both are set. A discount with no
//     coupon at all does nothing and is not unresolved. After every step and
//     at the end MRR is clamped at 0.
// 22. [spec] Expiry points exist only for end <= the book's as_of (its latest
//     event of any type), so every figure after the last point (the last
//     month's end, §7's current values) still has a discount whose end is
//     after as_of. An `end` that is not an integer literal means no end.
// 23. [spec] An expiry point belongs to a discount that some state of the
//     customer names, by object (its own end) or by id (the known discount's
//     end). An id that is not known has no end, hence no expiry point; a
//     discount known but with an unknown coupon still has its expiry point
//     (harmless: it is left out of MRR, so that point moves nothing).
// 24. [spec] Expiry points come before every event of the same second, by
//     discount id bytewise; a legacy discount without id sorts as "". The data
//     has no expiry in the same second as a subscription event of the same
//     customer, so it cannot tell this from "after". It cannot even tell the
//     expiry rule from deletions alone: every discount of the data whose end
//     is <= as_of also has a customer.discount.deleted in the same month (in
//     the same second as its end, 1 s to 2 days after it, or before it), so
//     dropping expiry points entirely gives the same bytes for all six books.
// 25. [data] customer.discount.deleted stops a discount at its first deletion
//     event of the book, for every state naming that id (removing deletions
//     changes 3 books). A stopped discount never applies again.
//
// Figures (§4, §5, §7)
// 26. [data] unresolved_discounts counts distinct ids named by the CURRENT
//     states of COUNTED subscriptions, per currency row (an unpaid
//     subscription of platform/live names the unknown di_00049600989240ac:
//     counting every subscription gives gbp 1, the reference says 0), whatever
//     their end or deletion [spec]. An id-only entry that is not known, or a discount
//     whose coupon id is not known, counts by the discount id; a discount
//     without id is never counted [chosen].
// 27. [data] Trials: a subscription's first state counts as "the status before
//     was none", so a first state `trialing` starts a trial (not counting it
//     changes 5 books). [spec] A trial counts in the subscription's currency
//     (its first state's); the month is the event's.
// 28. [spec] Currency rows come from subscription currencies and from
//     payment_intent.succeeded / payment_intent.payment_failed only (other
//     payment_intent.* types make no row). The data has no payment currency
//     without a subscription currency in its book, so it cannot tell.
// 29. [spec] A churn is involuntary by the flags of the state that ended it;
//     a discount point can only raise MRR, so it never churns.
// 30. [chosen] A subscription without a `status` is counted under "" in
//     subscriptions_by_status. CurrencyRow.past_due_mrr / subscriptions and the
//     events_* arrival counts (not in the §7 JSON) are left 0.
// 31. [spec] Rates: the double nearest the exact quotient, computed here by
//     integer division with round-half-even at 53 bits (NearestDouble), not by
//     dividing doubles.
//
// Contradictions between the reference data and the spec text: none found.
// (The README of the examples says repeating coupons "end with no subscription
// event"; true, but each of them also has a customer.discount.deleted in the
// same month, so no figure of the data depends on the expiry rule — see 24.)
// ---------------------------------------------------------------------------
//
// Thread safety: pure functions.
//
// The rules themselves are in naive_oracle_parts.h (inline, one function per
// rule) and compiled once, in naive_oracle.cc.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ledger/book.h"
#include "projections/money.h"
#include "projections/revenue_report.h"

namespace subledger::testing::oracle {

// One movement of a customer's walk (§4).
struct Movement {
  std::string event_id;      // the event of the point; "" for an expiry point
  std::string customer, subscription, currency, kind;  // subscription "" for a discount point
  int64_t created = 0;       // the point's second
  Money amount = 0;
  bool involuntary = false;
};

// A subscription's current figures (for the per-entity views).
struct SubscriptionNow {
  std::string id, customer, currency, status;
  Money mrr = 0;
};

struct Details {
  RevenueReport report;
  std::vector<Movement> movements;                     // by customer, walk order
  std::map<std::string, SubscriptionNow> final_state;  // subscription id -> now
};

Details NaiveDetails(const std::vector<std::string>& bodies, const Book& book);
std::map<Book, RevenueReport> NaiveReports(const std::vector<std::string>& bodies);
RevenueReport NaiveReport(const std::vector<std::string>& bodies, const Book& book);
// §0: the platform's own account; live when it has a live-mode event, else test.
Book DefaultBook(const std::vector<std::string>& bodies);
RevenueReport NaiveReport(const std::vector<std::string>& bodies);
Details NaiveDetails(const std::vector<std::string>& bodies);

}  // namespace subledger::testing::oracle
