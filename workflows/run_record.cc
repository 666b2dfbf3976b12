#include "workflows/run_record.h"

namespace subledger::workflows {
namespace {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

constexpr const char* kRunStatusNames[] = {"running", "waiting", "succeeded", "failed", "stopped"};
constexpr const char* kStepStateNames[] = {"started", "succeeded", "failed"};

OJson StepToJson(const StepRecord& s) {
  OJson j;
  j["id"] = s.id;
  j["capability"] = s.capability;
  j["state"] = StepStateName(s.state);
  j["attempts"] = s.attempts;
  j["started_at"] = s.started_at;
  j["finished_at"] = s.finished_at;
  j["idempotency_key"] = s.idempotency_key;
  j["output"] = s.output.is_null() ? OJson(nullptr) : OJson::parse(s.output.dump());
  j["error"] = s.error;
  return j;
}

StepRecord StepFromJson(const Json& j) {
  StepRecord s;
  s.id = j.at("id").get<std::string>();
  s.capability = j.at("capability").get<std::string>();
  const std::string state = j.at("state").get<std::string>();
  s.state = state == "succeeded" ? StepRecord::State::kSucceeded
            : state == "failed"  ? StepRecord::State::kFailed
                                 : StepRecord::State::kStarted;
  s.attempts = j.at("attempts").get<int>();
  s.started_at = j.at("started_at").get<int64_t>();
  s.finished_at = j.at("finished_at").get<int64_t>();
  s.idempotency_key = j.at("idempotency_key").get<std::string>();
  s.output = j.at("output");
  s.error = j.at("error").get<std::string>();
  return s;
}

}  // namespace

const char* RunStatusName(RunStatus status) { return kRunStatusNames[static_cast<int>(status)]; }

std::optional<RunStatus> ParseRunStatus(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (name == kRunStatusNames[i]) return static_cast<RunStatus>(i);
  }
  return std::nullopt;
}

const char* StepStateName(StepRecord::State state) { return kStepStateNames[static_cast<int>(state)]; }

StepRecord* RunRecord::FindStep(std::string_view step_id) {
  for (StepRecord& s : steps) {
    if (s.id == step_id) return &s;
  }
  return nullptr;
}

const StepRecord* RunRecord::FindStep(std::string_view step_id) const {
  return const_cast<RunRecord*>(this)->FindStep(step_id);
}

OJson RunToJson(const RunRecord& run) {
  OJson j;
  j["id"] = run.id;
  j["workflow"] = run.workflow_id;
  j["version"] = run.workflow_version;
  j["definition"] = run.definition_hash;
  j["status"] = RunStatusName(run.status);
  j["created_at"] = run.created_at;
  j["updated_at"] = run.updated_at;
  j["due_at"] = run.due_at;
  j["current"] = run.current;
  j["input"] = OJson::parse(run.input.dump());
  if (run.trigger) {
    const TriggerRef& t = *run.trigger;
    j["trigger"] = {{"event_id", t.event_id}, {"event_type", t.event_type}, {"object_id", t.object_id},
                    {"seq", t.seq}, {"until", t.until}};
  } else {
    j["trigger"] = nullptr;
  }
  j["steps"] = OJson::array();
  for (const StepRecord& s : run.steps) j["steps"].push_back(StepToJson(s));
  j["error"] = run.error.is_null() ? OJson(nullptr) : OJson::parse(run.error.dump());
  j["result"] = run.result;
  return j;
}

std::string EncodeRun(const RunRecord& run) {
  std::string out(1, static_cast<char>(kRunRecordV1));
  out += RunToJson(run).dump();
  return out;
}

Result<RunRecord> DecodeRun(std::string_view value) {
  if (value.empty() || static_cast<uint8_t>(value[0]) != kRunRecordV1) {
    return Status::Corruption("workflow run record: unknown format version " +
                              (value.empty() ? std::string("(empty)") : std::to_string(static_cast<uint8_t>(value[0]))));
  }
  Json j = Json::parse(value.substr(1), nullptr, false);
  if (!j.is_object()) return Status::Corruption("workflow run record: not a JSON object");
  try {
    RunRecord run;
    run.id = j.at("id").get<std::string>();
    run.workflow_id = j.at("workflow").get<std::string>();
    run.workflow_version = j.at("version").get<std::string>();
    run.definition_hash = j.at("definition").get<std::string>();
    std::optional<RunStatus> status = ParseRunStatus(j.at("status").get<std::string>());
    if (!status) return Status::Corruption("workflow run record " + run.id + ": unknown status");
    run.status = *status;
    run.created_at = j.at("created_at").get<int64_t>();
    run.updated_at = j.at("updated_at").get<int64_t>();
    run.due_at = j.at("due_at").get<int64_t>();
    run.current = j.at("current").get<std::string>();
    run.input = j.at("input");
    if (const Json& t = j.at("trigger"); !t.is_null()) {
      run.trigger = TriggerRef{t.at("event_id").get<std::string>(), t.at("event_type").get<std::string>(),
                               t.at("object_id").get<std::string>(), t.at("seq").get<SequenceNumber>(),
                               t.at("until").get<std::vector<std::string>>()};
    }
    for (const Json& s : j.at("steps")) run.steps.push_back(StepFromJson(s));
    run.error = j.at("error");
    run.result = j.at("result").get<std::string>();
    return run;
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("workflow run record: ") + e.what());
  }
}

}  // namespace subledger::workflows
