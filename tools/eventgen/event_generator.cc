#include "tools/eventgen/event_generator.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "tools/eventgen/catalog.h"
#include "tools/eventgen/event_renderer.h"
#include "tools/eventgen/gen_random.h"
#include "tools/eventgen/id_space.h"
#include "tools/eventgen/planner.h"

namespace subledger::eventgen {

EventGenerator::EventGenerator(const GeneratorOptions& options) : options_(options) {
  options_.v2.connect_accounts = std::clamp(options_.v2.connect_accounts, 0, 100);
  plan_.salt = Mix64(options.seed ^ 0x5375624c65646765ULL);
  plan_.books = IdSpace::Books(plan_.salt, options_.v2.connect_accounts);
  plan_.prices = BuildPrices();
  plan_.coupons = BuildCoupons();
  plan_.stacks.reserve(16);
  ids_ = std::make_unique<IdSpace>(plan_.salt, plan_.books.size(), plan_.prices.size(), plan_.coupons.size());
  if (options_.events > 0 || options_.customers > 0) Planner(&plan_, *ids_, options_).Run();
  if (plan_.events.size() > options_.events) plan_.events.resize(options_.events);
  Deliver(CanonicalOrder());
}

EventGenerator::~EventGenerator() = default;

std::vector<uint32_t> EventGenerator::CanonicalOrder() const {
  // Ids compare like (id family, order key): "evt_1…" < "evt_snap_price_…" < "evt_snap_sub_…".
  std::vector<uint32_t> order(plan_.events.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const PlannedEvent& x = plan_.events[a];
    const PlannedEvent& y = plan_.events[b];
    if (x.created != y.created) return x.created < y.created;
    const uint8_t rx = EventRank(x.type), ry = EventRank(y.type);
    if (rx != ry) return rx < ry;
    const uint8_t cx = IdClass(x.type), cy = IdClass(y.type);
    if (cx != cy) return cx < cy;
    return x.order_key < y.order_key;
  });
  return order;
}

void EventGenerator::Deliver(const std::vector<uint32_t>& order) {
  Rng rng(Mix64(options_.seed + 0x6475706cULL));
  const uint64_t extra = order.empty() ? 0 : static_cast<uint64_t>(std::llround(options_.duplicates * order.size()));
  if (options_.shuffle) {
    deliveries_ = order;
    for (uint64_t i = 0; i < extra; ++i) deliveries_.push_back(order[rng.Below(order.size())]);
    for (size_t i = deliveries_.size(); i > 1; --i) std::swap(deliveries_[i - 1], deliveries_[rng.Below(i)]);
    return;
  }
  // A re-delivery arrives a little after its original.
  std::vector<std::pair<uint64_t, uint32_t>> keyed;
  keyed.reserve(order.size() + extra);
  for (uint64_t p = 0; p < order.size(); ++p) keyed.emplace_back(p << 1, order[p]);
  for (uint64_t i = 0; i < extra; ++i) {
    const uint64_t p = rng.Below(order.size());
    keyed.emplace_back(((p + 1 + rng.Below(2000)) << 1) | 1, order[p]);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  deliveries_.reserve(keyed.size());
  for (const auto& k : keyed) deliveries_.push_back(k.second);
}

GeneratorStats EventGenerator::stats() const {
  return GeneratorStats{plan_.events.size(), deliveries_.size(), plan_.customers, plan_.subscriptions};
}

void EventGenerator::AppendBody(size_t i, std::string* out) const {
  EventRenderer(plan_, *ids_).Render(plan_.events[deliveries_[i]], out);
}

GeneratedEvent EventGenerator::Delivery(size_t i) const {
  const PlannedEvent& e = plan_.events[deliveries_[i]];
  const EventRenderer renderer(plan_, *ids_);
  GeneratedEvent g;
  renderer.EventId(e, &g.id);
  g.type = EventTypeName(e.type);
  g.created = e.created;
  g.body.reserve(4096);
  renderer.Render(e, &g.body);
  return g;
}

std::vector<GeneratedEvent> EventGenerator::All() const {
  std::vector<GeneratedEvent> out;
  out.reserve(size());
  for (size_t i = 0; i < size(); ++i) out.push_back(Delivery(i));
  return out;
}

}  // namespace subledger::eventgen
