#include "projections/subscription_view.h"

#include "ledger/json_view.h"
#include "ledger/json_writer.h"
#include "projections/calendar.h"
#include "projections/subscription_state.h"
#include "projections/valuation.h"

namespace subledger {
namespace {

const char* IntervalName(BillingInterval i) {
  switch (i) {
    case BillingInterval::kDay: return "day";
    case BillingInterval::kWeek: return "week";
    case BillingInterval::kMonth: return "month";
    case BillingInterval::kYear: return "year";
    case BillingInterval::kNone: return nullptr;
  }
  return nullptr;
}

void OptInt(JsonWriter& w, const char* key, const std::optional<int64_t>& v) {
  w.Key(key);
  w.OptInt(v);
}

void OptExact(JsonWriter& w, const char* key, const std::optional<Exact>& v) {
  w.Key(key);
  if (v) {
    w.String(v->ToText());
  } else {
    w.Null();
  }
}

// A whole quantity as a JSON integer, any other as its exact text ("5/2").
void WriteQuantity(JsonWriter& w, const Exact& q) {
  w.Key("quantity");
  const std::optional<Money> whole = q.Floor();
  if (whole && *whole <= INT64_MAX && Exact(static_cast<int64_t>(*whole)) == q) {
    w.Int(static_cast<int64_t>(*whole));
  } else {
    w.String(q.ToText());
  }
}

void WriteBook(JsonWriter& w, const Book& book) {
  w.Key("account");
  if (book.platform()) {
    w.Null();
  } else {
    w.String(book.account);
  }
  w.Key("livemode"); w.Bool(book.livemode);
}

void WriteItems(JsonWriter& w, const std::vector<ItemTerms>& items, const Catalog& catalog) {
  w.Key("items");
  w.BeginArray();
  for (const ItemTerms& item : items) {
    const PriceTerms& p = item.price;
    w.BeginObject();
    w.Key("price"); w.String(p.id);
    WriteQuantity(w, item.quantity);
    OptExact(w, "unit_amount", p.unit_amount);
    w.Key("interval");
    if (const char* name = IntervalName(p.interval)) { w.String(name); } else { w.Null(); }
    w.Key("interval_count"); w.Int(p.interval_count);
    w.Key("metered"); w.Bool(p.metered);
    w.Key("tiered"); w.Bool(p.tiered);
    if (p.tiered) {
      w.Key("tiers_known"); w.Bool(p.tiers.has_value() || catalog.Price(p.id) != nullptr);
    }
    w.EndObject();
  }
  w.EndArray();
}

void WriteDiscounts(JsonWriter& w, const std::vector<DiscountRef>& refs, const Catalog& catalog) {
  w.Key("discounts");
  w.BeginArray();
  for (const DiscountRef& ref : refs) {
    const DiscountTerms* d = ResolveDiscount(ref, catalog);
    w.BeginObject();
    w.Key("id"); w.String(ref.id);
    w.Key("known"); w.Bool(d != nullptr);
    if (d != nullptr) {
      w.Key("coupon"); w.String(d->coupon_id);
      OptInt(w, "end", d->end);
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string RenderSubscriptionView(const Book& book, const EventRecord& last, const SubscriptionNow& now,
                                   const std::string& customer, const Catalog& catalog) {
  JsonDocument doc;
  SubscriptionState s;
  if (doc.Parse(last.body).ok()) s = ParseSubscription(doc.root()["data"]["object"]);
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("id"); w.String(s.id.empty() ? last.envelope.object_id : s.id);
  WriteBook(w, book);
  w.Key("customer"); w.String(customer);
  w.Key("status"); w.String(now.status);
  w.Key("currency"); w.String(now.currency);
  w.Key("mrr"); w.Amount(now.mrr);
  w.Key("counted"); w.Bool(now.counted);
  w.Key("unpriced_items"); w.Int(now.unpriced);
  WriteItems(w, s.items, catalog);
  WriteDiscounts(w, s.discounts, catalog);
  w.Key("cancel_at_period_end"); w.Bool(s.cancel_at_period_end);
  OptInt(w, "cancel_at", s.cancel_at);
  w.Key("pause_collection"); w.Bool(s.pause_collection);
  OptInt(w, "trial_end", s.trial_end);
  w.Key("cancellation_reason");
  if (s.cancellation_reason.empty()) { w.Null(); } else { w.String(s.cancellation_reason); }
  w.Key("last_event");
  w.BeginObject();
  w.Key("id"); w.String(last.envelope.id);
  w.Key("type"); w.String(last.envelope.type);
  w.Key("created"); w.Int(last.envelope.created);
  w.Key("seq"); w.Int(static_cast<int64_t>(last.seq));
  w.EndObject();
  w.EndObject();
  return w.Take();
}

std::string RenderCustomerView(const Book& book, const std::string& customer_id, const CustomerDerivation& d) {
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("id"); w.String(customer_id);
  WriteBook(w, book);
  w.Key("mrr");
  w.BeginObject();
  for (const auto& [currency, mrr] : d.mrr_by_currency) {
    w.Key(currency);
    w.Amount(mrr);
  }
  w.EndObject();
  w.Key("subscriptions");
  w.BeginArray();
  for (const auto& [id, sub] : d.subscriptions) {
    w.BeginObject();
    w.Key("id"); w.String(id);
    w.Key("status"); w.String(sub.status);
    w.Key("currency"); w.String(sub.currency);
    w.Key("mrr"); w.Amount(sub.mrr);
    w.Key("scheduled_to_cancel"); w.Bool(sub.scheduled);
    w.EndObject();
  }
  w.EndArray();
  w.Key("movements");
  w.BeginArray();
  for (const Movement& m : d.movements) {
    w.BeginObject();
    w.Key("event_id"); w.String(m.event_id);
    w.Key("subscription"); w.String(m.subscription_id);
    if (!m.discount_id.empty()) {
      w.Key("discount"); w.String(m.discount_id);
    }
    w.Key("created"); w.Int(m.time);
    w.Key("month"); w.String(MonthLabel(MonthOf(m.time)));
    w.Key("currency"); w.String(m.currency);
    w.Key("kind"); w.String(MovementKindName(m.kind));
    w.Key("amount"); w.Amount(m.amount);
    if (m.kind == MovementKind::kChurn) {
      w.Key("reason"); w.String(m.involuntary ? "involuntary" : "voluntary");
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace subledger
