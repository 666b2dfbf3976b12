#include "tools/eventgen/price_renderer.h"

#include <cstring>

namespace subledger::eventgen {
namespace {

const char* IntervalName(Interval i) {
  switch (i) {
    case Interval::kDay: return "day";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
    case Interval::kYear: return "year";
  }
  return "month";
}

const char* TiersModeName(TiersMode m) { return m == TiersMode::kVolume ? "volume" : "graduated"; }

// An amount as Stripe shows it: the integer `key` (null when fractional or
// absent) and the string `decimal_key` (null when absent).
void Amount(BodyWriter& w, const char* decimal, const char* key, const char* decimal_key) {
  if (decimal == nullptr) {
    w.KNull(key);
    w.KNull(decimal_key);
    return;
  }
  if (std::strchr(decimal, '.') == nullptr) w.KRaw(key, decimal); else w.KNull(key);
  w.KStr(decimal_key, decimal);
}

}  // namespace

void PriceRenderer::UnitAmount(BodyWriter& w, const PriceDef& p, const char* key, const char* decimal_key) const {
  Amount(w, p.tiered() ? nullptr : p.unit_amount_decimal.c_str(), key, decimal_key);
}

void PriceRenderer::Tiers(BodyWriter& w, const PriceDef& p) const {
  const TierTable& table = TiersOf(p.tier_table);
  w.Key("tiers");
  w.OpenArray();
  for (int i = 0; i < table.size; ++i) {
    const Tier& t = table.tiers[i];
    w.Open();
    Amount(w, t.flat_amount_decimal, "flat_amount", "flat_amount_decimal");
    Amount(w, t.unit_amount_decimal, "unit_amount", "unit_amount_decimal");
    if (t.up_to == 0) w.KNull("up_to"); else w.KInt("up_to", t.up_to);
    w.Close();
  }
  w.CloseArray();
}

void PriceRenderer::Transform(BodyWriter& w, const PriceDef& p) const {
  if (p.divide_by == 0) {
    w.Null();
    return;
  }
  w.Open();
  w.KInt("divide_by", p.divide_by);
  w.KStr("round", p.round_up ? "up" : "down");
  w.Close();
}

void PriceRenderer::Price(BodyWriter& w, const PriceRef& r) const {
  const PriceDef& p = ctx_.plan.prices[r.index];
  w.Open();
  w.KStr("id", ctx_.ids.Price(r.id_book, r.index));
  w.KStr("object", "price");
  w.KBool("active", true);
  w.KStr("billing_scheme", p.tiered() ? "tiered" : "per_unit");
  w.KInt("created", p.created);
  w.KStr("currency", kCurrencies[p.currency]);
  w.KNull("custom_unit_amount");
  w.KBool("livemode", r.livemode);
  w.KNull("lookup_key");
  w.KRaw("metadata", "{}");
  w.KStr("nickname", p.nickname);
  w.KStr("product", ctx_.ids.Product(r.id_book, r.index));
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
  if (p.tiered() && r.tiers) Tiers(w, p);
  if (p.tiered()) w.KStr("tiers_mode", TiersModeName(p.tiers_mode)); else w.KNull("tiers_mode");
  w.Key("transform_quantity");
  Transform(w, p);
  w.KStr("type", "recurring");
  UnitAmount(w, p, "unit_amount", "unit_amount_decimal");
  w.Close();
}

void PriceRenderer::Plan(BodyWriter& w, const PriceRef& r) const {
  const PriceDef& p = ctx_.plan.prices[r.index];
  w.Open();
  w.KStr("id", ctx_.ids.Price(r.id_book, r.index));
  w.KStr("object", "plan");
  w.KBool("active", true);
  if (p.metered) w.KStr("aggregate_usage", "sum"); else w.KNull("aggregate_usage");
  UnitAmount(w, p, "amount", "amount_decimal");
  w.KStr("billing_scheme", p.tiered() ? "tiered" : "per_unit");
  w.KInt("created", p.created);
  w.KStr("currency", kCurrencies[p.currency]);
  w.KStr("interval", IntervalName(p.interval));
  w.KInt("interval_count", p.interval_count);
  w.KBool("livemode", r.livemode);
  w.KRaw("metadata", "{}");
  w.KStr("nickname", p.nickname);
  w.KStr("product", ctx_.ids.Product(r.id_book, r.index));
  if (p.tiered() && r.tiers) Tiers(w, p);
  if (p.tiered()) w.KStr("tiers_mode", TiersModeName(p.tiers_mode)); else w.KNull("tiers_mode");
  w.Key("transform_usage");
  Transform(w, p);
  w.KNull("trial_period_days");
  w.KStr("usage_type", p.metered ? "metered" : "licensed");
  w.Close();
}

}  // namespace subledger::eventgen
