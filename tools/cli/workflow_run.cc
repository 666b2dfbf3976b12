// subledger workflow run: one run in the foreground (see cmd_workflow.cc's
// usage). Everything is checked before anything is sent: the definition
// (with line numbers), the inputs, the Stripe key and SMTP settings the
// definition needs. The run is recorded in the data dir as it goes, so a
// crash or Ctrl-C loses nothing: `--run-id RUN` resumes it.
//
// Test hook: SUBLEDGER_TEST_KILL_AFTER_WRITES=N makes the process SIGKILL
// itself right after its Nth durable workflow write, to crash it at an exact
// step boundary (tests/workflows/workflow_crash_test.cc). Never set it
// anywhere else.
#include <openssl/rand.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "ledger/event_log.h"
#include "tools/cli/command_flags.h"
#include "tools/cli/stripe_cli.h"
#include "tools/cli/workflow_cli.h"
#include "workflows/definition_check.h"
#include "workflows/runner.h"
#include "workflows/stripe_capabilities.h"
#include "workflows/workflow_files.h"

namespace subledger::cli {
namespace {

using Json = nlohmann::json;
using namespace workflows;

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "subledger workflow run: %s\n", message.c_str());
  return code;
}

// Prints each step's outcome as a JSON line on stdout.
class PrintingObserver final : public WorkflowObserver {
 public:
  void OnStepFinished(const RunRecord& run, const StepRecord& step, std::string_view capability, double) override {
    Json line = {{"run", run.id}, {"step", step.id}, {"capability", capability}, {"state", StepStateName(step.state)},
                 {"attempts", step.attempts}};
    if (step.state == StepRecord::State::kSucceeded) line["output"] = step.output;
    if (!step.error.empty()) line["error"] = step.error;
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  void OnEmail(bool) override {}
  void OnRunFinished(const RunRecord&) override {}
};

std::function<void()> KillHook() {
  const char* n = std::getenv("SUBLEDGER_TEST_KILL_AFTER_WRITES");
  if (n == nullptr || *n == '\0') return nullptr;
  const int limit = std::atoi(n);
  return [limit, count = 0]() mutable {
    if (++count >= limit) std::raise(SIGKILL);
  };
}

std::string NewRunId() {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) std::abort();
  static const char* kHex = "0123456789abcdef";
  std::string id = "wfr_";
  for (unsigned char b : random) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 15]);
  }
  return id;
}

Result<Json> ParseInputs(const CommandFlags& a) {
  Json input = Json::object();
  for (const std::string& kv : a.All("--input")) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return Status::InvalidArgument("--input '" + kv + "': expected NAME=VALUE");
    input[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return input;
}

Result<std::optional<TriggerRef>> TriggerFor(EventLog* log, const Definition& def, const std::string& event_id) {
  if (event_id.empty()) return std::optional<TriggerRef>();
  Result<std::optional<SequenceNumber>> seq = log->Lookup(event_id);
  if (!seq.ok()) return seq.status();
  if (!*seq) return Status::InvalidArgument("--event " + event_id + ": no such event in the log");
  Result<EventRecord> record = log->Get(**seq);
  if (!record.ok()) return record.status();
  std::vector<std::string> until = def.trigger ? def.trigger->until : std::vector<std::string>();
  return std::optional<TriggerRef>(
      TriggerRef{event_id, record->envelope.type, record->envelope.object_id, **seq, until});
}

int Report(const RunRecord& run) {
  Json outputs = Json::object();
  for (const StepRecord& s : run.steps) {
    if (s.state == StepRecord::State::kSucceeded) outputs[s.id] = s.output;
  }
  Json line = {{"run", run.id}, {"workflow", run.workflow_id}, {"status", RunStatusName(run.status)},
               {"result", run.result}, {"outputs", outputs}};
  std::printf("%s\n", line.dump().c_str());
  return run.status == RunStatus::kSucceeded ? 0 : 1;
}

// Advances until the run finishes, sleeping through `after:` timers.
int Drive(Runner& runner, RunRecord run) {
  while (!IsFinished(run.status)) {
    const int64_t wait = run.due_at - runner.clock().NowUnixMicros();
    if (wait > 0) {
      std::fprintf(stderr, "subledger workflow run: %s waits %lld s before step %s\n", run.id.c_str(),
                   static_cast<long long>(wait / 1000000), run.current.c_str());
      std::this_thread::sleep_for(std::chrono::microseconds(wait));
    }
    Result<RunRecord> next = runner.Advance(run);
    if (!next.ok()) return Fail(1, next.status().message() + " (resume with --run-id " + run.id + ")");
    run = std::move(next).value();
    if (runner.suspended()) {
      const StepRecord* step = run.FindStep(run.current);
      return Fail(1, "step " + run.current + ": " + (step ? step->error : "") +
                         "\nThe step may have reached the service; its intent is recorded. Re-run with --run-id " +
                         run.id + " to resume: Stripe calls repeat with the same idempotency key.");
    }
  }
  return Report(run);
}

}  // namespace

