// RunStore: the workflow runner's durable state in the event log's
// "workflows" column family. Every write goes through
// EventLog::CommitWorkflowRecords: the committer thread (the database's one
// writer) applies it atomically and fsyncs the WAL before returning, so a
// write that returned OK survives a crash.
//
// Keys (ASCII; docs/workflows.md, "Persisted format"):
//   run/<run id>                          run record (run_record.h)
//   due/<20-digit due micros>/<run id>    "" -- one per unfinished run: when its
//                                         current step is due (a durable timer)
//   def/<sha-256 hex of the YAML>         0x01 + the definition's YAML text
//   checkpoint/<workflow id>              0x01 + decimal sequence number: the
//                                         log is evaluated for this workflow's
//                                         trigger up to and including it
//   stopped/<workflow id>/<object id>     0x01 + the id of the `until` event
//   open/<workflow id>/<object id>/<run>  "" -- unfinished triggered runs with
//                                         `until`, to stop them when it arrives
//
// Thread safety: reads may run on any thread (RocksDB); writers must not
// race on the same run (the engine has one runner thread).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/event_log.h"
#include "workflows/definition.h"
#include "workflows/run_record.h"

namespace subledger::workflows {

// Lower-case hex SHA-256 of a definition's YAML text.
std::string DefinitionHash(std::string_view source);

class RunStore {
 public:
  explicit RunStore(EventLog* log) : log_(log) {}
  EventLog* log() const { return log_; }

  // nullopt when there is no such run.
  Result<std::optional<RunRecord>> Load(std::string_view run_id) const;
  // Adds the run and its index changes (from `before`, null for a new run) to `batch`.
  static void Stage(const RunRecord* before, const RunRecord& after, StateBatch* batch);
  Status Commit(const StateBatch& batch) const;  // synced
  Status Save(const RunRecord* before, const RunRecord& after) const;  // Stage + Commit

  // Unfinished runs due at or before `until` (Unix micros), earliest first.
  Result<std::vector<std::pair<int64_t, std::string>>> Due(int64_t until, size_t limit) const;
  // The earliest due time of any unfinished run.
  Result<std::optional<int64_t>> NextDue() const;
  // Unfinished runs due after `now`: the durable timers pending.
  Result<uint64_t> CountDueAfter(int64_t now) const;
  // Every run, in run id order; fn returns false to stop.
  Status ForEachRun(const std::function<bool(const RunRecord&)>& fn) const;

  static void StageDefinition(const Definition& definition, StateBatch* batch);
  Result<std::string> LoadDefinitionSource(std::string_view hash) const;

  Result<std::optional<SequenceNumber>> Checkpoint(std::string_view workflow_id) const;
  static void StageCheckpoint(std::string_view workflow_id, SequenceNumber seq, StateBatch* batch);

  // The `until` event recorded for (workflow, object), if any.
  Result<std::optional<std::string>> StopMarker(std::string_view workflow_id, std::string_view object_id) const;
  static void StageStopMarker(std::string_view workflow_id, std::string_view object_id, std::string_view event_id,
                              StateBatch* batch);
  // Unfinished runs of (workflow, object) that have `until`.
  Result<std::vector<std::string>> OpenRuns(std::string_view workflow_id, std::string_view object_id) const;

 private:
  Result<std::optional<std::string>> Get(const std::string& key) const;
  EventLog* log_;
};

}  // namespace subledger::workflows
