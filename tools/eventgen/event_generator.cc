#include "tools/eventgen/event_generator.h"

#include <algorithm>
#include <cmath>

#include "tools/eventgen/catalog.h"
#include "tools/eventgen/event_renderer.h"
#include "tools/eventgen/gen_random.h"
#include "tools/eventgen/planner.h"

namespace subledger::eventgen {

EventGenerator::EventGenerator(const GeneratorOptions& options) : options_(options) {
  salt_ = Mix64(options.seed ^ 0x5375624c65646765ULL);
  prices_ = BuildPrices(salt_);
  coupons_ = BuildCoupons(salt_);
  if (options_.events > 0 || options_.customers > 0) Planner(this).Run();
  if (events_.size() > options_.events) events_.resize(options_.events);

  // Canonical order (spec §1); ids compare like their order keys, and the
  // snapshot ids ("evt_snap_...") sort after the others ("evt_1...").
  std::vector<uint32_t> order(events_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const PlannedEvent& x = events_[a];
    const PlannedEvent& y = events_[b];
    if (x.created != y.created) return x.created < y.created;
    const uint8_t rx = EventRank(x.type), ry = EventRank(y.type);
    if (rx != ry) return rx < ry;
    const bool sx = x.type == EventType::kSubSnapshot, sy = y.type == EventType::kSubSnapshot;
    if (sx != sy) return sy;
    return x.order_key < y.order_key;
  });

  Rng rng(Mix64(options.seed + 0x6475706cULL));
  const uint64_t extra = events_.empty() ? 0 : static_cast<uint64_t>(std::llround(options.duplicates * order.size()));
  if (options.shuffle) {
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

EventGenerator::~EventGenerator() = default;

GeneratorStats EventGenerator::stats() const {
  return GeneratorStats{events_.size(), deliveries_.size(), customers_, subscriptions_};
}

void EventGenerator::AppendBody(size_t i, std::string* out) const {
  EventRenderer(*this).Render(events_[deliveries_[i]], out);
}

GeneratedEvent EventGenerator::Delivery(size_t i) const {
  const PlannedEvent& e = events_[deliveries_[i]];
  GeneratedEvent g;
  EventRenderer renderer(*this);
  renderer.EventId(e, &g.id);
  g.type = e.type == EventType::kSubSnapshot ? "subledger.subscription.snapshot" : EventTypeName(e.type);
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
