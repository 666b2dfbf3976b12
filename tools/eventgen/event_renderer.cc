#include "tools/eventgen/event_renderer.h"

#include "tools/eventgen/body_writer.h"
#include "tools/eventgen/gen_random.h"

namespace subledger::eventgen {
namespace {

// Salts keep the id spaces of different object kinds apart.
constexpr uint64_t kSubSalt = 0x535542ULL, kCusSalt = 0x435553ULL, kItemSalt = 0x5349ULL, kDiSalt = 0x4449ULL,
                   kInvSalt = 0x494eULL, kPiSalt = 0x5049ULL, kChSalt = 0x4348ULL, kPmSalt = 0x504dULL,
                   kReqSalt = 0x524551ULL, kLineSalt = 0x494cULL;

const char* IntervalName(Interval i) {
  switch (i) {
    case Interval::kDay: return "day";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
    case Interval::kYear: return "year";
  }
  return "month";
}

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

}  // namespace

std::string EventRenderer::Id(const char* prefix, uint64_t serial) const {
  return MakeId(prefix, serial, gen_.salt_ ^ (static_cast<uint64_t>(prefix[0]) << 40 | prefix[1]));
}

void EventRenderer::EventId(const PlannedEvent& e, std::string* out) const {
  if (e.type == EventType::kSubSnapshot) {
    // The snapshot fetcher's rule: "evt_snap_" + subscription id + "_" + created.
    const SubscriptionSnapshot& s = gen_.snapshots_[e.ref];
    out->append("evt_snap_");
    AppendId(out, "sub_", s.sub, gen_.salt_ ^ kSubSalt);
    out->push_back('_');
    out->append(std::to_string(e.created));
    return;
  }
  AppendId(out, "evt_", e.serial, gen_.salt_);
}

void EventRenderer::Render(const PlannedEvent& e, std::string* out) const {
  BodyWriter w(out);
  w.Open();
  w.Key("id");
  std::string id;
  EventId(e, &id);
  w.Str(id);
  w.KStr("object", "event");
  w.KStr("api_version", ApiVersion(e.shape));
  w.KInt("created", e.created);
  w.Key("data");
  w.Open();
  w.Key("object");
  if (IsSubscriptionEvent(e.type)) {
    const SubscriptionSnapshot& s = gen_.snapshots_[e.ref];
    Subscription(w, s, e.type == EventType::kSubSnapshot);
    if (e.type != EventType::kSubCreated && e.type != EventType::kSubSnapshot && e.previous != UINT32_MAX) {
      w.Key("previous_attributes");
      PreviousAttributes(w, s, gen_.snapshots_[e.previous]);
    }
  } else {
    const MoneyEvent& m = gen_.money_[e.ref];
    switch (e.type) {
      case EventType::kCustomerCreated:
      case EventType::kCustomerUpdated: Customer(w, m, e.created); break;
      case EventType::kPaymentMethodAttached: PaymentMethod(w, m, e.created); break;
      case EventType::kInvoiceCreated:
      case EventType::kInvoiceFinalized:
      case EventType::kInvoicePaid:
      case EventType::kInvoicePaymentFailed: Invoice(w, e, m); break;
      case EventType::kPaymentIntentCreated:
      case EventType::kPaymentIntentSucceeded:
      case EventType::kPaymentIntentFailed: PaymentIntent(w, e, m); break;
      default: Charge(w, e, m); break;
    }
    if (e.type == EventType::kCustomerUpdated) w.KRaw("previous_attributes", "{\"metadata\":{\"plan_hint\":null}}");
  }
  w.Close();
  w.KBool("livemode", false);
  w.KInt("pending_webhooks", e.type == EventType::kSubSnapshot ? 0 : 1);
  if (e.type == EventType::kSubSnapshot) {
    w.KNull("request");
  } else {
    w.Key("request");
    w.Open();
    if (e.serial % 3 == 0) {
      w.KNull("id");
      w.KNull("idempotency_key");
    } else {
      w.KStr("id", Id("req_", e.serial ^ kReqSalt));
      w.KStr("idempotency_key", Id("ik_", e.serial));
    }
    w.Close();
  }
  w.KStr("type", e.type == EventType::kSubSnapshot ? "subledger.subscription.snapshot" : EventTypeName(e.type));
  w.Close();
}

void EventRenderer::Subscription(BodyWriter& w, const SubscriptionSnapshot& s, bool expand) const {
  const std::string sub_id = MakeId("sub_", s.sub, gen_.salt_ ^ kSubSalt);
  const std::string cus_id = MakeId("cus_", s.customer, gen_.salt_ ^ kCusSalt);
  w.Open();
  w.KStr("id", sub_id);
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
  w.KStr("currency", kCurrencies[s.currency]);
  if (!PeriodsOnItems(s.shape)) {
    w.KInt("current_period_end", s.period_end);
    w.KInt("current_period_start", s.period_start);
  }
  w.KStr("customer", cus_id);
  w.KNull("days_until_due");
  w.KStr("default_payment_method", MakeId("pm_", s.customer, gen_.salt_ ^ kPmSalt));
  w.KNull("default_source");
  w.KRaw("default_tax_rates", "[]");
  w.KNull("description");
  if (s.shape != ApiShape::kBasil) {
    w.Key("discount");
    if (s.discount.coupon >= 0) Discount(w, s, s.discount); else w.Null();
  }
  if (s.shape != ApiShape::kLegacy) {
    w.Key("discounts");
    w.OpenArray();
    for (int i = 0; i < s.n_discounts; ++i) {
      if (expand) Discount(w, s, s.discounts[i]);
      else w.Str(MakeId("di_", s.discounts[i].serial, gen_.salt_ ^ kDiSalt));
    }
    w.CloseArray();
  }
  w.KTime("ended_at", s.ended_at);
  w.KRaw("invoice_settings", "{\"account_tax_ids\":null,\"issuer\":{\"type\":\"self\"}}");
  w.Key("items");
  w.Open();
  w.KStr("object", "list");
  w.Key("data");
  w.OpenArray();
  for (int i = 0; i < s.n_items; ++i) Item(w, s, s.items[i]);
  w.CloseArray();
  w.KBool("has_more", false);
  w.KInt("total_count", s.n_items);
  w.KStr("url", "/v1/subscription_items?subscription=" + sub_id);
  w.Close();
  w.KStr("latest_invoice", Id("in_", s.latest_invoice + 1));
  w.KBool("livemode", false);
  w.KRaw("metadata", "{}");
  w.KNull("next_pending_invoice_item_invoice");
  w.KNull("on_behalf_of");
  w.KRaw("pause_collection", s.paused ? "{\"behavior\":\"void\",\"resumes_at\":null}" : "null");
  w.KRaw("payment_settings",
         "{\"payment_method_options\":null,\"payment_method_types\":null,\"save_default_payment_method\":\"off\"}");
  w.KNull("pending_invoice_item_interval");
  w.KNull("pending_setup_intent");
  w.KNull("pending_update");
  if (s.shape == ApiShape::kLegacy && s.n_items == 1) {
    w.Key("plan");
    Plan(w, gen_.prices_[s.items[0].price]);
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
  w.Close();
}

void EventRenderer::Item(BodyWriter& w, const SubscriptionSnapshot& s, const ItemState& item) const {
  const PriceDef& p = gen_.prices_[item.price];
  w.Open();
  w.KStr("id", MakeId("si_", item.serial, gen_.salt_ ^ kItemSalt));
  w.KStr("object", "subscription_item");
  w.KNull("billing_thresholds");
  w.KInt("created", item.created);
  if (PeriodsOnItems(s.shape)) {
    w.KInt("current_period_end", s.period_end);
    w.KInt("current_period_start", s.period_start);
  }
  if (s.shape != ApiShape::kLegacy) w.KRaw("discounts", "[]");
  w.KRaw("metadata", "{}");
  if (s.shape == ApiShape::kLegacy) {
    w.Key("plan");
    Plan(w, p);
  } else {
    w.Key("price");
    Price(w, p);
  }
  if (!p.metered) w.KInt("quantity", item.quantity);
  w.KStr("subscription", MakeId("sub_", s.sub, gen_.salt_ ^ kSubSalt));
  w.KRaw("tax_rates", "[]");
  w.Close();
}

void EventRenderer::Price(BodyWriter& w, const PriceDef& p) const {
  w.Open();
  w.KStr("id", p.id);
  w.KStr("object", "price");
  w.KBool("active", true);
  w.KStr("billing_scheme", p.tiered ? "tiered" : "per_unit");
  w.KInt("created", p.created);
  w.KStr("currency", kCurrencies[p.currency]);
  w.KNull("custom_unit_amount");
  w.KBool("livemode", false);
  w.KNull("lookup_key");
  w.KRaw("metadata", "{}");
  w.KStr("nickname", p.nickname);
  w.KStr("product", p.product);
  w.Key("recurring");
  w.Open();
  if (p.metered) w.KStr("aggregate_usage", "sum"); else w.KNull("aggregate_usage");
  w.KStr("interval", IntervalName(p.interval));
  w.KInt("interval_count", p.interval_count);
  w.KNull("meter");
  w.KNull("trial_period_days");
  w.KStr("usage_type", p.metered ? "metered" : "licensed");
  w.Close();
  w.KStr("tax_behavior", "exclusive");
  if (p.tiered) w.KStr("tiers_mode", "graduated"); else w.KNull("tiers_mode");
  w.KNull("transform_quantity");
  w.KStr("type", "recurring");
  if (p.tiered || !p.unit_amount_integral) w.KNull("unit_amount"); else w.KRaw("unit_amount", p.unit_amount_decimal);
  if (p.tiered) w.KNull("unit_amount_decimal"); else w.KStr("unit_amount_decimal", p.unit_amount_decimal);
  w.Close();
}

void EventRenderer::Plan(BodyWriter& w, const PriceDef& p) const {
  w.Open();
  w.KStr("id", p.id);
  w.KStr("object", "plan");
  w.KBool("active", true);
  if (p.metered) w.KStr("aggregate_usage", "sum"); else w.KNull("aggregate_usage");
  if (p.tiered || !p.unit_amount_integral) w.KNull("amount"); else w.KRaw("amount", p.unit_amount_decimal);
  if (p.tiered) w.KNull("amount_decimal"); else w.KStr("amount_decimal", p.unit_amount_decimal);
  w.KStr("billing_scheme", p.tiered ? "tiered" : "per_unit");
  w.KInt("created", p.created);
  w.KStr("currency", kCurrencies[p.currency]);
  w.KStr("interval", IntervalName(p.interval));
  w.KInt("interval_count", p.interval_count);
  w.KBool("livemode", false);
  w.KRaw("metadata", "{}");
  w.KStr("nickname", p.nickname);
  w.KStr("product", p.product);
  if (p.tiered) w.KStr("tiers_mode", "graduated"); else w.KNull("tiers_mode");
  w.KNull("transform_usage");
  w.KNull("trial_period_days");
  w.KStr("usage_type", p.metered ? "metered" : "licensed");
  w.Close();
}

void EventRenderer::Discount(BodyWriter& w, const SubscriptionSnapshot& s, const DiscountState& d) const {
  const CouponDef& c = gen_.coupons_[d.coupon];
  w.Open();
  w.KStr("id", MakeId("di_", d.serial, gen_.salt_ ^ kDiSalt));
  w.KStr("object", "discount");
  w.KNull("checkout_session");
  if (s.shape == ApiShape::kClover) {
    w.Key("source");
    w.Open();
    w.Key("coupon");
    Coupon(w, c);
    w.KStr("type", "coupon");
    w.Close();
  } else {
    w.Key("coupon");
    Coupon(w, c);
  }
  w.KStr("customer", MakeId("cus_", s.customer, gen_.salt_ ^ kCusSalt));
  w.KNull("end");
  w.KNull("invoice");
  w.KNull("invoice_item");
  w.KNull("promotion_code");
  w.KInt("start", d.start);
  w.KStr("subscription", MakeId("sub_", s.sub, gen_.salt_ ^ kSubSalt));
  w.Close();
}

void EventRenderer::Coupon(BodyWriter& w, const CouponDef& c) const {
  w.Open();
  w.KStr("id", c.id);
  w.KStr("object", "coupon");
  if (c.amount_off > 0) w.KInt("amount_off", c.amount_off); else w.KNull("amount_off");
  w.KInt("created", 1735689600);
  if (c.currency.empty()) w.KNull("currency"); else w.KStr("currency", c.currency);
  w.KStr("duration", c.duration);
  if (c.duration_in_months > 0) w.KInt("duration_in_months", c.duration_in_months); else w.KNull("duration_in_months");
  w.KBool("livemode", false);
  w.KNull("max_redemptions");
  w.KRaw("metadata", "{}");
  w.KStr("name", c.name);
  if (c.percent_off.empty()) w.KNull("percent_off"); else w.KRaw("percent_off", c.percent_off);
  w.KNull("redeem_by");
  w.KInt("times_redeemed", 1);
  w.KBool("valid", true);
  w.Close();
}

void EventRenderer::PreviousAttributes(BodyWriter& w, const SubscriptionSnapshot& now,
                                       const SubscriptionSnapshot& before) const {
  w.Open();
  if (now.status != before.status) w.KStr("status", StatusName(before.status));
  if (now.cancel_at_period_end != before.cancel_at_period_end) {
    w.KBool("cancel_at_period_end", before.cancel_at_period_end);
    w.KTime("canceled_at", before.canceled_at);
  }
  if (now.cancel_at != before.cancel_at) w.KTime("cancel_at", before.cancel_at);
  if (now.paused != before.paused) {
    w.KRaw("pause_collection", before.paused ? "{\"behavior\":\"void\",\"resumes_at\":null}" : "null");
  }
  if (now.discount.coupon != before.discount.coupon || now.n_discounts != before.n_discounts) {
    if (before.shape != ApiShape::kBasil) {
      w.Key("discount");
      if (before.discount.coupon >= 0) Discount(w, before, before.discount); else w.Null();
    }
    if (before.shape != ApiShape::kLegacy) {
      w.Key("discounts");
      w.OpenArray();
      for (int i = 0; i < before.n_discounts; ++i) w.Str(MakeId("di_", before.discounts[i].serial, gen_.salt_ ^ kDiSalt));
      w.CloseArray();
    }
  }
  bool items_changed = now.n_items != before.n_items;
  for (int i = 0; i < now.n_items && i < before.n_items; ++i) {
    items_changed |= now.items[i].price != before.items[i].price || now.items[i].quantity != before.items[i].quantity;
  }
  if (items_changed) {
    w.Key("items");
    w.Open();
    w.KStr("object", "list");
    w.Key("data");
    w.OpenArray();
    for (int i = 0; i < before.n_items; ++i) Item(w, before, before.items[i]);
    w.CloseArray();
    w.KBool("has_more", false);
    w.KInt("total_count", before.n_items);
    w.KStr("url", "/v1/subscription_items?subscription=" + MakeId("sub_", before.sub, gen_.salt_ ^ kSubSalt));
    w.Close();
  }
  if (now.period_start != before.period_start && !PeriodsOnItems(now.shape)) {
    w.KInt("current_period_end", before.period_end);
    w.KInt("current_period_start", before.period_start);
  }
  if (now.latest_invoice != before.latest_invoice) w.KStr("latest_invoice", Id("in_", before.latest_invoice + 1));
  w.Close();
}

void EventRenderer::Customer(BodyWriter& w, const MoneyEvent& m, int64_t created) const {
  const std::string id = MakeId("cus_", m.customer, gen_.salt_ ^ kCusSalt);
  w.Open();
  w.KStr("id", id);
  w.KStr("object", "customer");
  w.KRaw("address", "{\"city\":\"San Francisco\",\"country\":\"US\",\"line1\":\"510 Townsend St\","
                    "\"line2\":null,\"postal_code\":\"94103\",\"state\":\"CA\"}");
  w.KInt("balance", 0);
  w.KRaw("cash_balance", "null");
  w.KInt("created", created);
  w.KStr("currency", kCurrencies[m.currency]);
  w.KNull("default_source");
  w.KBool("delinquent", false);
  w.KNull("description");
  w.KNull("discount");
  w.KStr("email", "customer-" + std::to_string(m.customer) + "@example.test");
  w.KStr("invoice_prefix", id.substr(4, 8));
  w.KRaw("invoice_settings",
         "{\"custom_fields\":null,\"default_payment_method\":null,\"footer\":null,\"rendering_options\":null}");
  w.KBool("livemode", false);
  w.KRaw("metadata", "{\"signup_source\":\"web\"}");
  w.KStr("name", "Customer " + std::to_string(m.customer));
  w.KInt("next_invoice_sequence", 1);
  w.KNull("phone");
  w.KRaw("preferred_locales", "[\"en\"]");
  w.KNull("shipping");
  w.KRaw("sources", "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"total_count\":0,\"url\":\"/v1/customers/" + id + "/sources\"}");
  w.KRaw("subscriptions", "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"total_count\":0,\"url\":\"/v1/customers/" + id + "/subscriptions\"}");
  w.KRaw("tax", "{\"automatic_tax\":\"supported\",\"ip_address\":null,\"location\":{\"country\":\"US\",\"source\":\"billing_address\",\"state\":\"CA\"}}");
  w.KStr("tax_exempt", "none");
  w.KRaw("tax_ids", "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"total_count\":0,\"url\":\"/v1/customers/" + id + "/tax_ids\"}");
  w.KNull("test_clock");
  w.Close();
}

void EventRenderer::PaymentMethod(BodyWriter& w, const MoneyEvent& m, int64_t created) const {
  w.Open();
  w.KStr("id", MakeId("pm_", m.customer, gen_.salt_ ^ kPmSalt));
  w.KStr("object", "payment_method");
  w.KRaw("billing_details", "{\"address\":{\"city\":null,\"country\":\"US\",\"line1\":null,\"line2\":null,"
                            "\"postal_code\":\"94103\",\"state\":null},\"email\":null,\"name\":null,\"phone\":null}");
  w.KRaw("card", "{\"brand\":\"visa\",\"checks\":{\"address_line1_check\":null,\"address_postal_code_check\":\"pass\","
                 "\"cvc_check\":\"pass\"},\"country\":\"US\",\"exp_month\":12,\"exp_year\":2030,\"fingerprint\":"
                 "\"Xt5EWLLDS7FJjR1c\",\"funding\":\"credit\",\"last4\":\"4242\",\"networks\":{\"available\":[\"visa\"],"
                 "\"preferred\":null},\"three_d_secure_usage\":{\"supported\":true},\"wallet\":null}");
  w.KInt("created", created);
  w.KStr("customer", MakeId("cus_", m.customer, gen_.salt_ ^ kCusSalt));
  w.KBool("livemode", false);
  w.KRaw("metadata", "{}");
  w.KStr("type", "card");
  w.Close();
}

void EventRenderer::Invoice(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const bool paid = e.type == EventType::kInvoicePaid;
  const bool draft = e.type == EventType::kInvoiceCreated;
  const std::string sub_id = MakeId("sub_", m.sub, gen_.salt_ ^ kSubSalt);
  const std::string in_id = Id("in_", m.invoice);
  w.Open();
  w.KStr("id", in_id);
  w.KStr("object", "invoice");
  w.KStr("account_country", "US");
  w.KStr("account_name", "Example SaaS Inc.");
  w.KNull("account_tax_ids");
  w.KInt("amount_due", m.amount);
  w.KInt("amount_paid", paid ? m.amount : 0);
  w.KInt("amount_remaining", paid ? 0 : m.amount);
  w.KInt("attempt_count", draft ? 0 : 1);
  w.KBool("attempted", !draft);
  w.KBool("auto_advance", !paid);
  w.KRaw("automatic_tax", "{\"enabled\":false,\"liability\":null,\"status\":null}");
  w.KStr("billing_reason", "subscription_cycle");
  w.KStr("collection_method", "charge_automatically");
  w.KInt("created", e.created);
  w.KStr("currency", kCurrencies[m.currency]);
  w.KStr("customer", MakeId("cus_", m.customer, gen_.salt_ ^ kCusSalt));
  w.KStr("customer_email", "customer-" + std::to_string(m.customer) + "@example.test");
  w.KStr("customer_tax_exempt", "none");
  w.KRaw("customer_tax_ids", "[]");
  w.KRaw("default_tax_rates", "[]");
  w.KRaw("discounts", "[]");
  w.KNull("due_date");
  w.KInt("ending_balance", 0);
  w.KStr("hosted_invoice_url", "https://invoice.stripe.com/i/acct_example/test_" + in_id);
  w.KStr("invoice_pdf", "https://pay.stripe.com/invoice/acct_example/test_" + in_id + "/pdf");
  w.Key("lines");
  w.Open();
  w.KStr("object", "list");
  w.Key("data");
  w.OpenArray();
  w.Open();
  w.KStr("id", Id("il_", m.invoice ^ kLineSalt));
  w.KStr("object", "line_item");
  w.KInt("amount", m.amount);
  w.KStr("currency", kCurrencies[m.currency]);
  w.KStr("description", "Subscription renewal");
  w.KRaw("discount_amounts", "[]");
  w.KBool("discountable", true);
  w.KBool("livemode", false);
  w.KRaw("metadata", "{}");
  w.Key("period");
  w.Open();
  w.KInt("end", m.period_end);
  w.KInt("start", m.period_start);
  w.Close();
  w.KBool("proration", false);
  w.KInt("quantity", 1);
  w.KStr("type", "subscription");
  w.Close();
  w.CloseArray();
  w.KBool("has_more", false);
  w.KInt("total_count", 1);
  w.KStr("url", "/v1/invoices/" + in_id + "/lines");
  w.Close();
  w.KBool("livemode", false);
  w.KRaw("metadata", "{}");
  w.KStr("number", in_id.substr(3, 8) + "-0001");
  if (e.shape == ApiShape::kBasil || e.shape == ApiShape::kClover) {
    w.Key("parent");
    w.Open();
    w.KNull("quote_details");
    w.Key("subscription_details");
    w.Open();
    w.KRaw("metadata", "{}");
    w.KStr("subscription", sub_id);
    w.Close();
    w.KStr("type", "subscription_details");
    w.Close();
  } else {
    w.KStr("payment_intent", Id("pi_", m.intent));
    w.KStr("subscription", sub_id);
  }
  w.KInt("period_end", m.period_end);
  w.KInt("period_start", m.period_start);
  w.KStr("status", paid ? "paid" : draft ? "draft" : "open");
  w.Key("status_transitions");
  w.Open();
  w.KTime("finalized_at", draft ? 0 : e.created);
  w.KNull("marked_uncollectible_at");
  w.KTime("paid_at", paid ? e.created : 0);
  w.KNull("voided_at");
  w.Close();
  w.KInt("subtotal", m.amount);
  w.KInt("total", m.amount);
  w.Close();
}

void EventRenderer::PaymentIntent(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const bool succeeded = e.type == EventType::kPaymentIntentSucceeded;
  const bool failed = e.type == EventType::kPaymentIntentFailed;
  w.Open();
  w.KStr("id", Id("pi_", m.intent));
  w.KStr("object", "payment_intent");
  w.KInt("amount", m.amount);
  w.KInt("amount_capturable", 0);
  w.KRaw("amount_details", "{\"tip\":{}}");
  w.KInt("amount_received", succeeded ? m.amount : 0);
  w.KNull("application");
  w.KRaw("automatic_payment_methods", "null");
  w.KNull("canceled_at");
  w.KNull("cancellation_reason");
  w.KStr("capture_method", "automatic");
  if (e.shape == ApiShape::kLegacy) {
    // Up to API 2022-08-01 a payment intent embeds its charges.
    w.Key("charges");
    w.Open();
    w.KStr("object", "list");
    w.Key("data");
    w.OpenArray();
    if (succeeded || failed) {
      PlannedEvent charge_event = e;
      charge_event.type = succeeded ? EventType::kChargeSucceeded : EventType::kChargeFailed;
      Charge(w, charge_event, m);
    }
    w.CloseArray();
    w.KBool("has_more", false);
    w.KInt("total_count", succeeded || failed ? 1 : 0);
    w.KStr("url", "/v1/charges?payment_intent=" + Id("pi_", m.intent));
    w.Close();
  }
  w.KStr("client_secret", Id("pi_", m.intent) + "_secret_" + Id("s", m.intent ^ 0x5ec));
  w.KStr("confirmation_method", "automatic");
  w.KInt("created", e.created);
  w.KStr("currency", kCurrencies[m.currency]);
  w.KStr("customer", MakeId("cus_", m.customer, gen_.salt_ ^ kCusSalt));
  w.KStr("description", "Subscription update");
  w.KRaw("excluded_payment_method_types", "null");
  if (e.shape == ApiShape::kLegacy || e.shape == ApiShape::kAcacia) w.KStr("invoice", Id("in_", m.invoice));
  w.Key("last_payment_error");
  if (failed) {
    w.Raw("{\"charge\":\"" + Id("ch_", m.charge) +
          "\",\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\","
          "\"doc_url\":\"https://stripe.com/docs/error-codes/card-declined\","
          "\"message\":\"Your card has insufficient funds.\",\"type\":\"card_error\"}");
  } else {
    w.Null();
  }
  if (succeeded) w.KStr("latest_charge", Id("ch_", m.charge)); else w.KNull("latest_charge");
  w.KBool("livemode", false);
  w.KRaw("metadata", "{\"subscription\":\"" + MakeId("sub_", m.sub, gen_.salt_ ^ kSubSalt) + "\",\"source\":\"billing\"}");
  w.KNull("next_action");
  w.KNull("on_behalf_of");
  w.KStr("payment_method", MakeId("pm_", m.customer, gen_.salt_ ^ kPmSalt));
  w.KRaw("payment_method_configuration_details", "null");
  w.KRaw("payment_method_options",
         "{\"card\":{\"installments\":null,\"mandate_options\":null,\"network\":null,"
         "\"request_three_d_secure\":\"automatic\"},\"link\":{\"persistent_token\":null},"
         "\"us_bank_account\":{\"financial_connections\":{\"permissions\":[\"payment_method\"],"
         "\"prefetch\":[]},\"mandate_options\":{},\"verification_method\":\"automatic\"}}");
  w.KRaw("payment_method_types", "[\"card\",\"link\",\"us_bank_account\"]");
  w.KNull("processing");
  w.KNull("receipt_email");
  w.KNull("review");
  w.KStr("setup_future_usage", "off_session");
  w.KNull("shipping");
  w.KNull("source");
  w.KNull("statement_descriptor");
  w.KNull("statement_descriptor_suffix");
  w.KStr("status", succeeded ? "succeeded" : failed ? "requires_payment_method" : "requires_confirmation");
  w.KNull("transfer_data");
  w.KNull("transfer_group");
  w.Close();
}

void EventRenderer::Charge(BodyWriter& w, const PlannedEvent& e, const MoneyEvent& m) const {
  const bool ok = e.type == EventType::kChargeSucceeded;
  w.Open();
  w.KStr("id", Id("ch_", m.charge));
  w.KStr("object", "charge");
  w.KInt("amount", m.amount);
  w.KInt("amount_captured", ok ? m.amount : 0);
  w.KInt("amount_refunded", 0);
  w.KNull("application");
  w.KNull("application_fee");
  w.KStr("balance_transaction", Id("txn_", m.charge));
  w.KRaw("billing_details", "{\"address\":{\"city\":null,\"country\":\"US\",\"line1\":null,\"line2\":null,"
                            "\"postal_code\":\"94103\",\"state\":null},\"email\":null,\"name\":null,\"phone\":null}");
  w.KStr("calculated_statement_descriptor", "EXAMPLE SAAS");
  w.KBool("captured", ok);
  w.KInt("created", e.created);
  w.KStr("currency", kCurrencies[m.currency]);
  w.KStr("customer", MakeId("cus_", m.customer, gen_.salt_ ^ kCusSalt));
  w.KStr("description", "Subscription update");
  w.KBool("disputed", false);
  if (ok) w.KNull("failure_code"); else w.KStr("failure_code", "card_declined");
  if (ok) w.KNull("failure_message"); else w.KStr("failure_message", "Your card has insufficient funds.");
  w.KRaw("fraud_details", "{}");
  w.KBool("livemode", false);
  w.KRaw("metadata", "{}");
  w.Key("outcome");
  w.Open();
  w.KStr("network_status", ok ? "approved_by_network" : "declined_by_network");
  if (ok) w.KNull("reason"); else w.KStr("reason", "insufficient_funds");
  w.KStr("risk_level", "normal");
  w.KInt("risk_score", static_cast<int64_t>(m.charge % 60));
  w.KStr("seller_message", ok ? "Payment complete." : "The bank returned the decline code `insufficient_funds`.");
  w.KStr("type", ok ? "authorized" : "issuer_declined");
  w.Close();
  w.KBool("paid", ok);
  w.KStr("payment_intent", Id("pi_", m.intent));
  w.KStr("payment_method", MakeId("pm_", m.customer, gen_.salt_ ^ kPmSalt));
  w.KRaw("payment_method_details",
         "{\"card\":{\"amount_authorized\":null,\"brand\":\"visa\",\"checks\":{\"address_line1_check\":null,"
         "\"address_postal_code_check\":\"pass\",\"cvc_check\":\"pass\"},\"country\":\"US\",\"exp_month\":12,"
         "\"exp_year\":2030,\"fingerprint\":\"Xt5EWLLDS7FJjR1c\",\"funding\":\"credit\",\"installments\":null,"
         "\"last4\":\"4242\",\"mandate\":null,\"network\":\"visa\",\"three_d_secure\":null,\"wallet\":null},"
         "\"type\":\"card\"}");
  w.KNull("receipt_email");
  w.KNull("receipt_number");
  w.KStr("receipt_url", "https://pay.stripe.com/receipts/acct_example/" + Id("ch_", m.charge));
  w.KBool("refunded", false);
  w.KNull("review");
  w.KNull("shipping");
  w.KNull("source_transfer");
  w.KNull("statement_descriptor");
  w.KStr("status", ok ? "succeeded" : "failed");
  w.KNull("transfer_group");
  w.Close();
}

}  // namespace subledger::eventgen
