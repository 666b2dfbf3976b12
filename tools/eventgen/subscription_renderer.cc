#include "tools/eventgen/subscription_renderer.h"

namespace subledger::eventgen {
namespace {

const char* ReasonName(CancelReason r) {
  switch (r) {
    case CancelReason::kNone: return nullptr;
    case CancelReason::kRequested: return "cancellation_requested";
    case CancelReason::kPaymentFailed: return "payment_failed";
    case CancelReason::kPaymentDisputed: return "payment_disputed";
  }
  return nullptr;
}

bool PeriodsOnItems(ApiShape s) { return s == ApiShape::kBasil || s == ApiShape::kClover; }
bool HasLegacyDiscount(ApiShape s) { return s == ApiShape::kLegacy || s == ApiShape::kAcacia; }
constexpr const char* kPaused = "{\"behavior\":\"void\",\"resumes_at\":null}";

}  // namespace

void SubscriptionRenderer::Subscription(BodyWriter& w, const SubscriptionSnapshot& s, bool expand) const {
  w.Open();
  Head(w, s);
  Customer(w, s.owner);
  w.KNull("days_until_due");
  w.KStr("default_payment_method", ctx_.ids.PaymentMethod(s.owner.customer));
  w.KNull("default_source");
  w.KRaw("default_tax_rates", "[]");
  w.KNull("description");
  Discounts(w, s, expand);
  w.KTime("ended_at", s.ended_at);
  w.KRaw("invoice_settings", "{\"account_tax_ids\":null,\"issuer\":{\"type\":\"self\"}}");
  Items(w, s);
  Tail(w, s);
  w.Close();
}

void SubscriptionRenderer::Head(BodyWriter& w, const SubscriptionSnapshot& s) const {
  w.KStr("id", ctx_.ids.Sub(s.owner.sub));
  w.KStr("object", "subscription");
  w.KNull("application");
  w.KNull("application_fee_percent");
  w.KRaw("automatic_tax", s.shape == ApiShape::kLegacy ? "{\"enabled\":false}"
                                                       : "{\"disabled_reason\":null,\"enabled\":false,\"liability\":null}");
  w.KInt("billing_cycle_anchor", s.created);
  if (s.shape != ApiShape::kLegacy) w.KNull("billing_cycle_anchor_config");
  w.KNull("billing_thresholds");
  w.KTime("cancel_at", s.cancel_at);
  w.KBool("cancel_at_period_end", s.cancel_at_period_end);
  w.KTime("canceled_at", s.canceled_at);
  w.Key("cancellation_details");
  w.Open();
  w.KNull("comment");
  w.KNull("feedback");
  const char* reason = ReasonName(s.cancel_reason);
  reason ? w.KStr("reason", reason) : w.KNull("reason");
  w.Close();
  w.KStr("collection_method", "charge_automatically");
  w.KInt("created", s.created);
  w.KStr("currency", kCurrencies[s.owner.currency]);
  if (!PeriodsOnItems(s.shape)) {
    w.KInt("current_period_end", s.period_end);
    w.KInt("current_period_start", s.period_start);
  }
}

void SubscriptionRenderer::Customer(BodyWriter& w, const Owner& o) const {
  if (!(o.flags & kCustomerAccount)) {
    w.KStr("customer", ctx_.ids.Customer(o));
    return;
  }
  if (!(o.flags & kCustomerKeyAbsent)) w.KNull("customer");
  w.KStr("customer_account", ctx_.ids.Customer(o));
}

void SubscriptionRenderer::Discounts(BodyWriter& w, const SubscriptionSnapshot& s, bool expand) const {
  if (HasLegacyDiscount(s.shape)) {
    w.Key("discount");
    if (s.discount.coupon >= 0) discounts_.Discount(w, s.owner, s.shape, s.discount); else w.Null();
  }
  if (s.shape == ApiShape::kLegacy) return;
  auto entry = [&](const DiscountState& d) {
    if (expand) discounts_.Discount(w, s.owner, s.shape, d); else w.Str(ctx_.ids.Discount(d.serial));
  };
  w.Key("discounts");
  w.OpenArray();
  for (int i = 0; i < s.n_discounts; ++i) entry(s.discounts[i]);
  if (s.stack != 0) {
    for (const DiscountState& d : ctx_.plan.stacks[s.stack - 1]) entry(d);
  }
  w.CloseArray();
}

void SubscriptionRenderer::Items(BodyWriter& w, const SubscriptionSnapshot& s) const {
  w.Key("items");
  w.Open();
  w.KStr("object", "list");
  w.Key("data");
  w.OpenArray();
  for (int i = 0; i < s.n_items; ++i) Item(w, s, s.items[i]);
  w.CloseArray();
  w.KBool("has_more", false);
  w.KInt("total_count", s.n_items);
  w.KStr("url", "/v1/subscription_items?subscription=" + ctx_.ids.Sub(s.owner.sub));
  w.Close();
}

void SubscriptionRenderer::ItemPrice(BodyWriter& w, const SubscriptionSnapshot& s, uint16_t price) const {
  const Owner& o = s.owner;
  const size_t key = ctx_.plan.CatalogKey(o.book, o.id_book, price, ctx_.plan.prices.size());
  const PriceRef r{price, o.id_book, ctx_.plan.livemode(o), ctx_.plan.tiers_on_item[key] != 0};
  if (s.shape == ApiShape::kLegacy) {
    w.Key("plan");
    prices_.Plan(w, r);
  } else {
    w.Key("price");
    prices_.Price(w, r);
  }
}

void SubscriptionRenderer::Item(BodyWriter& w, const SubscriptionSnapshot& s, const ItemState& item) const {
  w.Open();
  w.KStr("id", ctx_.ids.Item(item.serial));
  w.KStr("object", "subscription_item");
  w.KNull("billing_thresholds");
  w.KInt("created", item.created);
  if (PeriodsOnItems(s.shape)) {
    w.KInt("current_period_end", s.period_end);
    w.KInt("current_period_start", s.period_start);
  }
  if (s.shape != ApiShape::kLegacy) w.KRaw("discounts", "[]");
  w.KRaw("metadata", "{}");
  ItemPrice(w, s, item.price);
  if (!ctx_.plan.prices[item.price].metered) w.KInt("quantity", item.quantity);
  w.KStr("subscription", ctx_.ids.Sub(s.owner.sub));
  w.KRaw("tax_rates", "[]");
  w.Close();
}

void SubscriptionRenderer::Tail(BodyWriter& w, const SubscriptionSnapshot& s) const {
  w.KStr("latest_invoice", ctx_.ids.Serial("in_", s.latest_invoice + 1));
  w.KBool("livemode", ctx_.plan.livemode(s.owner));
  w.KRaw("metadata", "{}");
  w.KNull("next_pending_invoice_item_invoice");
  w.KNull("on_behalf_of");
  w.KRaw("pause_collection", s.paused ? kPaused : "null");
  w.KRaw("payment_settings",
         "{\"payment_method_options\":null,\"payment_method_types\":null,\"save_default_payment_method\":\"off\"}");
  w.KNull("pending_invoice_item_interval");
  w.KNull("pending_setup_intent");
  w.KNull("pending_update");
  if (s.shape == ApiShape::kLegacy && s.n_items == 1) {
    ItemPrice(w, s, s.items[0].price);
    w.KInt("quantity", s.items[0].quantity);
  }
  w.KNull("schedule");
  w.KInt("start_date", s.created);
  w.KStr("status", StatusName(s.status));
  w.KNull("test_clock");
  w.KNull("transfer_data");
  w.KTime("trial_end", s.trial_end);
  w.KRaw("trial_settings", "{\"end_behavior\":{\"missing_payment_method\":\"create_invoice\"}}");
  w.KTime("trial_start", s.trial_start);
}

bool SubscriptionRenderer::DiscountsChanged(const SubscriptionSnapshot& now, const SubscriptionSnapshot& before) const {
  if (now.discount.serial != before.discount.serial || now.n_discounts != before.n_discounts) return true;
  for (int i = 0; i < now.n_discounts; ++i) {
    if (now.discounts[i].serial != before.discounts[i].serial) return true;
  }
  return false;
}

bool SubscriptionRenderer::ItemsChanged(const SubscriptionSnapshot& now, const SubscriptionSnapshot& before) const {
  bool changed = now.n_items != before.n_items;
  for (int i = 0; i < now.n_items && i < before.n_items; ++i) {
    changed |= now.items[i].price != before.items[i].price || now.items[i].quantity != before.items[i].quantity;
  }
  return changed;
}

void SubscriptionRenderer::PreviousAttributes(BodyWriter& w, const SubscriptionSnapshot& now,
                                              const SubscriptionSnapshot& before) const {
  w.Open();
  if (now.status != before.status) w.KStr("status", StatusName(before.status));
  if (now.cancel_at_period_end != before.cancel_at_period_end) {
    w.KBool("cancel_at_period_end", before.cancel_at_period_end);
    w.KTime("canceled_at", before.canceled_at);
  }
  if (now.cancel_at != before.cancel_at) w.KTime("cancel_at", before.cancel_at);
  if (now.paused != before.paused) w.KRaw("pause_collection", before.paused ? kPaused : "null");
  if (DiscountsChanged(now, before)) Discounts(w, before, /*expand=*/false);
  if (ItemsChanged(now, before)) Items(w, before);
  if (now.period_start != before.period_start && !PeriodsOnItems(now.shape)) {
    w.KInt("current_period_end", before.period_end);
    w.KInt("current_period_start", before.period_start);
  }
  if (now.latest_invoice != before.latest_invoice) {
    w.KStr("latest_invoice", ctx_.ids.Serial("in_", before.latest_invoice + 1));
  }
  w.Close();
}

}  // namespace subledger::eventgen
