#include "tools/bench/lag_sampler.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace subledger::bench {

LagSampler::LagSampler(std::string host, uint16_t admin_port, std::chrono::milliseconds period)
    : host_(std::move(host)), port_(admin_port), period_(period) {}

LagSampler::~LagSampler() {
  if (thread_.joinable()) Stop();
}

void LagSampler::Start() { thread_ = std::thread([this] { Run(); }); }

int64_t LagSampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  return max_lag_;
}

void LagSampler::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
    lock.unlock();
    max_lag_ = std::max(max_lag_, ReadLag());
    lock.lock();
  }
}

int64_t LagSampler::ReadLag() const {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET /readyz HTTP/1.1\r\nHost: " + host_ + "\r\nConnection: close\r\n\r\n";
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buf[4096];
      ssize_t r;
      while ((r = recv(fd, buf, sizeof buf, 0)) > 0) response.append(buf, static_cast<size_t>(r));
    }
  }
  close(fd);
  constexpr std::string_view kField = "\"lag_events\":";
  const size_t at = response.find(kField);
  if (at == std::string::npos) return -1;
  char* end = nullptr;
  const long long lag = std::strtoll(response.c_str() + at + kField.size(), &end, 10);
  return end == response.c_str() + at + kField.size() ? -1 : lag;
}

}  // namespace subledger::bench
