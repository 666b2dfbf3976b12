// EventPager: walks Stripe's `GET /v1/events` list one page at a time.
//
// Stripe lists events newest first. Each request carries
// `created[gte]=<since>`, `limit=<page_size>` (at most 100), optionally
// `created[lte]=<until>` and `types[]=...` (at most 20 types), and from the
// second page on `starting_after=<id of the last event of the previous
// page>`. The walk ends after a page with `has_more: false`.
//
// Each page's events are checked to be JSON objects with a string "id" and
// `"object": "event"`; a malformed page fails with kInternal naming the
// offending index and leaves the pager where it was (Next() may be retried).
//
// Thread safety: not thread-safe; uses the caller's StripeClient.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/status.h"
#include "stripe/stripe_client.h"

namespace subledger {

struct EventListQuery {
  int64_t created_gte = 0;
  std::optional<int64_t> created_lte;
  std::vector<std::string> types;  // empty = all types
  int page_size = 100;             // Stripe's maximum
};

struct EventPage {
  std::vector<nlohmann::ordered_json> events;  // newest first, as Stripe lists them
  bool has_more = false;
};

class EventPager {
 public:
  // Fails on Next() with kInvalidArgument if the query is out of Stripe's bounds.
  EventPager(StripeClient* client, EventListQuery query);

  // Fetches the next page. Precondition: !done().
  Result<EventPage> Next();
  // True after a page with has_more = false was returned.
  bool done() const { return done_; }
  int pages_fetched() const { return pages_; }
  // The `starting_after` the next request will use ("" for the first page).
  const std::string& cursor() const { return cursor_; }

  static Status ValidateQuery(const EventListQuery& query);

 private:
  StripeClient* client_;
  EventListQuery query_;
  std::string cursor_;
  bool done_ = false;
  int pages_ = 0;
};

}  // namespace subledger
