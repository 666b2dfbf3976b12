#include "tools/eventgen/event_renderer.h"

#include "tools/eventgen/customer_renderer.h"
#include "tools/eventgen/discount_renderer.h"
#include "tools/eventgen/payment_renderer.h"
#include "tools/eventgen/price_renderer.h"
#include "tools/eventgen/subscription_renderer.h"

namespace subledger::eventgen {
namespace {

constexpr uint64_t kReqSalt = 0x524551ULL;

bool IsFetched(EventType t) { return t == EventType::kSubSnapshot || t == EventType::kPriceSnapshot; }

}  // namespace

void EventRenderer::EventId(const PlannedEvent& e, std::string* out) const { ctx_.ids.EventId(e, ctx_.plan, out); }

void EventRenderer::Render(const PlannedEvent& e, std::string* out) const {
  BodyWriter w(out);
  w.Open();
  w.Key("id");
  std::string id;
  EventId(e, &id);
  w.Str(id);
  w.KStr("object", "event");
  Account(w, e);
  w.KStr("api_version", ApiVersion(e.shape));
  w.KInt("created", e.created);
  w.Key("data");
  w.Open();
  Data(w, e);
  w.Close();
  w.KBool("livemode", ctx_.plan.books[e.book].livemode);
  w.KInt("pending_webhooks", IsFetched(e.type) ? 0 : 1);
  Request(w, e);
  w.KStr("type", EventTypeName(e.type));
  w.Close();
}

void EventRenderer::Account(BodyWriter& w, const PlannedEvent& e) const {
  const std::string& account = ctx_.plan.books[e.book].account;
  if (!account.empty()) w.KStr("account", account);
  else if (e.account_form == kAccountNull) w.KNull("account");
  else if (e.account_form == kAccountEmpty) w.KStr("account", "");
}

void EventRenderer::Data(BodyWriter& w, const PlannedEvent& e) const {
  if (IsSubscriptionEvent(e.type)) return SubscriptionData(w, e);
  if (IsCatalogEvent(e.type)) return CatalogData(w, e);
  if (IsDiscountEvent(e.type)) {
    const DiscountEvent& d = ctx_.plan.discount_events[e.ref];
    w.Key("object");
    DiscountRenderer(ctx_).Discount(w, d.owner, d.shape, d.discount);
    return;
  }
  MoneyData(w, e);
}

void EventRenderer::SubscriptionData(BodyWriter& w, const PlannedEvent& e) const {
  const SubscriptionSnapshot& s = ctx_.plan.snapshots[e.ref];
  const SubscriptionRenderer subs(ctx_);
  w.Key("object");
  subs.Subscription(w, s, e.type == EventType::kSubSnapshot);
  if (e.type != EventType::kSubCreated && e.type != EventType::kSubSnapshot && e.previous != UINT32_MAX) {
    w.Key("previous_attributes");
    subs.PreviousAttributes(w, s, ctx_.plan.snapshots[e.previous]);
  }
}

void EventRenderer::CatalogData(BodyWriter& w, const PlannedEvent& e) const {
  const CatalogEvent& c = ctx_.plan.catalog_events[e.ref];
  const bool livemode = ctx_.plan.books[e.book].livemode;
  w.Key("object");
  if (e.type == EventType::kCouponCreated) {
    DiscountRenderer(ctx_).Coupon(w, c.id_book, livemode, static_cast<int16_t>(c.index), e.created);
  } else {
    PriceRenderer(ctx_).Price(w, PriceRef{c.index, c.id_book, livemode, /*tiers=*/true});
  }
  if (e.type == EventType::kPriceUpdated) w.KRaw("previous_attributes", "{\"metadata\":{}}");
}

void EventRenderer::MoneyData(BodyWriter& w, const PlannedEvent& e) const {
  const MoneyEvent& m = ctx_.plan.money[e.ref];
  w.Key("object");
  switch (e.type) {
    case EventType::kCustomerCreated:
    case EventType::kCustomerUpdated: CustomerRenderer(ctx_).Customer(w, m, e.created); break;
    case EventType::kPaymentMethodAttached: CustomerRenderer(ctx_).PaymentMethod(w, m, e.created); break;
    case EventType::kInvoiceCreated:
    case EventType::kInvoiceFinalized:
    case EventType::kInvoicePaid:
    case EventType::kInvoicePaymentFailed: PaymentRenderer(ctx_).Invoice(w, e, m); break;
    case EventType::kPaymentIntentCreated:
    case EventType::kPaymentIntentSucceeded:
    case EventType::kPaymentIntentFailed: PaymentRenderer(ctx_).PaymentIntent(w, e, m); break;
    default: PaymentRenderer(ctx_).Charge(w, e, m); break;
  }
  if (e.type == EventType::kCustomerUpdated) w.KRaw("previous_attributes", "{\"metadata\":{\"plan_hint\":null}}");
}

void EventRenderer::Request(BodyWriter& w, const PlannedEvent& e) const {
  if (IsFetched(e.type)) {
    w.KNull("request");
    return;
  }
  w.Key("request");
  w.Open();
  if (e.serial % 3 == 0) {
    w.KNull("id");
    w.KNull("idempotency_key");
  } else {
    w.KStr("id", ctx_.ids.Serial("req_", e.serial ^ kReqSalt));
    w.KStr("idempotency_key", ctx_.ids.Serial("ik_", e.serial));
  }
  w.Close();
}

}  // namespace subledger::eventgen
