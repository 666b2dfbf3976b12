// Shared pieces of the CLI commands that talk to the Stripe API (backfill,
// refetch, stripe ...): the Stripe connection flags, building a client from
// them, and the JSON log line printed on stderr before each retry.
//
// The secret key is read from STRIPE_SECRET_KEY or --stripe-key-file only;
// no flag takes the key itself, so it never shows in process listings.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ledger/status.h"
#include "stripe/stripe_client.h"
#include "tools/cli/command_flags.h"

namespace subledger::cli {

// The flags every Stripe command accepts (all take a value).
const std::set<std::string>& StripeConnectionFlags();
// Usage lines describing them.
std::string StripeConnectionUsage();

// `base` plus the Stripe connection flags.
std::set<std::string> WithStripeFlags(std::set<std::string> base);

// A client configured from the flags and the environment (see
// stripe/stripe_config.h), logging each retry as a JSON line on stderr.
// Commands that accept `--account acct_...` (Connect: the Stripe-Account
// header) get a client set to that account; a malformed id is an error.
Result<std::unique_ptr<StripeClient>> MakeStripeClient(const CommandFlags& args);

}  // namespace subledger::cli
