// Webhook bodies for tests: the real Stripe event envelopes from
// /work/shared/fixtures/stripe, and synthetic events shaped like them.
// Thread safety: pure functions (StripeEventFixtures reads files).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace subledger::testing {

struct EventFixture {
  std::string path;  // absolute path of the fixture file
  std::string body;  // its exact bytes
  std::string id;    // top-level "id"
  std::string type;  // top-level "type"
};

// Every *.json file under <shared>/fixtures/stripe whose top level is an
// object with "object":"event", sorted by path. Note that several upstream
// fixtures reuse one event id for different bodies.
std::vector<EventFixture> StripeEventFixtures();

// A compact, realistic Stripe event (customer.subscription.updated shape
// with a price item, ~1.5 KB) with the given id and created time.
std::string SyntheticEvent(const std::string& id, int64_t created,
                           const std::string& type = "customer.subscription.updated");

}  // namespace subledger::testing
