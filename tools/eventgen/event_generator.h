// EventGenerator: realistic, deterministic Stripe event streams for tests and
// benchmarks (the rebuild benchmark, order-tolerance property tests).
//
// A stream covers `days` days of a business from `start` (default: 2025, so
// no event is in the future of any clock after 2026-01-01): customers sign up
// with 1-3 subscriptions (usd/eur/gbp, sometimes two currencies), in four API
// shapes (2019-12-03 legacy, 2024-09-30.acacia, 2025-03-31.basil,
// 2025-09-30.clover); monthly, yearly, weekly, daily and quarterly prices,
// quantities, fractional unit_amount_decimal, metered items; coupons; trials
// that convert or end without paying; upgrades, downgrades, quantity changes,
// pause_collection, cancel_at_period_end and cancel_at, immediate
// cancellation, dunning, reactivation after churn; invoice/charge/customer
// noise; payment intents; events on month boundaries (23:59:59 and 00:00:00
// UTC) and same-second created+updated pairs. Subscription and payment bodies
// are 2-4 KB like real webhooks (discount, coupon and price events ~0.6-1.2 KB).
//
// Revenue model v2 (GeneratorOptions::v2, rates in generator_options.h):
// books (Connect `account`, live and test mode, deliberate id collisions
// across books), Accounts v2 customers (`customer_account`), id-only
// discounts resolved by customer.discount.* events (on time, late, never) or
// snapshots, clover `source.coupon` ids resolved by coupon.created or never,
// silent expiry of repeating coupons, discount deletions, upper-case coupon
// currencies, tiered prices (volume, graduated) whose tiers come from the
// item, price events, price snapshots or nowhere, transform_quantity prices,
// negative quantities, and (extreme_share) amounts at Stripe's limits.
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

#include "tools/eventgen/generator_options.h"
#include "tools/eventgen/stream_plan.h"

namespace subledger::eventgen {

class IdSpace;

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

  // The books and catalogs the stream draws from.
  const std::vector<Book>& books() const { return plan_.books; }
  const std::vector<PriceDef>& prices() const { return plan_.prices; }
  const std::vector<CouponDef>& coupons() const { return plan_.coupons; }

 private:
  // Indexes of the planned events in canonical order (spec §1).
  std::vector<uint32_t> CanonicalOrder() const;
  void Deliver(const std::vector<uint32_t>& order);

  GeneratorOptions options_;
  StreamPlan plan_;
  std::unique_ptr<IdSpace> ids_;
  std::vector<uint32_t> deliveries_;  // indexes into plan_.events
};

}  // namespace subledger::eventgen
