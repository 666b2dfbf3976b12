// SessionRegistry: the live connections of one listener, so the listener can
// cap them and a graceful shutdown can reach every one.
//
// Thread safety: all methods are safe from any thread (one mutex; touched once
// per connection, never per request).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace subledger {

class HttpSession;

class SessionRegistry {
 public:
  void Add(const std::shared_ptr<HttpSession>& session);
  void Remove(const HttpSession* session);
  size_t size() const;
  // The sessions still alive right now.
  std::vector<std::shared_ptr<HttpSession>> Snapshot() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> sessions_;
};

}  // namespace subledger
