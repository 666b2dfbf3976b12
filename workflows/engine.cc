#include "workflows/engine.h"
#include "ledger/thread_name.h"

#include <algorithm>
#include <set>

namespace subledger::workflows {
namespace {

RunnerOptions WithInterruption(RunnerOptions options, const std::atomic<bool>* stopping) {
  options.interrupted = [stopping] { return stopping->load(); };
  return options;
}

}  // namespace

WorkflowEngine::WorkflowEngine(EventLog* log, const Clock* clock, const CapabilityRegistry* capabilities,
                               std::vector<Definition> definitions, EngineOptions options)
    : log_(log),
      clock_(clock),
      definitions_(std::move(definitions)),
      options_(std::move(options)),
      runner_(log, clock, capabilities, WithInterruption(options_.runner, &stopping_)),
      follower_(&runner_, &definitions_) {}

WorkflowEngine::~WorkflowEngine() { Stop(); }

Status WorkflowEngine::Open() {
  StateBatch batch;
  for (const Definition& def : definitions_) {
    RunStore::StageDefinition(def, &batch);
    runner_.Remember(def);
  }
  if (!batch.puts.empty()) {
    if (Status s = runner_.store().Commit(batch); !s.ok()) return s.WithContext("store workflow definitions");
  }
  return follower_.Init();
}

Result<PassResult> WorkflowEngine::RunPass() {
  PassResult result;
  Result<uint64_t> started = follower_.CatchUp();
  if (!started.ok()) return started.status();
  result.runs_started += *started;
  std::set<std::string> skipped;  // runs whose step could not be attempted this pass
  Status first_error;
  while (result.steps < options_.max_steps_per_pass && !stopping_.load()) {
    Result<std::vector<std::pair<int64_t, std::string>>> due =
        runner_.store().Due(clock_->NowUnixMicros(), skipped.size() + 1);
    if (!due.ok()) return due.status();
    auto next = std::find_if(due->begin(), due->end(), [&](const auto& d) { return skipped.count(d.second) == 0; });
    if (next == due->end()) break;
    // An `until` event already in the log stops the run before this step.
    started = follower_.CatchUp();
    if (!started.ok()) return started.status();
    result.runs_started += *started;
    Result<std::optional<RunRecord>> run = runner_.store().Load(next->second);
    if (!run.ok()) return run.status();
    if (!*run || IsFinished((*run)->status) || (*run)->due_at != next->first) {
      skipped.insert(next->second);  // stopped by the catch-up just now (or a stale index entry)
      continue;
    }
    const std::string before = EncodeRun(**run);
    Result<RunRecord> advanced = runner_.Advance(std::move(**run));
    ++result.steps;
    // No progress (an error, a suspended step): leave the run for the next pass.
    if (!advanced.ok() || runner_.suspended() || EncodeRun(*advanced) == before) {
      skipped.insert(next->second);
      if (!advanced.ok() && first_error.ok()) first_error = advanced.status();
    }
  }
  if (!first_error.ok()) return first_error;
  result.skipped = skipped.size();
  return result;
}

Result<uint64_t> WorkflowEngine::TimersPending() const {
  return runner_.store().CountDueAfter(clock_->NowUnixMicros());
}

void WorkflowEngine::Start(std::function<void(const Status&)> on_error) {
  stopping_ = false;
  listener_id_ = log_->AddCommitListener([this](SequenceNumber) {
    MutexLock lock(mu_);
    woken_ = true;
    wake_.notify_one();
  });
  thread_ = std::thread([this, on_error = std::move(on_error)] {
    NameThisThread("sl-workflows");
    Loop(on_error);
  });
}

void WorkflowEngine::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  if (listener_id_ != 0) log_->RemoveCommitListener(listener_id_);
  listener_id_ = 0;
}

void WorkflowEngine::Loop(const std::function<void(const Status&)>& on_error) {
  while (!stopping_.load()) {
    Result<PassResult> pass = RunPass();
    if (!pass.ok() && on_error && !stopping_.load()) on_error(pass.status());
    if (options_.after_pass) options_.after_pass();
    std::chrono::milliseconds wait = options_.poll;
    Result<std::optional<int64_t>> next = runner_.store().NextDue();
    // After a failure, or with runs that could not move, wait a whole poll
    // rather than spin on them.
    if (next.ok() && *next && pass.ok() && pass->skipped == 0) {
      const int64_t micros = **next - clock_->NowUnixMicros();
      wait = std::clamp(std::chrono::milliseconds(micros / 1000 + 1), std::chrono::milliseconds(1), options_.poll);
    }
    MutexLock lock(mu_);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (!woken_ && !stopping_.load()) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero() || !lock.WaitFor(wake_, left)) break;
    }
    woken_ = false;
  }
}

}  // namespace subledger::workflows
