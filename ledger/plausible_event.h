// ExtractPlausibleEnvelope: the door of the event log. Every way an event
// arrives from outside -- a webhook, `subledger import`, a backfill or a
// reconciliation pass -- goes through this one function, so they all refuse
// the same events (revenue model v2 §1, "Plausible events only").
//
// It is ExtractEnvelope (a well-formed envelope; a "created" that is not a
// JSON integer literal, e.g. 1767225599.0 or 1.7e9, is refused there), and
// then the plausibility of "created" as a Stripe event time:
//   * not before 2010-01-01T00:00:00Z (kEarliestPlausibleCreated), and
//   * at most kMaxCreatedAheadSeconds (1 day) after clock.NowUnixSeconds().
// A millisecond timestamp, a typo or a forged far-future event fails with
// kInvalidArgument naming the value and the bound. The rule applies where an
// event arrives, never to what a log already holds (verify and the
// projections read old records with ExtractEnvelope alone).
//
// Thread safety: pure function of its arguments (and the clock).
#pragma once

#include <cstdint>
#include <string_view>

#include "ledger/clock.h"
#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger {

inline constexpr int64_t kEarliestPlausibleCreated = 1262304000;  // 2010-01-01T00:00:00Z
inline constexpr int64_t kMaxCreatedAheadSeconds = 86400;

Result<EventEnvelope> ExtractPlausibleEnvelope(std::string_view body, const Clock& clock);

}  // namespace subledger
