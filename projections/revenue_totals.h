// RevenueTotals: one book's read model — the sum of every customer's
// contribution and every payment of the book, plus its event counts.
// Because every figure is an integer sum (or a count of references),
// the totals depend only on the set of events, never on the order they
// were added in.
//
// Thread safety: a value. The projector owns the live copy and publishes
// immutable copies (std::shared_ptr<const RevenueTotals>) to readers.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "ledger/book.h"
#include "ledger/event_record.h"
#include "ledger/status.h"
#include "projections/catalog.h"
#include "projections/event_fact.h"
#include "projections/month_figures.h"

namespace subledger {

// What one customer adds to its book's totals (the part of a
// CustomerDerivation that is summed), and what its re-derivation depends on.
struct CustomerContribution {
  CellMap cells;
  std::map<std::string, int64_t> status_counts;
  std::set<std::pair<std::string, std::string>> unresolved;  // (currency, discount id)
  std::set<ObjectRef> refs;
  std::set<int64_t> discount_ends;
};

struct RevenueTotals {
  Book book;
  CellMap cells;
  std::map<std::string, int64_t> status_counts;
  uint64_t events = 0;      // distinct plausible events of the book
  int64_t min_created = 0;  // valid when events > 0
  int64_t max_created = 0;
  // Distinct events by the month of their `created` and how they arrived
  // (index = EventSource value; 0 unused): the webhook delivery rate.
  std::map<MonthIndex, std::array<int64_t, 5>> sources_by_month;
  // (currency, discount id) -> customers whose current counted states name
  // it unresolved; §7's unresolved_discounts counts the keys per currency.
  std::map<std::pair<std::string, std::string>, int64_t> unresolved;

  // Adds (sign +1) or removes (sign -1) a customer's contribution.
  void AddCustomer(const CustomerContribution& c, int64_t sign);
  // Adds a payment fact (kind kPayment).
  void AddPayment(const EventFact& fact);
  // Counts one distinct event.
  void CountEvent(int64_t created, EventSource source);
  // The book's as_of (§7): the greatest created; nullopt without events.
  std::optional<int64_t> as_of() const {
    return events > 0 ? std::optional<int64_t>(max_created) : std::nullopt;
  }

  // Binary encoding for the state column family (docs/projections.md).
  std::string Encode() const;
  static Result<RevenueTotals> Decode(const Book& book, std::string_view bytes);
};

}  // namespace subledger
