// JSON views of single entities for the admin read API:
//  * a subscription's current state (from its canonical-last event), and
//  * a customer's MRR per currency, subscriptions and movements.
// Compact JSON; money in integer minor units; times in Unix seconds.
// Thread safety: pure functions.
#pragma once

#include <string>

#include "ledger/event_record.h"
#include "projections/customer_history.h"

namespace subledger {

std::string RenderSubscriptionView(const EventRecord& last_event);
std::string RenderCustomerView(const std::string& customer_id, const CustomerDerivation& derivation);

}  // namespace subledger
