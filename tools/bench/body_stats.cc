#include "tools/bench/body_stats.h"

#include <algorithm>
#include <cmath>

namespace subledger::bench {
namespace {

constexpr size_t kHistogramBytes = 1 << 16;

std::string Bytes(size_t n) { return Grouped(n) + " B"; }

std::string Fail(const std::string& what, double got, const std::string& want) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s is %.1f, want %s", what.c_str(), got, want.c_str());
  return buf;
}

}  // namespace

std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void SizeSummary::Add(size_t body, size_t object) {
  min = count == 0 ? body : std::min(min, body);
  max = std::max(max, body);
  object_min = count == 0 ? object : std::min(object_min, object);
  object_max = std::max(object_max, object);
  ++count;
  bytes += body;
  object_bytes += object;
}

BodyStats::BodyStats(std::vector<TypeShare> types)
    : types_(std::move(types)), per_type_(types_.size()), object_histogram_(kHistogramBytes, 0) {}

void BodyStats::Add(int type, size_t body_bytes, size_t object_bytes) {
  all_.Add(body_bytes, object_bytes);
  per_type_[static_cast<size_t>(type)].Add(body_bytes, object_bytes);
  ++object_histogram_[std::min(object_bytes, kHistogramBytes - 1)];
}

size_t BodyStats::ObjectMedian() const {
  uint64_t seen = 0;
  for (size_t size = 0; size < object_histogram_.size(); ++size) {
    seen += object_histogram_[size];
    if (seen * 2 >= all_.count && all_.count > 0) return size;
  }
  return 0;
}

void BodyStats::Print(FILE* out, const char* indent) const {
  std::fprintf(out, "%s%s events: mean %s, min %s, max %s; data.object (compact JSON) median %s, min %s, max %s\n",
               indent, Grouped(all_.count).c_str(), Bytes(static_cast<size_t>(all_.mean() + 0.5)).c_str(),
               Bytes(all_.min).c_str(), Bytes(all_.max).c_str(), Bytes(ObjectMedian()).c_str(),
               Bytes(all_.object_min).c_str(), Bytes(all_.object_max).c_str());
  std::fprintf(out, "%s%-31s %6s %9s %9s %9s %12s\n", indent, "type", "share", "mean B", "min B", "max B",
               "object mean");
  for (size_t t = 0; t < types_.size(); ++t) {
    const SizeSummary& s = per_type_[t];
    const double share = all_.count ? 100.0 * static_cast<double>(s.count) / static_cast<double>(all_.count) : 0;
    std::fprintf(out, "%s%-31s %5.1f%% %9s %9s %9s %12s\n", indent, types_[t].type, share,
                 Grouped(static_cast<uint64_t>(s.mean() + 0.5)).c_str(), Grouped(s.min).c_str(),
                 Grouped(s.max).c_str(), Grouped(static_cast<uint64_t>(s.object_mean() + 0.5)).c_str());
  }
}

std::vector<std::string> CheckStripeTargets(const BodyStats& stats) {
  std::vector<std::string> failures;
  const SizeSummary& all = stats.all();
  if (all.count < 20000) return {"only " + Grouped(all.count) + " events: the check needs at least 20,000"};
  double total_percent = 0;
  for (const TypeShare& t : stats.types()) total_percent += t.percent;
  for (size_t t = 0; t < stats.types().size(); ++t) {
    const double want = 100.0 * stats.types()[t].percent / total_percent;
    const double got = 100.0 * static_cast<double>(stats.per_type()[t].count) / static_cast<double>(all.count);
    if (std::fabs(got - want) > 0.6) failures.push_back(Fail(std::string(stats.types()[t].type) + " share %", got, "within 0.6 of " + std::to_string(want)));
  }
  if (std::fabs(all.mean() - 5100) > 102) failures.push_back(Fail("mean body bytes", all.mean(), "5,100 +- 2 %"));
  if (all.min < 2200) failures.push_back(Fail("smallest body", static_cast<double>(all.min), ">= 2,200"));
  if (all.max > 11800) failures.push_back(Fail("largest body", static_cast<double>(all.max), "<= 11,800"));
  if (all.min > 2700) failures.push_back(Fail("smallest body", static_cast<double>(all.min), "<= 2,700 (use the range)"));
  if (all.max < 10000) failures.push_back(Fail("largest body", static_cast<double>(all.max), ">= 10,000 (use the range)"));
  if (all.object_min < 1200) failures.push_back(Fail("smallest data.object", static_cast<double>(all.object_min), ">= 1,200"));
  if (all.object_max > 4500) failures.push_back(Fail("largest data.object", static_cast<double>(all.object_max), "<= 4,500"));
  const double median = static_cast<double>(stats.ObjectMedian());
  if (std::fabs(median - 3500) > 150) failures.push_back(Fail("data.object median", median, "3,500 +- 150"));
  return failures;
}

}  // namespace subledger::bench
