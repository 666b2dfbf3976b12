// A workflow run as recorded in the "workflows" column family: its status,
// input, trigger, the step to run next, and every step it ran with its
// outcome. Encoded as one version byte (0x01) followed by a UTF-8 JSON
// object whose fields docs/workflows.md ("Persisted format") lists; the
// version byte is never renumbered: a new encoding gets a new byte, and old
// ones stay readable. Times are Unix microseconds on the runner's Clock.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/event_record.h"
#include "ledger/status.h"

namespace subledger::workflows {

inline constexpr uint8_t kRunRecordV1 = 1;

enum class RunStatus {
  kRunning,    // the current step is due (due_at) or in progress
  kWaiting,    // the current step has `after:` and is due at due_at
  kSucceeded,  // ended without any failed step
  kFailed,     // a step failed (its onFailure path, if any, has run)
  kStopped,    // a trigger's `until` event for the same object arrived
};
const char* RunStatusName(RunStatus status);
std::optional<RunStatus> ParseRunStatus(std::string_view name);
inline bool IsFinished(RunStatus s) { return s == RunStatus::kSucceeded || s == RunStatus::kFailed || s == RunStatus::kStopped; }

struct StepRecord {
  enum class State { kStarted, kSucceeded, kFailed };
  std::string id;
  std::string capability;
  State state = State::kStarted;  // kStarted: the intent is durable, the outcome is not
  int attempts = 0;               // calls made (0: failed before any call, e.g. a bad input)
  int64_t started_at = 0;         // first attempt
  int64_t finished_at = 0;
  std::string idempotency_key;
  nlohmann::json output;  // kSucceeded: the capability's outputs
  std::string error;      // kFailed: why; kStarted: the last transient error, if any
};
const char* StepStateName(StepRecord::State state);

struct TriggerRef {
  std::string event_id;
  std::string event_type;
  std::string object_id;           // data.object.id of the event
  SequenceNumber seq = 0;          // where the event is in the log
  std::vector<std::string> until;  // the definition's trigger.until
};

struct RunRecord {
  std::string id;
  std::string workflow_id;
  std::string workflow_version;
  std::string definition_hash;  // key of the definition's source (run_store.h)
  RunStatus status = RunStatus::kRunning;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t due_at = 0;           // unfinished runs: when the current step is due
  std::string current;          // the step to run next; "" when finished
  nlohmann::json input = nlohmann::json::object();
  std::optional<TriggerRef> trigger;
  std::vector<StepRecord> steps;  // in the order they started
  nlohmann::json error;           // null, or {"message","step"}: the last failure (${error.*})
  std::string result;             // finished: one sentence saying how it ended

  StepRecord* FindStep(std::string_view step_id);
  const StepRecord* FindStep(std::string_view step_id) const;
};

// The JSON object of the persisted format (also what the CLI and the read
// API print).
nlohmann::ordered_json RunToJson(const RunRecord& run);
// kRunRecordV1 + RunToJson(run).dump().
std::string EncodeRun(const RunRecord& run);
// kCorruption naming the problem for an unknown version byte or a JSON object
// that lacks a required field.
Result<RunRecord> DecodeRun(std::string_view value);

}  // namespace subledger::workflows
