#include "workflows/runner.h"

#include "workflows/definition_loader.h"
#include "workflows/expression.h"

namespace subledger::workflows {
namespace {

using Json = nlohmann::json;

// Stripe keeps idempotency keys for 24 hours; an hour of margin.
constexpr int64_t kIdempotencyWindowMicros = int64_t{23} * 3600 * 1'000'000;

bool Transient(const Status& s) {
  return s.code() == Status::Code::kUnavailable || s.code() == Status::Code::kBusy;
}

std::map<std::string, Json> Outputs(const RunRecord& run) {
  std::map<std::string, Json> out;
  for (const StepRecord& s : run.steps) {
    if (s.state == StepRecord::State::kSucceeded) out[s.id] = s.output;
  }
  return out;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : " or ") + i;
  return out;
}

}  // namespace

Runner::Runner(EventLog* log, const Clock* clock, const CapabilityRegistry* capabilities, RunnerOptions options)
    : store_(log), clock_(clock), capabilities_(capabilities), options_(std::move(options)) {}

RunRecord Runner::NewRun(const Definition& definition, std::string run_id, Json input,
                         std::optional<TriggerRef> trigger) const {
  RunRecord run;
  run.id = std::move(run_id);
  run.workflow_id = definition.workflow_id;
  run.workflow_version = definition.version;
  run.definition_hash = DefinitionHash(definition.source);
  run.created_at = run.updated_at = run.due_at = clock_->NowUnixMicros();
  run.input = std::move(input);
  run.trigger = std::move(trigger);
  const StepDefinition& first = definition.steps.front();
  run.current = first.id;
  if (first.after_seconds > 0) {
    run.status = RunStatus::kWaiting;
    run.due_at += first.after_seconds * 1'000'000;
  }
  return run;
}

Status Runner::Create(const Definition& definition, const RunRecord& run) {
  Result<std::optional<RunRecord>> existing = store_.Load(run.id);
  if (!existing.ok()) return existing.status();
  if (*existing) return Status::AlreadyExists("run " + run.id + " already exists");
  StateBatch batch;
  RunStore::StageDefinition(definition, &batch);
  RunStore::Stage(nullptr, run, &batch);
  if (Status s = store_.Commit(batch); !s.ok()) return s.WithContext("create run " + run.id);
  Remember(definition);
  if (options_.after_durable_write) options_.after_durable_write();
  return Status::Ok();
}

void Runner::Remember(const Definition& definition) {
  const std::string hash = DefinitionHash(definition.source);
  if (definitions_.count(hash) == 0) definitions_[hash] = std::make_unique<Definition>(definition);
}

Result<const Definition*> Runner::DefinitionFor(const RunRecord& run) {
  auto it = definitions_.find(run.definition_hash);
  if (it != definitions_.end()) return static_cast<const Definition*>(it->second.get());
  Result<std::string> source = store_.LoadDefinitionSource(run.definition_hash);
  if (!source.ok()) return source.status().WithContext("run " + run.id);
  ParsedDefinition parsed = ParseDefinition(*source, "definition " + run.definition_hash);
  if (!parsed.problems.empty() || parsed.definition.steps.empty()) {
    return Status::Corruption("run " + run.id + ": its stored definition no longer parses");
  }
  auto owned = std::make_unique<Definition>(std::move(parsed.definition));
  const Definition* def = owned.get();
  definitions_[run.definition_hash] = std::move(owned);
  return def;
}

Status Runner::Save(const RunRecord* before, const RunRecord& after) {
  Status s = store_.Save(before, after);
  if (s.ok() && options_.after_durable_write) options_.after_durable_write();
  return s;
}

void Runner::NotifyFinished(const RunRecord& run) {
  if (observer_ != nullptr) observer_->OnRunFinished(run);
}

Result<Json> Runner::EventScope(const RunRecord& run) const {
  if (!run.trigger) return Json(nullptr);
  Result<EventRecord> record = store_.log()->Get(run.trigger->seq);
  if (!record.ok()) return record.status().WithContext("run " + run.id + ": trigger event");
  Json body = Json::parse(record->body, nullptr, false);
  Json event = {{"id", record->envelope.id}, {"type", record->envelope.type}, {"created", record->envelope.created}};
  event["object"] = body.is_object() && body.contains("data") && body["data"].is_object()
                        ? body["data"].value("object", Json(nullptr))
                        : Json(nullptr);
  return event;
}

