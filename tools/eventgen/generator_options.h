// GeneratorOptions: what EventGenerator produces. Every option changes the
// stream deterministically: the same options give byte-identical output.
//
// The defaults are the realistic mix of the 1M-event rebuild benchmark: a
// year (2025) of a business with revenue model v2's features at the rates a
// real Stripe account shows them. V2Rates::Heavy() turns every v2 feature up
// for randomized tests; `extreme_share` (magnitudes at Stripe's limits) is
// off unless set.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>

namespace subledger::eventgen {

// Rates of the revenue-model-v2 features. A share is a probability in [0, 1]
// drawn per customer, subscription or object as its comment says.
struct V2Rates {
  // Books (spec §0). Customers of a connected account (per customer), in test
  // mode (per customer, any account), and of a non-default book reusing the
  // ids of a platform live-mode customer, its subscription, discount and prices
  // (per customer of another book: a deliberate collision across books).
  int connect_accounts = 2;
  double connect_share = 0.08;
  double test_mode_share = 0.04;
  double id_reuse_share = 0.02;
  // Platform events whose top-level `account` is null or "" instead of absent (per event).
  double account_null_share = 0;
  // Accounts v2 customers (`customer` null or absent, `customer_account`; per customer).
  double customer_account_share = 0.03;

  // Discounts. New subscriptions with a coupon (per subscription; ticks add more).
  double coupon_share = 0.12;
  // Per discount: its customer.discount.created|updated comes days late, or
  // never (left unresolved unless a snapshot expands it).
  double discount_event_late_share = 0.05;
  double discount_event_missing_share = 0.05;
  // Per (book, clover coupon): no coupon.created ever names it (unresolved).
  double coupon_unannounced_share = 0.2;
  // Per repeating discount reaching its `end`: no event at all then (silent
  // expiry) instead of customer.discount.deleted and/or a subscription update.
  double silent_expiry_share = 0.5;
  // Subscription snapshots (expanded discounts) after a discount is applied.
  double snapshot_share = 0.6;

  // Prices. Subscriptions on a tiered price, on a transform_quantity price
  // (per subscription); where a tiered price's tiers come from, per (book,
  // price): its items, price.created|updated events, subledger.price.snapshot
  // events, else nowhere (unpriced).
  double tiered_share = 0.05;
  double transform_share = 0.03;
  double tiers_on_item_share = 0.1;
  double tiers_event_share = 0.4;
  double tiers_snapshot_share = 0.3;
  // Quantity changes that set a negative quantity (per change).
  double negative_quantity_share = 0.001;

  // Subscriptions starting `trialing` (per subscription).
  double trial_share = 0.2;

  // Subscriptions at Stripe's limits: unit amounts to 10^12 with quantities to
  // 10^7 and stacks of up to 20 fractional percent coupons (per subscription).
  double extreme_share = 0;

  // Every v2 feature turned up (extremes stay as set: 0).
  static V2Rates Heavy();
};

struct GeneratorOptions {
  uint64_t seed = 1;
  uint64_t events = 1000;
  uint64_t customers = 0;
  bool shuffle = false;
  double duplicates = 0;
  int64_t start = 1735689600;  // 2025-01-01T00:00:00Z: the whole default year is in the past
  int64_t days = 365;
  V2Rates v2;
};

inline V2Rates V2Rates::Heavy() {
  V2Rates r;
  r.connect_accounts = 3;
  r.connect_share = 0.3;
  r.test_mode_share = 0.25;
  r.id_reuse_share = 0.15;
  r.account_null_share = 0.1;
  r.customer_account_share = 0.25;
  r.coupon_share = 0.45;
  r.discount_event_late_share = 0.25;
  r.discount_event_missing_share = 0.25;
  r.coupon_unannounced_share = 0.4;
  r.silent_expiry_share = 0.6;
  r.snapshot_share = 0.5;
  r.tiered_share = 0.3;
  r.transform_share = 0.15;
  r.tiers_on_item_share = 0.25;
  r.tiers_event_share = 0.25;
  r.tiers_snapshot_share = 0.25;
  r.negative_quantity_share = 0.05;
  r.trial_share = 0.45;
  return r;
}

}  // namespace subledger::eventgen
