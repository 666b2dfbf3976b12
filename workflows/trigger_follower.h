// TriggerFollower: follows the event log for the definitions that have a
// `trigger:`, the way the projector does: from a checkpoint per workflow
// (run_store.h, checkpoint/<workflow id>) to the end of the log.
//
// For every event after a workflow's checkpoint:
//   * of the trigger's type: a run whose id is derived from (workflow id,
//     event id) -- TriggeredRunId -- is created unless it exists, so each
//     matching event id starts exactly one run, whatever the delivery order,
//     duplicates (the log holds each id once) or restarts. With
//     `perObject: true` the id is derived from (workflow id, data.object.id)
//     instead: one run per object, however many such events it has;
//   * of a type in `until`, with a data.object.id: the stop marker for
//     (workflow, object) is recorded and the open runs for that object are
//     stopped. A run whose trigger arrives after its `until` event (out of
//     order) is created stopped.
// Each such event's effects and the checkpoint past it are one synced
// write. A workflow seen for the first time starts at the end of the log:
// its trigger applies to events appended from then on.
//
// Thread safety: one thread (the engine's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/runner.h"

namespace subledger::workflows {

// "wfr_" + the first 24 hex digits of SHA-256(workflow id, key), where key
// is the event id, or "object " + data.object.id with perObject.
std::string TriggeredRunId(std::string_view workflow_id, std::string_view key);

class TriggerFollower {
 public:
  // `definitions` must outlive the follower; those without a trigger are ignored.
  TriggerFollower(Runner* runner, const std::vector<Definition>* definitions);

  // Reads (or creates at the log's end) each triggered workflow's checkpoint.
  Status Init();
  // Evaluates every event after the checkpoints up to the log's end.
  // Returns the number of runs started.
  Result<uint64_t> CatchUp();

 private:
  struct Followed {
    const Definition* definition;
    SequenceNumber checkpoint;
  };
  struct Match {
    EventRecord record;
    std::vector<size_t> starts;  // indices into followed_
    std::vector<size_t> stops;
  };
  Status Handle(const Match& match, uint64_t* started);
  Status Start(const Definition& def, const EventRecord& record, StateBatch* batch,
               std::vector<RunRecord>* finished, uint64_t* started);
  Status Stop(const Definition& def, const EventRecord& record, StateBatch* batch, std::vector<RunRecord>* finished);
  Status AdvanceCheckpoints(SequenceNumber seq, StateBatch* batch);

  Runner* runner_;
  const std::vector<Definition>* definitions_;
  std::vector<Followed> followed_;
};

}  // namespace subledger::workflows