Result<Json> Runner::Inputs(const StepDefinition& step, const Capability& cap, const RunRecord& run) const {
  Result<Json> event = EventScope(run);
  if (!event.ok()) return event.status();
  const std::map<std::string, Json> outputs = Outputs(run);
  Scope scope;
  scope.input = &run.input;
  scope.outputs = &outputs;
  scope.error = run.error.is_null() ? nullptr : &run.error;
  scope.event = event->is_null() ? nullptr : &*event;
  Json out = Json::object();
  for (const InputSpec& spec : cap.inputs()) {
    const StepInput* given = step.FindInput(spec.name);
    Json value;
    if (given != nullptr) {
      Result<Json> evaluated = Evaluate(given->value, scope);
      if (!evaluated.ok()) return evaluated.status().WithContext("input '" + spec.name + "'");
      value = std::move(evaluated).value();
    }
    if (value.is_null()) value = spec.default_value;
    if (value.is_null()) {
      if (!spec.required) continue;
      const Reference* ref = given != nullptr ? given->value.WholeReference() : nullptr;
      return Status::InvalidArgument("input '" + spec.name + "' has no value" +
                                     (ref != nullptr ? " (${" + ref->text + "} is not set)" : ""));
    }
    if (Status s = cap.CheckInput(spec, value); !s.ok()) return s;
    out[spec.name] = std::move(value);
  }
  return out;
}

void Runner::Transition(const Definition& def, const StepDefinition& step, bool success, RunRecord* run) const {
  const std::string& next = success ? step.on_success : step.on_failure;
  const int64_t now = clock_->NowUnixMicros();
  if (next.empty()) {
    run->current.clear();
    run->status = run->error.is_null() ? RunStatus::kSucceeded : RunStatus::kFailed;
    run->result = run->error.is_null()
                      ? "succeeded: the last step was " + step.id
                      : "failed: step " + run->error.value("step", "") + ": " + run->error.value("message", "") +
                            (success ? " (its onFailure path ran to " + step.id + ")" : "");
    return;
  }
  const StepDefinition* following = def.FindStep(next);
  run->current = next;
  run->due_at = now + (following != nullptr ? following->after_seconds : 0) * 1'000'000;
  run->status = run->due_at > now ? RunStatus::kWaiting : RunStatus::kRunning;
}

Result<RunRecord> Runner::Finish(RunRecord before, RunRecord run) {
  if (Status s = Save(&before, run); !s.ok()) return s;
  if (IsFinished(run.status)) NotifyFinished(run);
  return run;
}

Result<RunRecord> Runner::FailBeforeCall(RunRecord run, const Definition& def, const StepDefinition& step,
                                         const std::string& message) {
  const RunRecord before = run;
  const int64_t now = clock_->NowUnixMicros();
  StepRecord* rec = run.FindStep(step.id);
  if (rec == nullptr) {
    run.steps.push_back(StepRecord{step.id, step.capability, StepRecord::State::kFailed, 0, now, now, "", nullptr, ""});
    rec = &run.steps.back();
  }
  rec->state = StepRecord::State::kFailed;
  rec->finished_at = now;
  rec->error = message;
  run.error = Json{{"message", message}, {"step", step.id}};
  run.updated_at = now;
  Transition(def, step, false, &run);
  return Finish(before, std::move(run));
}

