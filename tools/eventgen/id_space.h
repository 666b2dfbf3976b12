// IdSpace: the Stripe-looking ids of a stream. Customers, subscriptions,
// items, discounts and payments are numbered across the whole stream, so
// their ids never repeat across books unless the planner reuses a serial on
// purpose; prices, products and coupons have one id per book and catalog entry
// (precomputed), so each book has its own catalog ids.
//
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/eventgen/stream_plan.h"

namespace subledger::eventgen {

class IdSpace {
 public:
  IdSpace(uint64_t salt, size_t books, size_t prices, size_t coupons);

  // The books of a stream with `connect_accounts` connected accounts.
  static std::vector<Book> Books(uint64_t salt, int connect_accounts);

  const std::string& Price(uint8_t id_book, uint16_t i) const { return prices_[id_book * n_prices_ + i]; }
  const std::string& Product(uint8_t id_book, uint16_t i) const { return products_[id_book * n_prices_ + i]; }
  const std::string& Coupon(uint8_t id_book, int16_t i) const {
    return coupons_[id_book * n_coupons_ + static_cast<size_t>(i)];
  }
  // The order of price ids (and of subscription ids): IdKey of their first block.
  uint64_t PriceKey(uint8_t id_book, uint16_t i) const;
  uint64_t SubKey(uint32_t serial) const;

  // cus_…, or the acct_… of an Accounts v2 customer.
  std::string Customer(const Owner& o) const;
  std::string Sub(uint32_t serial) const;
  std::string Item(uint32_t serial) const;
  std::string Discount(uint32_t serial) const;
  std::string PaymentMethod(uint32_t customer) const;
  // Ids numbered by their own serials: in_, pi_, ch_, il_, txn_, req_, ik_.
  std::string Serial(const char* prefix, uint64_t serial) const;

  // evt_…; a snapshot's "evt_snap_<subscription or price id>_<created>".
  void EventId(const PlannedEvent& e, const StreamPlan& plan, std::string* out) const;

 private:
  uint64_t salt_;
  size_t n_prices_, n_coupons_;
  std::vector<std::string> prices_, products_, coupons_;  // [id_book * n + i]
};

}  // namespace subledger::eventgen
