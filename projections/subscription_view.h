// JSON views of single entities for the admin read API:
//  * a subscription's current state (its canonically-last event) and its
//    current value in its customer's walk, and
//  * a customer's MRR per currency, subscriptions and movements.
// Compact JSON; money in integer minor units; times in Unix seconds.
// Thread safety: pure functions.
#pragma once

#include <string>

#include "ledger/book.h"
#include "ledger/event_record.h"
#include "projections/catalog.h"
#include "projections/customer_walk.h"

namespace subledger {

// `customer` is the subscription's customer (of its first state, spec §2),
// whatever later states name; `catalog` holds the known objects its
// customer's walk used (what resolves id-only discounts and tiers).
std::string RenderSubscriptionView(const Book& book, const EventRecord& last_event, const SubscriptionNow& now,
                                   const std::string& customer, const Catalog& catalog);
std::string RenderCustomerView(const Book& book, const std::string& customer_id, const CustomerDerivation& derivation);

}  // namespace subledger
