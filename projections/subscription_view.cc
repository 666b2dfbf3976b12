#include "projections/subscription_view.h"

#include "ledger/json_view.h"
#include "projections/calendar.h"
#include "projections/json_writer.h"
#include "projections/subscription_state.h"

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

std::string RationalText(const Rational& r) {
  // Exact decimal when the denominator is a power of ten, else "num/den".
  Rational::Int den = r.den();
  int scale = 0;
  while (den % 10 == 0) {
    den /= 10;
    ++scale;
  }
  auto to_string = [](Rational::Int v) {
    bool neg = v < 0;
    if (neg) v = -v;
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
      v /= 10;
    } while (v != 0);
    return neg ? "-" + s : s;
  };
  if (den != 1) return to_string(r.num()) + "/" + to_string(r.den());
  std::string digits = to_string(r.num() < 0 ? -r.num() : r.num());
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, ".");
  }
  return (r.num() < 0 ? "-" : "") + digits;
}

void OptInt(JsonWriter& w, const char* key, const std::optional<int64_t>& v) {
  w.Key(key);
  w.OptInt(v);
}

}  // namespace

std::string RenderSubscriptionView(const EventRecord& last) {
  JsonDocument doc;
  SubscriptionState s;
  if (doc.Parse(last.body).ok()) s = ParseSubscription(doc.root()["data"]["object"]);
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("id"); w.String(s.id.empty() ? last.envelope.object_id : s.id);
  w.Key("customer"); w.String(s.customer);
  w.Key("status"); w.String(s.status);
  w.Key("currency"); w.String(s.currency);
  w.Key("mrr"); w.Int(s.MrrCents());
  w.Key("counted"); w.Bool(s.Counted());
  w.Key("items");
  w.BeginArray();
  for (const SubscriptionItem& item : s.items) {
    w.BeginObject();
    w.Key("price"); w.String(item.price_id);
    w.Key("quantity"); w.Int(item.quantity);
    w.Key("unit_amount");
    if (item.unit_amount) { w.String(RationalText(*item.unit_amount)); } else { w.Null(); }
    w.Key("interval");
    if (const char* name = IntervalName(item.interval)) { w.String(name); } else { w.Null(); }
    w.Key("interval_count"); w.Int(item.interval_count);
    w.Key("metered"); w.Bool(item.metered);
    w.Key("unpriced"); w.Bool(item.unpriced());
    w.Key("mrr"); w.String(RationalText(item.Mrr()));
    w.EndObject();
  }
  w.EndArray();
  w.Key("discounts");
  w.BeginArray();
  for (const Coupon& c : s.coupons) {
    w.BeginObject();
    w.Key("id"); w.String(c.discount_id);
    w.Key("duration"); w.String(c.duration);
    w.Key("percent_off");
    if (c.percent_off) { w.String(RationalText(*c.percent_off)); } else { w.Null(); }
    OptInt(w, "amount_off", c.amount_off);
    w.Key("currency"); w.String(c.currency);
    w.EndObject();
  }
  w.EndArray();
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

std::string RenderCustomerView(const std::string& customer_id, const CustomerDerivation& d) {
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("id"); w.String(customer_id);
  w.Key("mrr");
  w.BeginObject();
  for (const auto& [currency, mrr] : d.mrr_by_currency) {
    w.Key(currency);
    w.Int(mrr);
  }
  w.EndObject();
  w.Key("subscriptions");
  w.BeginArray();
  for (const auto& [id, sub] : d.subscriptions) {
    w.BeginObject();
    w.Key("id"); w.String(id);
    w.Key("status"); w.String(sub.status);
    w.Key("currency"); w.String(sub.currency);
    w.Key("mrr"); w.Int(sub.mrr);
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
    w.Key("created"); w.Int(m.created);
    w.Key("month"); w.String(MonthLabel(MonthOf(m.created)));
    w.Key("currency"); w.String(m.currency);
    w.Key("kind"); w.String(MovementKindName(m.kind));
    w.Key("amount"); w.Int(m.amount);
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