Result<RunRecord> Runner::Advance(RunRecord run) {
  suspended_ = false;
  const int64_t now = clock_->NowUnixMicros();
  if (IsFinished(run.status) || run.due_at > now) return run;
  Result<const Definition*> def = DefinitionFor(run);
  if (!def.ok()) return def.status();
  const RunRecord before = run;
  run.updated_at = now;
  if (run.trigger && !run.trigger->until.empty() && !run.trigger->object_id.empty()) {
    Result<std::optional<std::string>> marker = store_.StopMarker(run.workflow_id, run.trigger->object_id);
    if (!marker.ok()) return marker.status();
    if (*marker) {
      run.status = RunStatus::kStopped;
      run.current.clear();
      run.result = "stopped: " + Joined(run.trigger->until) + " " + **marker + " for " + run.trigger->object_id +
                   " is in the log";
      return Finish(before, std::move(run));
    }
  }
  const StepDefinition* step = (*def)->FindStep(run.current);
  if (step == nullptr) return Status::Corruption("run " + run.id + ": step '" + run.current + "' is not in its definition");
  Capability* cap = capabilities_->Find(step->capability);
  if (cap == nullptr) return FailBeforeCall(std::move(run), **def, *step, "unknown capability " + step->capability);
  Result<Json> inputs = Inputs(*step, *cap, run);
  if (!inputs.ok()) return FailBeforeCall(std::move(run), **def, *step, inputs.status().message());

  // Stripe forgets an idempotency key after 24 hours: past that, calling
  // again could create a second object, so the step fails loudly instead.
  if (const StepRecord* started = run.FindStep(step->id);
      started != nullptr && started->state == StepRecord::State::kStarted && cap->effect() == EffectKind::kExactlyOnce &&
      now - started->started_at > kIdempotencyWindowMicros) {
    return FailBeforeCall(std::move(run), **def, *step,
                          "its first attempt is more than 23 hours old, past Stripe's idempotency window: check in "
                          "Stripe whether key " + started->idempotency_key + " created an object before running it again");
  }

  // The intent, durable before the side effect.
  run.status = RunStatus::kRunning;
  run.due_at = now;
  StepRecord* rec = run.FindStep(step->id);
  if (rec == nullptr) {
    run.steps.push_back(StepRecord{step->id, step->capability, StepRecord::State::kStarted, 0, now, 0,
                                   IdempotencyKeyFor(run.id, step->id), nullptr, ""});
    rec = &run.steps.back();
  }
  rec->attempts += 1;
  if (Status s = Save(&before, run); !s.ok()) return s;
  const RunRecord intent = run;

  const CapabilityCall call{run.id, step->id, rec->idempotency_key, *inputs};
  const int64_t start = clock_->MonotonicNanos();
  Result<Json> out = cap->Invoke(call);
  const double seconds = static_cast<double>(clock_->MonotonicNanos() - start) / 1e9;
  if (!out.ok() && options_.interrupted && options_.interrupted()) {
    suspended_ = true;  // shutting down: leave the intent as it is
    return intent;
  }
  return Record(intent, std::move(run), **def, *step, *cap, std::move(out), seconds);
}

Result<RunRecord> Runner::Record(const RunRecord& intent, RunRecord run, const Definition& def,
                                 const StepDefinition& step, const Capability& cap, Result<Json> out, double seconds) {
  const int64_t done = clock_->NowUnixMicros();
  StepRecord* rec = run.FindStep(step.id);
  run.updated_at = done;
  if (out.ok()) {
    rec->state = StepRecord::State::kSucceeded;
    rec->output = std::move(out).value();
    rec->error.clear();
    rec->finished_at = done;
    Transition(def, step, true, &run);
  } else if (Transient(out.status()) &&
             (options_.retry_delays.empty() || static_cast<size_t>(rec->attempts) <= options_.retry_delays.size())) {
    rec->error = out.status().message();
    suspended_ = options_.retry_delays.empty();
    if (!suspended_) run.due_at = done + options_.retry_delays[rec->attempts - 1].count() * 1'000'000;
  } else {
    rec->state = StepRecord::State::kFailed;
    rec->error = out.status().message();
    rec->finished_at = done;
    run.error = Json{{"message", rec->error}, {"step", step.id}};
    Transition(def, step, false, &run);
  }
  if (observer_ != nullptr) {
    observer_->OnStepFinished(run, *rec, cap.name(), seconds);
    if (cap.effect() == EffectKind::kAtLeastOnce) observer_->OnEmail(rec->state == StepRecord::State::kSucceeded);
  }
  return Finish(intent, std::move(run));
}

}  // namespace subledger::workflows
