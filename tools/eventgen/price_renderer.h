// PriceRenderer: a catalog price as a `price` object (API 2020+) or a legacy
// `plan` object: per-unit, fractional (unit_amount null), metered, tiered
// (billing_scheme tiered, tiers_mode, `tiers` only when expanded) and
// transform_quantity / transform_usage prices.
//
// Thread safety: const; may run on several threads at once.
#pragma once

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/render_context.h"

namespace subledger::eventgen {

class PriceRenderer {
 public:
  explicit PriceRenderer(const RenderContext& ctx) : ctx_(ctx) {}

  void Price(BodyWriter& w, const PriceRef& r) const;
  void Plan(BodyWriter& w, const PriceRef& r) const;

 private:
  void Tiers(BodyWriter& w, const PriceDef& p) const;
  void Transform(BodyWriter& w, const PriceDef& p) const;
  void UnitAmount(BodyWriter& w, const PriceDef& p, const char* key, const char* decimal_key) const;

  const RenderContext& ctx_;
};

}  // namespace subledger::eventgen
