// EventLog::Impl: the parts behind the EventLog facade, shared by the files
// that implement it (event_log.cc: open/append/read/close;
// event_log_state.cc: the projection state family). Internal to ledger/.
//
// Locking: appends go straight to the Committer (it refuses work once
// stopped). Reads hold `lifetime` shared; Close() holds it exclusively while
// it closes RocksDB, after which reads fail with kUnavailable.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>

#include "ledger/committer.h"
#include "ledger/event_log.h"
#include "ledger/log_database.h"

namespace subledger {

class EventLog::Impl {
 public:
  EventLogOptions options;
  std::unique_ptr<LogDatabase> database;
  std::unique_ptr<Committer> committer;  // null when options.read_only
  SequenceNumber read_only_last_sequence = 0;

  std::mutex close_call;                // serializes Close()
  mutable std::shared_mutex lifetime;   // shared: readers; exclusive: Close()
  bool closed = false;                  // guarded by lifetime

  // A reader's view of the database: null (with *status set) after Close().
  class Reader {
   public:
    explicit Reader(const Impl& impl) : lock_(impl.lifetime), impl_(impl) {}
    const LogDatabase* get(const char* what, Status* status) const {
      if (impl_.closed) {
        *status = Status::Unavailable(std::string(what) + ": the event log is closed");
        return nullptr;
      }
      return impl_.database.get();
    }

   private:
    std::shared_lock<std::shared_mutex> lock_;
    const Impl& impl_;
  };
};

}  // namespace subledger
