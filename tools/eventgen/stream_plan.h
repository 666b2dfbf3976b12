// StreamPlan: everything the Planner decides about a stream and the renderers
// read: the books, the catalogs, the planned events and the records they
// point to. Built once by EventGenerator's constructor, then read-only.
//
// Thread safety: immutable after planning; concurrent reads are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/eventgen/catalog.h"
#include "tools/eventgen/event_plan.h"

namespace subledger::eventgen {

// A book (spec §0): `account` "" is the platform's own account.
struct Book {
  std::string account;
  bool livemode = false;
};

struct StreamPlan {
  uint64_t salt = 0;
  std::vector<Book> books;  // [0] platform live, [1] platform test, then each account live, test
  std::vector<PriceDef> prices;
  std::vector<CouponDef> coupons;
  std::vector<PlannedEvent> events;
  std::vector<SubscriptionSnapshot> snapshots;  // refs of subscription events
  std::vector<MoneyEvent> money;                // refs of customer, payment-method and payment events
  std::vector<DiscountEvent> discount_events;   // refs of customer.discount.* events
  std::vector<CatalogEvent> catalog_events;     // refs of coupon.created and price events
  std::vector<std::vector<DiscountState>> stacks;  // SubscriptionSnapshot::stack - 1
  std::vector<uint8_t> tiers_on_item;  // by CatalogKey of a price: its items carry its tiers
  uint64_t customers = 0, subscriptions = 0;

  // Index of a price or coupon (of n) as book `book` sees it with the ids of
  // book `id_book` (its own, or the platform live book's when reused).
  size_t CatalogKey(uint8_t book, uint8_t id_book, size_t index, size_t n) const {
    return (static_cast<size_t>(book) * 2 + (id_book != book ? 1 : 0)) * n + index;
  }
  bool livemode(const Owner& o) const { return books[o.book].livemode; }
};

}  // namespace subledger::eventgen
