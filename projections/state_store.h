// StateStore: where the projection state is read back from (the event
// log's "state" column family in the daemon and the CLI; nothing at all in
// memory-only use such as tests and `report` on a read-only copy).
//
// Thread safety: implementations are safe for concurrent reads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/status.h"

namespace subledger {

class StateStore {
 public:
  virtual ~StateStore() = default;
  // The value of `key`; nullopt when absent.
  virtual Result<std::optional<std::string>> Get(const std::string& key) const = 0;
  // Every key starting with `prefix`, in key order, until fn returns false.
  virtual Status Scan(std::string_view prefix,
                      const std::function<bool(std::string_view key, std::string_view value)>& fn) const = 0;
};

}  // namespace subledger
