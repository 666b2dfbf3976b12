#include "daemon/workflow_wiring.h"

#include <algorithm>
#include <map>

#include "ingest/json_log.h"
#include "stripe/stripe_config.h"
#include "workflows/engine.h"
#include "workflows/stripe_capabilities.h"
#include "workflows/workflow_files.h"

namespace subledger {
namespace {

using namespace workflows;

class LoggingObserver final : public WorkflowObserver {
 public:
  explicit LoggingObserver(SubledgerMetrics* metrics) : metrics_(metrics) {}
  void OnStepFinished(const RunRecord& run, const StepRecord& step, std::string_view capability,
                      double seconds) override {
    // A failed step, or a transient error that leaves it pending (error set), is a warning.
    auto line = step.error.empty() ? JsonLog::Info("workflow_step") : JsonLog::Warn("workflow_step");
    line.Str("run", run.id).Str("workflow", run.workflow_id).Str("step", step.id).Str("capability", capability)
        .Str("state", StepStateName(step.state)).Int("attempt", step.attempts)
        .Int("latency_ms", static_cast<int64_t>(seconds * 1000));
    if (!step.error.empty()) line.Str("error", step.error);
    if (metrics_ != nullptr) metrics_->ObserveWorkflowStep(capability, seconds);
  }
  void OnEmail(bool sent) override {
    if (metrics_ != nullptr) metrics_->RecordWorkflowEmail(sent);
  }
  void OnRunFinished(const RunRecord& run) override {
    JsonLog::Info("workflow_run_finished").Str("run", run.id).Str("workflow", run.workflow_id)
        .Str("status", RunStatusName(run.status)).Str("trigger_event", run.trigger ? run.trigger->event_id : "");
    if (metrics_ != nullptr) metrics_->RecordWorkflowRun(run.workflow_id, RunStatusName(run.status));
  }

 private:
  SubledgerMetrics* metrics_;
};

class WorkflowComponent final : public DaemonComponent {
 public:
  WorkflowComponent(EventLog* log, const Clock* clock, std::unique_ptr<StripeClient> stripe,
                    std::unique_ptr<SmtpMailer> mailer, TemplateCatalog templates, std::vector<Definition> definitions,
                    SubledgerMetrics* metrics)
      : stripe_(std::move(stripe)), mailer_(std::move(mailer)), metrics_(metrics), observer_(metrics) {
    capabilities_ = StandardCapabilities(stripe_.get(), std::move(templates), mailer_.get());
    EngineOptions options;
    options.runner.retry_delays = {std::chrono::minutes(1), std::chrono::minutes(5), std::chrono::minutes(30),
                                   std::chrono::hours(2)};
    options.after_pass = [this] { UpdateTimers(); };
    engine_ = std::make_unique<WorkflowEngine>(log, clock, capabilities_.get(), std::move(definitions), options);
    engine_->SetObserver(&observer_);
    if (stripe_) stripe_->SetAbortCheck(engine_->AbortCheck());
    if (mailer_) mailer_->SetAbortCheck(engine_->AbortCheck());
  }

  std::string_view name() const override { return "workflows"; }
  Status Start() override {
    if (Status s = engine_->Open(); !s.ok()) return s;
    if (metrics_ != nullptr) {
      for (const Definition& d : engine_->definitions()) metrics_->DeclareWorkflow(d.workflow_id);
    }
    engine_->Start([](const Status& s) { JsonLog::Warn("workflow_pass_failed").Str("error", s.ToString()); });
    return Status::Ok();
  }
  void Stop() override { engine_->Stop(); }
  void UpdateTimers() {
    if (metrics_ == nullptr) return;
    if (auto pending = engine_->TimersPending(); pending.ok()) metrics_->SetWorkflowTimersPending(*pending);
  }
  WorkflowEngine& engine() { return *engine_; }

 private:
  std::unique_ptr<StripeClient> stripe_;
  std::unique_ptr<SmtpMailer> mailer_;
  SubledgerMetrics* metrics_;
  LoggingObserver observer_;
  std::unique_ptr<CapabilityRegistry> capabilities_;
  std::unique_ptr<WorkflowEngine> engine_;
};

bool KeyConfigured(const DaemonConfig& c, const EnvLookup& env) {
  if (!c.stripe_key_file.empty()) return true;
  const char* key = env ? env("STRIPE_SECRET_KEY") : nullptr;
  return key != nullptr && *key != '\0';
}

bool SendsEmail(std::string_view capability) { return capability == "send-email"; }

}  // namespace

Result<bool> InstallWorkflows(Daemon& daemon, SubledgerMetrics* metrics, const EnvLookup& env) {
  const DaemonConfig& c = daemon.config();
  if (c.workflows_dir.empty()) {
    if (!c.smtp_url.empty() || !c.smtp_from.empty() || !c.workflow_templates.empty()) {
      return Status::InvalidArgument("--smtp-url, --smtp-from and --workflow-templates need --workflows DIR");
    }
    return false;
  }
  TemplateCatalog templates(c.workflow_templates.empty() ? c.workflows_dir + "/templates" : c.workflow_templates);
  auto checker = StandardCapabilities(nullptr, templates, nullptr);
  Result<std::vector<Definition>> definitions = LoadDefinitionDir(c.workflows_dir, *checker);
  if (!definitions.ok()) return definitions.status().WithContext("--workflows");
  bool stripe_needed = false, smtp_needed = false;
  for (const Definition& d : *definitions) {
    stripe_needed = stripe_needed || UsesCapability(d, IsStripeCapability);
    smtp_needed = smtp_needed || UsesCapability(d, SendsEmail);
  }
  std::unique_ptr<StripeClient> stripe;
  if (stripe_needed) {
    if (!KeyConfigured(c, env)) {
      return Status::InvalidArgument("--workflows: a definition uses Stripe capabilities: set STRIPE_SECRET_KEY or pass --stripe-key-file FILE");
    }
    auto options = ResolveStripeOptions({c.stripe_api_base, c.stripe_key_file, c.stripe_version, ""});
    if (!options.ok()) return options.status().WithContext("--workflows");
    stripe = std::make_unique<StripeClient>(std::move(options).value());
  }
  std::unique_ptr<SmtpMailer> mailer;
  if (smtp_needed) {
    auto smtp = ResolveSmtpOptions(c.smtp_url, c.smtp_from, c.smtp_credentials_file);
    if (!smtp.ok()) return smtp.status().WithContext("--workflows: a definition sends e-mail");
    mailer = std::make_unique<SmtpMailer>(std::move(smtp).value(), &daemon.clock());
  }
  std::string names;
  for (const Definition& d : *definitions) {
    names += (names.empty() ? "" : ",") + d.workflow_id + (d.trigger ? "(" + d.trigger->event + ")" : "");
  }
  JsonLog::Info("workflows_on").Str("dir", c.workflows_dir).Str("templates", templates.dir()).Str("workflows", names)
      .Bool("stripe", stripe != nullptr).Str("smtp", mailer ? c.smtp_url : "");
  daemon.AddComponent(std::make_unique<WorkflowComponent>(&daemon.log(), &daemon.clock(), std::move(stripe),
                                                          std::move(mailer), templates, std::move(definitions).value(),
                                                          metrics));
  InstallWorkflowReadApi(daemon);
  return true;
}

}  // namespace subledger
