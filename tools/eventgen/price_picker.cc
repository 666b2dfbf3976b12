#include "tools/eventgen/price_picker.h"

#include <algorithm>
#include <string>

namespace subledger::eventgen {

PricePicker::PricePicker(PlanContext& ctx, CarrierPlanner& carriers) : ctx_(ctx), carriers_(carriers) {}

PriceGroup PricePicker::PickGroup() {
  const double r = ctx_.rng.Unit();
  if (r < 0.50) return PriceGroup::kMonthly;
  if (r < 0.75) return PriceGroup::kYearly;
  if (r < 0.84) return PriceGroup::kQuarterly;
  if (r < 0.93) return PriceGroup::kWeekly;
  return PriceGroup::kDaily;
}

uint16_t PricePicker::Pick(uint8_t currency, PriceGroup group) {
  uint16_t candidates[32];
  int n = 0;
  const std::vector<PriceDef>& prices = ctx_.plan.prices;
  for (size_t i = 0; i < prices.size() && n < 32; ++i) {
    if (prices[i].currency == currency && prices[i].group == group) candidates[n++] = static_cast<uint16_t>(i);
  }
  return candidates[ctx_.rng.Below(static_cast<uint64_t>(n))];
}

int32_t PricePicker::QuantityFor(const PriceDef& p, bool extreme) {
  Rng& rng = ctx_.rng;
  if (extreme) return static_cast<int32_t>(rng.Chance(0.3) ? 1 : rng.Between(1000000, 10000000));
  if (p.nickname.find("API") != std::string::npos) return static_cast<int32_t>(rng.Between(1000, 40000));
  if (p.group == PriceGroup::kTiered) return static_cast<int32_t>(rng.Between(1, 60));
  if (p.group == PriceGroup::kPacks) {
    return static_cast<int32_t>(p.divide_by >= 1000 ? rng.Between(500, 250000) : rng.Between(1, 120));
  }
  if (p.nickname.find("Seat") != std::string::npos || rng.Chance(0.2)) return static_cast<int32_t>(rng.Between(2, 25));
  return 1;
}

ItemState PricePicker::NewItem(SubscriptionLife& life, uint16_t price, int32_t quantity, int64_t at) {
  carriers_.NotePrice(life.s.owner, life.s.shape, price, at);
  return ItemState{price, quantity, ++ctx_.next_item, at};
}

void PricePicker::StartItems(SubscriptionLife& life, bool extreme) {
  SubscriptionSnapshot& s = life.s;
  const V2Rates& r = ctx_.rates;
  const double roll = ctx_.rng.Unit();
  PriceGroup group = extreme                                       ? PriceGroup::kExtreme
                     : roll < r.tiered_share                       ? PriceGroup::kTiered
                     : roll < r.tiered_share + r.transform_share   ? PriceGroup::kPacks
                                                                   : PickGroup();
  const uint16_t main = Pick(s.owner.currency, group);
  s.n_items = 1;
  s.items[0] = NewItem(life, main, QuantityFor(ctx_.plan.prices[main], extreme), s.created);
  if (extreme || !ctx_.rng.Chance(0.15)) return;
  // A second item: an add-on (metered or tiered) on monthly plans, else the same cadence.
  if (group != PriceGroup::kMonthly && group != PriceGroup::kYearly) group = PriceGroup::kMonthly;
  const bool addon = group == PriceGroup::kMonthly && ctx_.rng.Chance(0.5);
  const uint16_t second = Pick(s.owner.currency, addon ? PriceGroup::kAddOn : group);
  const int32_t q = addon ? QuantityFor(ctx_.plan.prices[second], false) : static_cast<int32_t>(ctx_.rng.Between(1, 5));
  s.items[s.n_items++] = NewItem(life, second, q, s.created);
  if (ctx_.rng.Chance(0.2)) s.items[s.n_items++] = NewItem(life, Pick(s.owner.currency, group), 1, s.created);
}

bool PricePicker::ChangeMainPrice(SubscriptionLife& life, int64_t at, bool* new_cadence) {
  SubscriptionSnapshot& s = life.s;
  const PriceGroup from = ctx_.plan.prices[s.items[0].price].group;
  PriceGroup group = from;
  if (group == PriceGroup::kMonthly && ctx_.rng.Chance(0.15)) group = PriceGroup::kYearly;
  const uint16_t price = Pick(s.owner.currency, group);
  if (price == s.items[0].price) return false;
  *new_cadence = group != from;
  carriers_.NotePrice(s.owner, s.shape, price, at);
  s.items[0].price = price;
  return true;
}

void PricePicker::ChangeQuantity(SubscriptionLife& life) {
  ItemState& item = life.s.items[0];
  if (ctx_.rng.Chance(ctx_.rates.negative_quantity_share)) {
    item.quantity = -static_cast<int32_t>(ctx_.rng.Between(1, 3));
    return;
  }
  const int64_t q = item.quantity + ctx_.rng.Between(-3, 5);
  item.quantity = static_cast<int32_t>(std::max<int64_t>(1, q));
}

bool PricePicker::AddItem(SubscriptionLife& life, int64_t at) {
  SubscriptionSnapshot& s = life.s;
  if (s.n_items >= 3) return false;
  PriceGroup group = ctx_.plan.prices[s.items[0].price].group;
  if (group == PriceGroup::kTiered || group == PriceGroup::kPacks || group == PriceGroup::kExtreme) {
    group = PriceGroup::kMonthly;
  }
  const bool addon = group == PriceGroup::kMonthly && ctx_.rng.Chance(0.5);
  const uint16_t price = Pick(s.owner.currency, addon ? PriceGroup::kAddOn : group);
  const int32_t q = addon ? QuantityFor(ctx_.plan.prices[price], false) : static_cast<int32_t>(ctx_.rng.Between(1, 4));
  s.items[s.n_items++] = NewItem(life, price, q, at);
  return true;
}

}  // namespace subledger::eventgen
