// EventLog::Impl: the parts behind the EventLog facade, shared by the files
// that implement it (event_log.cc: open/append/read/close;
// event_log_state.cc: the projection state family). Internal to ledger/.
//
// Locking: appends and state writes go straight to the Committer (it refuses
// work once stopped or failed). Reads hold `lifetime` shared; Close() holds it
// exclusively while it closes RocksDB, after which reads fail with
// kUnavailable. Reopen() (the committer's recovery from a full disk) holds it
// exclusively while it swaps the database; if the new open fails, `database`
// is null and reads fail with kUnavailable until an attempt succeeds.
#pragma once

#include <memory>

#include "ledger/committer.h"
#include "ledger/event_log.h"
#include "ledger/log_database.h"
#include "ledger/thread_annotations.h"

namespace subledger {

class EventLog::Impl {
 public:
  EventLogOptions options;
  std::unique_ptr<LogDatabase> database;
  std::unique_ptr<Committer> committer;  // null when options.read_only
  SequenceNumber read_only_last_sequence = 0;
  std::vector<std::string> torn_wal_tails_cut;  // by the first open (LogDatabase::torn_wal_tails_cut)

  Mutex close_call;                     // serializes Close()
  mutable SharedMutex lifetime;         // shared: readers; exclusive: Close(), Reopen()
  bool closed SL_GUARDED_BY(lifetime) = false;

  // Closes the database and opens it again, checks the open invariants and
  // makes a synced probe write: the committer's recovery hook. Committer
  // thread only (event_log.cc).
  Result<CommitTarget> Reopen();

  // A reader's view of the database: null (with *status set) after Close().
  class Reader {
   public:
    explicit Reader(const Impl& impl) : lock_(impl.lifetime), impl_(impl) {}
    // Holds impl_.lifetime shared through lock_, for the Reader's whole
    // life: the analysis follows scopes, not members, so it is told here.
    const LogDatabase* get(const char* what, Status* status) const SL_NO_THREAD_SAFETY_ANALYSIS {
      if (impl_.closed) {
        *status = Status::Unavailable(std::string(what) + ": the event log is closed");
        return nullptr;
      }
      if (impl_.database == nullptr) {
        *status = Status::Unavailable(std::string(what) +
                                      ": the event log is reopening its database after a failed write");
        return nullptr;
      }
      return impl_.database.get();
    }

   private:
    ReaderLock lock_;
    const Impl& impl_;
  };
};

}  // namespace subledger
