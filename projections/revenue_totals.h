// RevenueTotals: the global read model — the sum of every customer's
// contribution and every payment, plus event counts. Because every figure is
// an integer sum, the totals depend only on the set of events, never on the
// order they were added in.
//
// Thread safety: a value. The projector owns the live copy and publishes
// immutable copies (std::shared_ptr<const RevenueTotals>) to readers.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "ledger/event_record.h"
#include "ledger/status.h"
#include "projections/customer_history.h"
#include "projections/event_fact.h"
#include "projections/month_figures.h"

namespace subledger {

struct RevenueTotals {
  CellMap cells;
  std::map<std::string, int64_t> status_counts;
  uint64_t events = 0;            // distinct events in the log
  int64_t min_created = 0;        // valid when events > 0
  int64_t max_created = 0;
  SequenceNumber checkpoint = 0;  // last log sequence folded in
  // Distinct events by the month of their `created` and how they arrived
  // (index = EventSource value; 0 unused): the webhook delivery rate.
  std::map<MonthIndex, std::array<int64_t, 5>> sources_by_month;

  // Adds (sign +1) or removes (sign -1) a customer's contribution.
  void AddCustomer(const CustomerDerivation& d, int64_t sign);
  // Adds a payment fact (kind kPayment).
  void AddPayment(const EventFact& fact);
  // Counts one distinct event.
  void CountEvent(int64_t created, EventSource source);

  // Binary encoding for the state column family (docs/storage.md).
  std::string Encode() const;
  static Result<RevenueTotals> Decode(std::string_view bytes);
};

}  // namespace subledger
