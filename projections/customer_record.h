// CustomerRecord: what the projection state keeps of one customer of one
// book — its subscription facts in canonical order and its current
// contribution to the book's totals (so a change subtracts the old
// contribution without deriving the customer twice). SubscriptionRoute:
// which customer a subscription belongs to (that of its first state,
// spec §2) and its canonically-first and -last events.
//
// Encodings are versioned and documented in docs/projections.md.
//
// Thread safety: values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/book.h"
#include "ledger/status.h"
#include "projections/customer_walk.h"
#include "projections/event_fact.h"
#include "projections/revenue_totals.h"

namespace subledger {

struct CustomerRecord {
  std::vector<EventFact> facts;  // kind kSubscription, canonical order, distinct ids
  CustomerContribution contribution;
};

struct SubscriptionRoute {
  std::string customer;          // the customer of the first state
  EventKey first;                // the canonically-first event of the subscription
  EventKey last;                 // the canonically-last event ...
  SequenceNumber last_seq = 0;   // ... and its log sequence (the read API renders it)
};

// Takes the derivation's parts (a derivation is built to be given away).
CustomerContribution ContributionOf(CustomerDerivation&& derivation);

std::string EncodeCustomerRecord(const CustomerRecord& record, const std::string& customer);
Result<CustomerRecord> DecodeCustomerRecord(std::string_view bytes, const Book& book, const std::string& customer);

std::string EncodeRoute(const SubscriptionRoute& route);
Result<SubscriptionRoute> DecodeRoute(std::string_view bytes, const std::string& subscription);

}  // namespace subledger
