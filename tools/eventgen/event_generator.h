// EventGenerator: realistic, deterministic Stripe event streams for tests and
// benchmarks (the rebuild benchmark, order-tolerance property tests).
//
// A stream covers about a year of a business: customers sign up over the
// year with 1-3 subscriptions (usd/eur/gbp, sometimes two currencies), in
// four API shapes (2019-12-03 legacy, 2024-09-30.acacia, 2025-03-31.basil,
// 2025-09-30.clover); monthly, yearly, weekly, daily and quarterly prices,
// quantities, fractional unit_amount_decimal, metered and tiered items;
// coupons (forever/repeating/once, percent and amount off, some in the wrong
// currency); trials that convert or end without paying; upgrades,
// downgrades, quantity changes, pause_collection, cancel_at_period_end and
// cancel_at, immediate cancellation, dunning (past_due -> recovered, unpaid
// or canceled for payment_failed), reactivation after churn; snapshots with
// expanded discounts; invoice/charge/customer noise; payment intents; events
// on month boundaries (23:59:59 and 00:00:00 UTC) and same-second
// created+updated pairs. Bodies are 2-4 KB like real webhooks.
//
// Deterministic: the same options give byte-identical output.
// `events` counts DISTINCT events; `duplicates` adds that fraction of extra
// re-deliveries of random events (same id and body). Without `shuffle`,
// deliveries are in canonical order (spec §1) with each re-delivery a little
// later than its original; with `shuffle`, in a random order.
// With `customers` > 0 exactly that many customers are simulated and the
// stream is cut at `events` (it may be shorter when they produce fewer).
//
// Thread safety: const methods may be called from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tools/eventgen/event_plan.h"

namespace subledger::eventgen {

struct GeneratorOptions {
  uint64_t seed = 1;
  uint64_t events = 1000;
  uint64_t customers = 0;
  bool shuffle = false;
  double duplicates = 0;
  int64_t start = 1767225600;  // 2026-01-01T00:00:00Z
  int64_t days = 365;
};

struct GeneratedEvent {
  std::string id;
  std::string type;
  int64_t created = 0;
  std::string body;
};

struct GeneratorStats {
  uint64_t distinct_events = 0;
  uint64_t deliveries = 0;
  uint64_t customers = 0;
  uint64_t subscriptions = 0;
};

class EventGenerator {
 public:
  explicit EventGenerator(const GeneratorOptions& options);
  ~EventGenerator();

  // Number of deliveries (distinct events + re-deliveries).
  size_t size() const { return deliveries_.size(); }
  GeneratorStats stats() const;

  // The i-th delivery (0 <= i < size()).
  GeneratedEvent Delivery(size_t i) const;
  // Appends the i-th delivery's JSON body to *out (no newline).
  void AppendBody(size_t i, std::string* out) const;
  // All deliveries, in delivery order.
  std::vector<GeneratedEvent> All() const;

  // The catalogs the stream draws from.
  const std::vector<PriceDef>& prices() const { return prices_; }
  const std::vector<CouponDef>& coupons() const { return coupons_; }

 private:
  friend class Planner;
  friend class EventRenderer;

  GeneratorOptions options_;
  uint64_t salt_ = 0;
  std::vector<PriceDef> prices_;
  std::vector<CouponDef> coupons_;
  std::vector<PlannedEvent> events_;
  std::vector<SubscriptionSnapshot> snapshots_;
  std::vector<MoneyEvent> money_;
  std::vector<uint32_t> deliveries_;  // indexes into events_
  uint64_t customers_ = 0;
  uint64_t subscriptions_ = 0;
};

}  // namespace subledger::eventgen
