#include "ledger/plausible_event.h"

#include <string>

#include "ledger/event_envelope.h"

namespace subledger {

Result<EventEnvelope> ExtractPlausibleEnvelope(std::string_view body, const Clock& clock) {
  Result<EventEnvelope> envelope = ExtractEnvelope(body);
  if (!envelope.ok()) return envelope;
  const int64_t created = envelope->created;
  if (created < kEarliestPlausibleCreated) {
    return Status::InvalidArgument("event envelope: \"created\" " + std::to_string(created) +
                                   " is before 2010-01-01T00:00:00Z (" +
                                   std::to_string(kEarliestPlausibleCreated) +
                                   "): not a Stripe event time");
  }
  const int64_t now = clock.NowUnixSeconds();
  if (created - now > kMaxCreatedAheadSeconds) {
    return Status::InvalidArgument("event envelope: \"created\" " + std::to_string(created) +
                                   " is " + std::to_string(created - now) +
                                   " s ahead of this machine's clock (at most " +
                                   std::to_string(kMaxCreatedAheadSeconds) +
                                   "): not a Stripe event time (milliseconds?)");
  }
  return envelope;
}

}  // namespace subledger
