#include "tools/eventgen/discount_renderer.h"

namespace subledger::eventgen {

void DiscountRenderer::Discount(BodyWriter& w, const Owner& o, ApiShape shape, const DiscountState& d) const {
  const bool livemode = ctx_.plan.livemode(o);
  w.Open();
  w.KStr("id", ctx_.ids.Discount(d.serial));
  w.KStr("object", "discount");
  w.KNull("checkout_session");
  if (shape != ApiShape::kClover) {
    w.Key("coupon");
    Coupon(w, o.id_book, livemode, d.coupon);
  }
  if (o.flags & kCustomerAccount) {
    w.KNull("customer");
    w.KStr("customer_account", ctx_.ids.Customer(o));
  } else {
    w.KStr("customer", ctx_.ids.Customer(o));
  }
  w.KTime("end", d.end);
  w.KNull("invoice");
  w.KNull("invoice_item");
  w.KNull("promotion_code");
  if (shape == ApiShape::kClover) {
    // From 2025-09-30 the coupon is an id under `source`, even in webhooks.
    w.Key("source");
    w.Open();
    w.KStr("coupon", ctx_.ids.Coupon(o.id_book, d.coupon));
    w.KStr("type", "coupon");
    w.Close();
  }
  w.KInt("start", d.start);
  if (o.sub != 0) w.KStr("subscription", ctx_.ids.Sub(o.sub)); else w.KNull("subscription");
  w.KNull("subscription_item");
  w.Close();
}

void DiscountRenderer::Coupon(BodyWriter& w, uint8_t id_book, bool livemode, int16_t index, int64_t created) const {
  const CouponDef& c = ctx_.plan.coupons[static_cast<size_t>(index)];
  w.Open();
  w.KStr("id", ctx_.ids.Coupon(id_book, index));
  w.KStr("object", "coupon");
  if (c.amount_off > 0) w.KInt("amount_off", c.amount_off); else w.KNull("amount_off");
  w.KInt("created", created != 0 ? created : c.created);
  if (c.currency.empty()) w.KNull("currency"); else w.KStr("currency", c.currency);
  w.KStr("duration", c.duration);
  if (c.duration_in_months > 0) w.KInt("duration_in_months", c.duration_in_months); else w.KNull("duration_in_months");
  w.KBool("livemode", livemode);
  w.KNull("max_redemptions");
  w.KRaw("metadata", "{}");
  w.KStr("name", c.name);
  if (c.percent_off.empty()) w.KNull("percent_off"); else w.KRaw("percent_off", c.percent_off);
  w.KNull("redeem_by");
  w.KInt("times_redeemed", 1);
  w.KBool("valid", true);
  w.Close();
}

}  // namespace subledger::eventgen
