#include "tools/bench/request_pool.h"

#include <chrono>

#include "ledger/clock.h"

namespace subledger::bench {

RequestPool::RequestPool(WebhookEventGenerator* generator, std::string host_header, std::string path)
    : generator_(generator), host_header_(std::move(host_header)), path_(std::move(path)) {}

void RequestPool::Fill(uint64_t count) {
  filled_at_ = std::chrono::steady_clock::now();
  std::string request;
  offsets_.reserve(offsets_.size() + count);
  serials_.reserve(serials_.size() + count);
  arena_.reserve(arena_.size() + count * 5600);  // a guess (Stripe mix ~5.4 KB a request): the arena grows if short
  for (uint64_t i = 0; i < count; ++i) {
    serials_.push_back(generator_->NextRequest(host_header_, path_, SystemClock::Instance().NowUnixSeconds(), &request));
    offsets_.push_back(arena_.size());
    arena_.append(request);
  }
}

uint64_t RequestPool::Next(std::string* scratch, std::string_view* request) {
  if (next_ < offsets_.size() && std::chrono::steady_clock::now() - filled_at_ < kMaxAge) {
    const uint64_t i = next_++;
    const uint64_t end = i + 1 < offsets_.size() ? offsets_[i + 1] : arena_.size();
    *request = std::string_view(arena_).substr(offsets_[i], end - offsets_[i]);
    return serials_[i];
  }
  ++made_during_load_;
  const uint64_t serial = generator_->NextRequest(host_header_, path_, SystemClock::Instance().NowUnixSeconds(), scratch);
  *request = *scratch;
  return serial;
}

}  // namespace subledger::bench