int RunWorkflow(const std::vector<std::string>& args) {
  const std::set<std::string> valued = WithStripeFlags(
      {"--data-dir", "--input", "--run-id", "--event", "--templates", "--smtp-url", "--smtp-from", "--smtp-credentials-file"});
  const std::set<std::string> booleans = {"--help"};
  CommandFlags a(args, valued, booleans);
  if (!a.error().empty()) return Fail(2, a.error() + "\n\n" + WorkflowUsage());
  if (a.positional().size() != 1) return Fail(2, std::string("name one workflow FILE\n\n") + WorkflowUsage());
  const std::string file = a.positional()[0];
  TemplateCatalog templates(a.Value("--templates").value_or(DefaultTemplatesDir(file)));

  // 1. The definition and the inputs, before anything is opened or sent.
  LoadedDefinition loaded = LoadDefinitionFile(file, *StandardCapabilities(nullptr, templates, nullptr));
  if (!loaded.problems.empty()) return Fail(2, "nothing was run:\n" + loaded.Describe());
  const Definition& def = loaded.definition;
  Result<Json> input = ParseInputs(a);
  if (!input.ok()) return Fail(2, input.status().message());
  const std::string run_id = a.Value("--run-id").value_or("");
  if (!run_id.empty() && !std::regex_match(run_id, std::regex("[A-Za-z0-9_-]{1,64}"))) {
    return Fail(2, "--run-id '" + run_id + "': letters, digits, '-' and '_', at most 64");
  }

  // 2. What the steps need: a Stripe key, an SMTP server.
  std::unique_ptr<StripeClient> stripe;
  if (UsesCapability(def, IsStripeCapability)) {
    auto client = MakeStripeClient(a);
    if (!client.ok()) return Fail(2, client.status().message());
    stripe = std::move(client).value();
  }
  std::unique_ptr<SmtpMailer> mailer;
  if (UsesCapability(def, [](std::string_view c) { return c == "send-email"; })) {
    auto smtp = ResolveSmtpOptions(a.Value("--smtp-url").value_or(""), a.Value("--smtp-from").value_or(""),
                                   a.Value("--smtp-credentials-file").value_or(""));
    if (!smtp.ok()) return Fail(2, smtp.status().message());
    mailer = std::make_unique<SmtpMailer>(std::move(smtp).value(), &SystemClock::Instance());
  }
  auto capabilities = StandardCapabilities(stripe.get(), templates, mailer.get());

  // 3. The log, and the run: resumed when --run-id names one.
  EventLogOptions log_options;
  log_options.data_dir = a.Value("--data-dir").value_or("./data");
  auto log = EventLog::Open(log_options);
  if (!log.ok()) return Fail(1, log.status().message());
  RunnerOptions runner_options;
  runner_options.after_durable_write = KillHook();
  Runner runner(log->get(), &SystemClock::Instance(), capabilities.get(), runner_options);
  PrintingObserver printer;
  runner.SetObserver(&printer);
  if (!run_id.empty()) {
    auto existing = runner.store().Load(run_id);
    if (!existing.ok()) return Fail(1, existing.status().message());
    if (*existing) {
      if ((*existing)->workflow_id != def.workflow_id) {
        return Fail(2, "--run-id " + run_id + " is a run of " + (*existing)->workflow_id + ", not " + def.workflow_id);
      }
      return Drive(runner, std::move(**existing));
    }
  }
  if (Status s = CheckRunInputs(def, *capabilities, *input); !s.ok()) return Fail(2, s.message() + "; nothing was run");
  auto trigger = TriggerFor(log->get(), def, a.Value("--event").value_or(""));
  if (!trigger.ok()) return Fail(2, trigger.status().message());
  RunRecord run = runner.NewRun(def, run_id.empty() ? NewRunId() : run_id, *input, *trigger);
  if (Status s = runner.Create(def, run); !s.ok()) return Fail(1, s.message());
  std::fprintf(stderr, "subledger workflow run: started %s (%s %s)\n", run.id.c_str(), def.workflow_id.c_str(),
               def.version.c_str());
  return Drive(runner, std::move(run));
}

}  // namespace subledger::cli
