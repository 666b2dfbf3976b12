#include "workflows/trigger_follower.h"

#include <algorithm>

namespace subledger::workflows {
namespace {

constexpr size_t kMatchesPerScan = 256;

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::string TriggeredRunId(std::string_view workflow_id, std::string_view key) {
  std::string material(workflow_id);
  material.push_back('\n');
  material.append(key);
  return "wfr_" + DefinitionHash(material).substr(0, 24);
}

TriggerFollower::TriggerFollower(Runner* runner, const std::vector<Definition>* definitions)
    : runner_(runner), definitions_(definitions) {}

Status TriggerFollower::Init() {
  followed_.clear();
  StateBatch batch;
  const SequenceNumber end = runner_->store().log()->LastSequence();
  for (const Definition& def : *definitions_) {
    if (!def.trigger) continue;
    Result<std::optional<SequenceNumber>> checkpoint = runner_->store().Checkpoint(def.workflow_id);
    if (!checkpoint.ok()) return checkpoint.status();
    if (!*checkpoint) RunStore::StageCheckpoint(def.workflow_id, end, &batch);
    followed_.push_back({&def, checkpoint->value_or(end)});
  }
  if (batch.puts.empty()) return Status::Ok();
  return runner_->store().Commit(batch).WithContext("workflow checkpoints");
}

Result<uint64_t> TriggerFollower::CatchUp() {
  uint64_t started = 0;
  if (followed_.empty()) return started;
  for (;;) {
    const SequenceNumber end = runner_->store().log()->LastSequence();
    SequenceNumber from = end;
    for (const Followed& f : followed_) from = std::min(from, f.checkpoint);
    if (from >= end) return started;
    std::vector<Match> matches;
    SequenceNumber scanned = from;
    Status s = runner_->store().log()->Scan(from + 1, [&](const EventRecord& r) {
      if (r.seq > end || matches.size() >= kMatchesPerScan) return false;
      scanned = r.seq;
      Match m{r, {}, {}};
      for (size_t i = 0; i < followed_.size(); ++i) {
        const TriggerDefinition& t = *followed_[i].definition->trigger;
        if (followed_[i].checkpoint >= r.seq) continue;
        if (r.envelope.type == t.event) m.starts.push_back(i);
        if (!r.envelope.object_id.empty() && Contains(t.until, r.envelope.type)) m.stops.push_back(i);
      }
      if (!m.starts.empty() || !m.stops.empty()) matches.push_back(std::move(m));
      return true;
    });
    if (!s.ok()) return s.WithContext("follow workflow triggers");
    if (scanned == from) return Status::Internal("follow workflow triggers: record " + std::to_string(from + 1) + " is not readable");
    for (const Match& m : matches) {
      if (Status h = Handle(m, &started); !h.ok()) return h;
    }
    StateBatch batch;
    if (Status a = AdvanceCheckpoints(scanned, &batch); !a.ok()) return a;
  }
}

Status TriggerFollower::Handle(const Match& match, uint64_t* started) {
  StateBatch batch;
  std::vector<RunRecord> finished;
  for (size_t i : match.stops) {
    if (Status s = Stop(*followed_[i].definition, match.record, &batch, &finished); !s.ok()) return s;
  }
  for (size_t i : match.starts) {
    if (Status s = Start(*followed_[i].definition, match.record, &batch, &finished, started); !s.ok()) return s;
  }
  if (Status s = AdvanceCheckpoints(match.record.seq, &batch); !s.ok()) return s;
  for (const RunRecord& run : finished) runner_->NotifyFinished(run);
  return Status::Ok();
}

Status TriggerFollower::Start(const Definition& def, const EventRecord& record, StateBatch* batch,
                              std::vector<RunRecord>* finished, uint64_t* started) {
  const bool per_object = def.trigger->per_object && !record.envelope.object_id.empty();
  const std::string id = TriggeredRunId(def.workflow_id, per_object ? "object " + record.envelope.object_id
                                                                    : record.envelope.id);
  Result<std::optional<RunRecord>> existing = runner_->store().Load(id);
  if (!existing.ok()) return existing.status();
  if (*existing) return Status::Ok();
  TriggerRef trigger{record.envelope.id, record.envelope.type, record.envelope.object_id, record.seq,
                     def.trigger->until};
  RunRecord run = runner_->NewRun(def, id, nlohmann::json::object(), std::move(trigger));
  if (!def.trigger->until.empty() && !record.envelope.object_id.empty()) {
    Result<std::optional<std::string>> marker = runner_->store().StopMarker(def.workflow_id, record.envelope.object_id);
    if (!marker.ok()) return marker.status();
    if (*marker) {
      run.status = RunStatus::kStopped;
      run.current.clear();
      run.result = "stopped before its first step: " + **marker + " for " + record.envelope.object_id +
                   " was already in the log";
      finished->push_back(run);
    }
  }
  RunStore::Stage(nullptr, run, batch);
  ++*started;
  return Status::Ok();
}

Status TriggerFollower::Stop(const Definition& def, const EventRecord& record, StateBatch* batch,
                             std::vector<RunRecord>* finished) {
  const std::string& object = record.envelope.object_id;
  RunStore::StageStopMarker(def.workflow_id, object, record.envelope.id, batch);
  Result<std::vector<std::string>> open = runner_->store().OpenRuns(def.workflow_id, object);
  if (!open.ok()) return open.status();
  for (const std::string& id : *open) {
    Result<std::optional<RunRecord>> loaded = runner_->store().Load(id);
    if (!loaded.ok()) return loaded.status();
    if (!*loaded || IsFinished((*loaded)->status)) continue;
    RunRecord run = **loaded;
    run.status = RunStatus::kStopped;
    run.current.clear();
    run.updated_at = runner_->clock().NowUnixMicros();
    run.result = "stopped: " + record.envelope.type + " " + record.envelope.id + " for " + object + " is in the log";
    RunStore::Stage(&**loaded, run, batch);
    finished->push_back(std::move(run));
  }
  return Status::Ok();
}

Status TriggerFollower::AdvanceCheckpoints(SequenceNumber seq, StateBatch* batch) {
  for (Followed& f : followed_) {
    if (f.checkpoint < seq) RunStore::StageCheckpoint(f.definition->workflow_id, seq, batch);
  }
  if (batch->puts.empty()) return Status::Ok();
  if (Status s = runner_->store().Commit(*batch); !s.ok()) return s.WithContext("follow workflow triggers");
  for (Followed& f : followed_) f.checkpoint = std::max(f.checkpoint, seq);
  return Status::Ok();
}

}  // namespace subledger::workflows
