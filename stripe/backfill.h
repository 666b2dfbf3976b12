// Backfill: recovers the events the webhook path missed from Stripe's
// `GET /v1/events` (which keeps 30 days) and appends them to the event log.
//
// For each page (EventPager), every event whose id the log does not have is
// appended through EventLog::AppendMany with EventSource::kBackfill -- the
// same idempotent path webhooks take, so an event that arrives by webhook
// while a backfill runs is stored once. Each page is durable before the next
// page is requested, so a backfill may be interrupted at any point (Ctrl-C,
// crash, network failure) and simply re-run: events already in the log are
// counted as already present, never appended twice.
//
// Every listed event passes the log's door, ExtractPlausibleEnvelope
// (ledger/plausible_event.h), on `options.clock`: one that fails (a
// malformed envelope, an implausible `created`) is counted as rejected,
// reported through `on_rejected` and skipped; the walk goes on.
//
// The stored body of a backfilled event is the event object of the list
// response re-serialised with nlohmann::ordered_json::dump() (Stripe's key
// order, compact). It is Stripe's API rendering of the event at the pinned
// Stripe-Version, not the bytes of a webhook delivery: the same event
// delivered by webhook may differ in whitespace, and (when the webhook
// endpoint's API version differs from the pinned one) in shape. Within a page
// events are appended oldest first.
//
// Connect: with a client set to a connected account (Stripe-Account), the
// walk lists that account's events. Stripe renders them with the top-level
// `account` that names it, and they are stored with it (spec §0: they belong
// to that account's book); an event rendered without an `account` (absent,
// null or "") is given the client's account before it is stored.
//
// Thread safety: uses the caller's client (one thread); the log is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/status.h"
#include "stripe/event_pager.h"
#include "stripe/stripe_client.h"

namespace subledger {

struct BackfillCounts {
  uint64_t found = 0;            // events Stripe listed
  uint64_t already_present = 0;  // of those, already in the log
  uint64_t recovered = 0;        // of those, appended now (source = backfill)
  uint64_t rejected = 0;         // of those, refused at the door and skipped
  int pages = 0;
};

struct BackfillProgress {
  BackfillCounts counts;
  int64_t since = 0;           // the query's created[gte]
  int64_t newest_created = 0;  // created of the first event listed (0 before any)
  int64_t oldest_created = 0;  // created of the last event listed so far
  bool last_page = false;      // the walk has reached the end of the list
  // 0..1: how much of [since, newest_created] the walk has covered (Stripe
  // does not say how many events a list holds, so progress is by time).
  double FractionDone() const;
};

struct BackfillOptions {
  EventListQuery query;
  EventSource source = EventSource::kBackfill;
  int max_pages = 0;  // 0 = walk to the end
  // Called after each page is durable.
  std::function<void(const BackfillProgress&)> on_page;
  // Checked before each page request; true stops the walk cleanly.
  std::function<bool()> should_stop;
  // Called for each listed event refused at the door (id, why).
  std::function<void(const std::string& event_id, const Status& why)> on_rejected;
  // The clock of the plausibility rule ("created" at most a day ahead).
  const Clock* clock = &SystemClock::Instance();
};

struct BackfillReport {
  BackfillCounts counts;  // what was done, even when `status` is an error
  bool complete = false;  // walked to the last page
  Status status;          // OK, or why the walk stopped early
};

BackfillReport Backfill(StripeClient* client, EventLog* log, const BackfillOptions& options);

}  // namespace subledger
