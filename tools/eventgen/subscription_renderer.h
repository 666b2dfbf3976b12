// SubscriptionRenderer: a subscription object as one event shows it, in its
// API shape: items with their `price` (or legacy `plan`, with tiers when the
// book's items carry them), the customer (`customer`, or `customer_account`
// for Accounts v2), the legacy `discount` object (legacy, acacia) and
// discounts[] (ids in webhooks; objects in snapshots, fetched with
// expand[]=discounts), periods on the subscription or on the items; and the
// previous_attributes of an update, derived from the previous snapshot.
//
// Thread safety: const; may run on several threads at once.
#pragma once

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/discount_renderer.h"
#include "tools/eventgen/price_renderer.h"
#include "tools/eventgen/render_context.h"

namespace subledger::eventgen {

class SubscriptionRenderer {
 public:
  explicit SubscriptionRenderer(const RenderContext& ctx) : ctx_(ctx), prices_(ctx), discounts_(ctx) {}

  void Subscription(BodyWriter& w, const SubscriptionSnapshot& s, bool expand_discounts) const;
  void PreviousAttributes(BodyWriter& w, const SubscriptionSnapshot& now, const SubscriptionSnapshot& before) const;

 private:
  void Head(BodyWriter& w, const SubscriptionSnapshot& s) const;
  void Customer(BodyWriter& w, const Owner& o) const;
  void Discounts(BodyWriter& w, const SubscriptionSnapshot& s, bool expand) const;
  void Items(BodyWriter& w, const SubscriptionSnapshot& s) const;
  void Item(BodyWriter& w, const SubscriptionSnapshot& s, const ItemState& item) const;
  void ItemPrice(BodyWriter& w, const SubscriptionSnapshot& s, uint16_t price) const;
  void Tail(BodyWriter& w, const SubscriptionSnapshot& s) const;
  bool DiscountsChanged(const SubscriptionSnapshot& now, const SubscriptionSnapshot& before) const;
  bool ItemsChanged(const SubscriptionSnapshot& now, const SubscriptionSnapshot& before) const;

  const RenderContext& ctx_;
  PriceRenderer prices_;
  DiscountRenderer discounts_;
};

}  // namespace subledger::eventgen
