// Runner: executes workflow runs one step at a time, durably.
//
// For every step (docs/workflows.md, "Guarantees"):
//   1. the step's inputs are evaluated and checked; a bad one fails the step
//      before anything is sent;
//   2. its INTENT is written (synced): the step record in state "started",
//      attempt n, with the idempotency key derived from (run id, step id);
//   3. the capability runs (Stripe call with that key, or SMTP send);
//   4. its OUTCOME and the run's next position are written in one synced
//      write, before the next step starts.
// A crash between 2 and 4 leaves the step "started"; resuming runs it again
// with the same key (Stripe returns the object the first call created) or
// sends the e-mail again with the same Message-ID. A transient failure
// (kUnavailable/kBusy) keeps the step "started": it is retried after the
// next of options.retry_delays, and fails the step once they are used up;
// with no delays the run is left due now for a later resume (the CLI says
// how). A Stripe write whose first attempt is more than 23 hours old is not
// repeated (Stripe keeps idempotency keys for 24 hours): the step fails,
// naming its key, so a person checks Stripe. Before each step of a triggered run with `until`, a recorded stop
// marker ends the run as "stopped".
//
// Thread safety: one thread drives a Runner; the observer is called on it.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "workflows/capability.h"
#include "workflows/definition.h"
#include "workflows/run_store.h"

namespace subledger::workflows {

// Told about runs and steps as they happen (metrics, logs). Runs on the
// runner's thread; must not block.
class WorkflowObserver {
 public:
  virtual ~WorkflowObserver() = default;
  virtual void OnStepFinished(const RunRecord& run, const StepRecord& step, std::string_view capability,
                              double seconds) = 0;  // a call returned (ok, failed or transient)
  virtual void OnEmail(bool sent) = 0;
  virtual void OnRunFinished(const RunRecord& run) = 0;
};

struct RunnerOptions {
  // Waits before retrying a step after a transient failure; once used up the
  // step fails. Empty: leave the run due now (a later resume retries it).
  std::vector<std::chrono::seconds> retry_delays;
  // Called after every durable write of the runner (test hook: crash points).
  std::function<void()> after_durable_write;
  // True while the owner is shutting down: a call that fails then was
  // interrupted rather than failed, so no outcome is recorded; the step stays
  // "started" (its intent durable) and resumes at the next start with the
  // same idempotency key. Advance returns the run as of its intent and
  // suspended() is true.
  std::function<bool()> interrupted;
};

class Runner {
 public:
  Runner(EventLog* log, const Clock* clock, const CapabilityRegistry* capabilities, RunnerOptions options);
  void SetObserver(WorkflowObserver* observer) { observer_ = observer; }
  RunStore& store() { return store_; }
  const RunStore& store() const { return store_; }
  const Clock& clock() const { return *clock_; }

  // A new run of `definition` (not yet written): running at its first step,
  // or waiting when that step has `after:`.
  RunRecord NewRun(const Definition& definition, std::string run_id, nlohmann::json input,
                   std::optional<TriggerRef> trigger) const;
  // Writes a new run and its definition durably. kAlreadyExists when the id is taken.
  Status Create(const Definition& definition, const RunRecord& run);

  // Moves the run on by one step (or from waiting to running when due);
  // returns the run as now recorded. A run not due yet, or finished, is
  // returned unchanged.
  Result<RunRecord> Advance(RunRecord run);

  // True when the last Advance hit a transient failure and, having no retry
  // delays, left the run due now for a later resume.
  bool suspended() const { return suspended_; }

  // The definition a run was started with (cached by hash).
  Result<const Definition*> DefinitionFor(const RunRecord& run);
  // Makes `definition` known under its hash (callers that loaded it already).
  void Remember(const Definition& definition);
  // Tells the observer (used when a run is finished outside Advance).
  void NotifyFinished(const RunRecord& run);

 private:
  Status Save(const RunRecord* before, const RunRecord& after);
  Result<nlohmann::json> EventScope(const RunRecord& run) const;
  Result<nlohmann::json> Inputs(const StepDefinition& step, const Capability& cap, const RunRecord& run) const;
  void Transition(const Definition& def, const StepDefinition& step, bool success, RunRecord* run) const;
  Result<RunRecord> Finish(RunRecord before, RunRecord run);
  Result<RunRecord> Record(const RunRecord& intent, RunRecord run, const Definition& def, const StepDefinition& step,
                           const Capability& cap, Result<nlohmann::json> out, double seconds);
  Result<RunRecord> FailBeforeCall(RunRecord run, const Definition& def, const StepDefinition& step,
                                   const std::string& message);

  RunStore store_;
  const Clock* clock_;
  const CapabilityRegistry* capabilities_;
  RunnerOptions options_;
  WorkflowObserver* observer_ = nullptr;
  bool suspended_ = false;
  std::map<std::string, std::unique_ptr<Definition>> definitions_;  // by hash
};

}  // namespace subledger::workflows
