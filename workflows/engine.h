// WorkflowEngine: what subledgerd runs with --workflows DIR (and what the
// trigger tests drive with a fake clock). It owns a Runner and a
// TriggerFollower over the event log and, per pass:
//   1. follows the log from the triggers' checkpoints (trigger_follower.h);
//   2. advances every run that is due (RunStore::Due -- durable timers for
//      `after:`, retries, and runs left unfinished by a crash or a stop),
//      one step at a time, catching up with the log again before each step
//      so that an `until` event already in the log stops a run before its
//      next step.
// Start() runs passes on a thread: after each commit to the log (a commit
// listener wakes it), when the next run is due on the Clock, and at least
// every `poll` of real time. Unfinished runs of any workflow (CLI runs too:
// their definitions are stored with them) resume at start.
//
// Thread safety: RunPass from one thread at a time (Start's thread, or the
// caller when not started). Stop() from any thread; it interrupts sleeps,
// and AbortCheck() (wire it into the Stripe client and the mailer) makes an
// in-flight call give up: the step stays "started" and resumes next time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "workflows/runner.h"
#include "workflows/trigger_follower.h"
#include "ledger/thread_annotations.h"

namespace subledger::workflows {

struct EngineOptions {
  RunnerOptions runner;
  std::chrono::milliseconds poll{2000};
  size_t max_steps_per_pass = 10000;
  std::function<void()> after_pass;  // on the engine thread after each pass (metrics)
};

struct PassResult {
  uint64_t runs_started = 0;
  uint64_t steps = 0;
  uint64_t skipped = 0;  // due runs that made no progress (left for a later pass)
};

class WorkflowEngine {
 public:
  // `definitions`: the loaded definitions (triggered or not); all must have
  // passed CheckDefinition.
  WorkflowEngine(EventLog* log, const Clock* clock, const CapabilityRegistry* capabilities,
                 std::vector<Definition> definitions, EngineOptions options);
  ~WorkflowEngine();  // Stop()s

  // Stores the definitions and initialises the triggers' checkpoints.
  Status Open();
  Result<PassResult> RunPass();

  // on_error is called on the engine thread when a pass fails (it retries).
  void Start(std::function<void(const Status&)> on_error);
  void Stop();
  std::function<bool()> AbortCheck() { return [this] { return stopping_.load(); }; }

  void SetObserver(WorkflowObserver* observer) { runner_.SetObserver(observer); }
  Runner& runner() { return runner_; }
  const std::vector<Definition>& definitions() const { return definitions_; }
  // Unfinished runs due later than now (durable timers, retry back-offs).
  Result<uint64_t> TimersPending() const;

 private:
  void Loop(const std::function<void(const Status&)>& on_error);

  EventLog* log_;
  const Clock* clock_;
  std::vector<Definition> definitions_;
  EngineOptions options_;
  Runner runner_;
  TriggerFollower follower_;

  std::atomic<bool> stopping_{false};
  Mutex mu_;
  std::condition_variable wake_;
  bool woken_ SL_GUARDED_BY(mu_) = false;
  int listener_id_ = 0;
  std::thread thread_;
};

}  // namespace subledger::workflows
