#include "ingest/session_registry.h"

namespace subledger {

void SessionRegistry::Add(const std::shared_ptr<HttpSession>& session) {
  std::lock_guard lock(mu_);
  sessions_[session.get()] = session;
}

void SessionRegistry::Remove(const HttpSession* session) {
  std::lock_guard lock(mu_);
  sessions_.erase(session);
}

size_t SessionRegistry::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

std::vector<std::shared_ptr<HttpSession>> SessionRegistry::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<HttpSession>> live;
  live.reserve(sessions_.size());
  for (const auto& [ptr, weak] : sessions_) {
    if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  return live;
}

}  // namespace subledger
