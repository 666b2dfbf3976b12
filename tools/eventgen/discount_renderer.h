// DiscountRenderer: `discount` objects in their API shape (the coupon as an
// object under `coupon`, or from clover on `source.coupon` as an id) and
// `coupon` objects (percent or amount off, the currency as the catalog
// spells it).
//
// Thread safety: const; may run on several threads at once.
#pragma once

#include <cstdint>

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/render_context.h"

namespace subledger::eventgen {

class DiscountRenderer {
 public:
  explicit DiscountRenderer(const RenderContext& ctx) : ctx_(ctx) {}

  // The discount `d` of a subscription (or customer) of `o`, as API `shape` shows it.
  void Discount(BodyWriter& w, const Owner& o, ApiShape shape, const DiscountState& d) const;
  // Coupon `index` with the ids of book `id_book`; `created` 0: the catalog's time.
  void Coupon(BodyWriter& w, uint8_t id_book, bool livemode, int16_t index, int64_t created = 0) const;

 private:
  const RenderContext& ctx_;
};

}  // namespace subledger::eventgen
