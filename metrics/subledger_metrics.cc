#include "metrics/subledger_metrics.h"

#include <prometheus/gauge.h>

#include "metrics/business_families.h"
#include "metrics/label_values.h"
#include "metrics/snapshot_families.h"

namespace subledger {

class SubledgerMetrics::Observer final : public CommitObserver {
 public:
  explicit Observer(SubledgerMetrics* metrics) : metrics_(metrics) {}
  void OnBatchCommitted(size_t appended, size_t duplicates, int64_t commit_nanos) override {
    metrics_->ObserveGroupCommit(appended + duplicates, static_cast<double>(commit_nanos) / 1e9);
  }
  void OnCommitFailed(const Status&) override { metrics_->RecordCommitFailure(); }

 private:
  SubledgerMetrics* metrics_;
};

SubledgerMetrics::SubledgerMetrics(const BuildInfo& build)
    : registry_(std::make_shared<prometheus::Registry>()), observer_(std::make_unique<Observer>(this)) {
  auto& requests = prometheus::BuildCounter()
                       .Name("subledger_webhook_requests_total")
                       .Help("Webhook requests by how they were answered: accepted and duplicate (2xx),"
                             " bad_signature, stale_timestamp, malformed (400), too_large (413), storage_error (5xx).")
                       .Register(*registry_);
  for (size_t i = 0; i < std::size(kAllWebhookOutcomes); ++i) {
    webhook_requests_[i] = &requests.Add({{"result", std::string(WebhookOutcomeName(kAllWebhookOutcomes[i]))}});
  }

  // Known types get a series on first use; "other" exists from the start.
  events_received_family_ = &prometheus::BuildCounter()
                                 .Name("subledger_events_received_total")
                                 .Help("Events this process newly appended to the log (duplicates excluded) by Stripe event type;"
                                       " types outside subledger's known list count as \"other\".")
                                 .Register(*registry_);
  events_received_ = std::vector<std::atomic<prometheus::Counter*>>(KnownEventTypes().size() + 1);
  events_received_.back() = &events_received_family_->Add({{"type", std::string(kOtherLabel)}});

  append_latency_ = &prometheus::BuildHistogram()
                         .Name("subledger_append_latency_seconds")
                         .Help("Accepted webhook requests: time from the request being read to its answer being ready,"
                               " the fsync of its group commit included.")
                         .Register(*registry_)
                         .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                                          0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                                          1, 2.5});
  batch_events_ = &prometheus::BuildHistogram()
                       .Name("subledger_group_commit_batch_events")
                       .Help("Events (appended and duplicate) written by one group commit.")
                       .Register(*registry_)
                       .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
                                                                        2048, 4096});
  commit_duration_ = &prometheus::BuildHistogram()
                          .Name("subledger_group_commit_duration_seconds")
                          .Help("Duration of one group commit: the synced RocksDB write of its batch.")
                          .Register(*registry_)
                          .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                                           0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                                           1, 2.5});
  commit_failures_ = &prometheus::BuildCounter()
                          .Name("subledger_log_commit_failures_total")
                          .Help("Group commits that failed (the log then enters its sticky error state).")
                          .Register(*registry_)
                          .Add({});
  workflow_runs_ = &prometheus::BuildCounter()
                        .Name("subledger_workflow_runs_total")
                        .Help("Finished workflow runs by workflow and result: succeeded, failed (a step failed,"
                              " whether or not its onFailure path ran), stopped (the trigger's until event arrived).")
                        .Register(*registry_);
  workflow_steps_ = &prometheus::BuildHistogram()
                         .Name("subledger_workflow_step_duration_seconds")
                         .Help("Workflow steps: duration of one capability call (Stripe request, SMTP send), by capability.")
                         .Register(*registry_);
  auto& emails = prometheus::BuildCounter()
                     .Name("subledger_workflow_emails_total")
                     .Help("E-mails the workflow runner tried to send, by result: sent (the SMTP server accepted it) or failed.")
                     .Register(*registry_);
  workflow_emails_[0] = &emails.Add({{"result", "failed"}});
  workflow_emails_[1] = &emails.Add({{"result", "sent"}});
  workflow_timers_ = &prometheus::BuildGauge()
                          .Name("subledger_workflow_timers_pending")
                          .Help("Unfinished workflow runs waiting for a durable timer (an after: step or a retry back-off).")
                          .Register(*registry_)
                          .Add({});
  prometheus::BuildGauge()
      .Name("subledger_build_info")
      .Help("Always 1; labels name the running subledger version and git revision.")
      .Register(*registry_)
      .Add({{"version", build.version}, {"revision", build.revision}})
      .Set(1);
}

SubledgerMetrics::~SubledgerMetrics() = default;

void SubledgerMetrics::RecordWebhookRequest(WebhookOutcome result) {
  size_t i = static_cast<size_t>(result);
  if (i < std::size(kAllWebhookOutcomes)) webhook_requests_[i]->Increment();
}

std::array<uint64_t, std::size(kAllWebhookOutcomes)> SubledgerMetrics::WebhookRequestCounts() const {
  std::array<uint64_t, std::size(kAllWebhookOutcomes)> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint64_t>(webhook_requests_[i]->Value());
  return out;
}

void SubledgerMetrics::RecordEventReceived(std::string_view event_type) {
  size_t i = EventTypeIndex(event_type);
  prometheus::Counter* counter = events_received_[i].load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Family::Add is idempotent and locked: concurrent first uses get the
    // same series.
    counter = &events_received_family_->Add({{"type", std::string(KnownEventTypes()[i])}});
    events_received_[i].store(counter, std::memory_order_release);
  }
  counter->Increment();
}

void SubledgerMetrics::ObserveAppendLatency(double seconds) { append_latency_->Observe(seconds); }

void SubledgerMetrics::ObserveGroupCommit(size_t events, double seconds) {
  batch_events_->Observe(static_cast<double>(events));
  commit_duration_->Observe(seconds);
}

void SubledgerMetrics::RecordCommitFailure() { commit_failures_->Increment(); }

CommitObserver* SubledgerMetrics::commit_observer() { return observer_.get(); }

void SubledgerMetrics::DeclareWorkflow(std::string_view workflow) {
  {
    MutexLock lock(workflows_mu_);
    declared_workflows_.emplace(workflow);
  }
  for (const char* result : {"succeeded", "failed", "stopped"}) {
    workflow_runs_->Add({{"workflow", std::string(workflow)}, {"result", result}});
  }
}

void SubledgerMetrics::RecordWorkflowRun(std::string_view workflow, std::string_view result) {
  bool declared;
  {
    MutexLock lock(workflows_mu_);
    declared = declared_workflows_.count(workflow) > 0;
  }
  workflow_runs_->Add({{"workflow", declared ? std::string(workflow) : std::string(kOtherLabel)},
                       {"result", std::string(result)}})
      .Increment();
}

void SubledgerMetrics::ObserveWorkflowStep(std::string_view capability, double seconds) {
  workflow_steps_
      ->Add({{"capability", std::string(capability)}},
            prometheus::Histogram::BucketBoundaries{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60})
      .Observe(seconds);
}

void SubledgerMetrics::RecordWorkflowEmail(bool sent) { workflow_emails_[sent ? 1 : 0]->Increment(); }

void SubledgerMetrics::SetWorkflowTimersPending(uint64_t pending) {
  workflow_timers_->Set(static_cast<double>(pending));
}

void SubledgerMetrics::UpdateBusiness(BusinessFigures figures) {
  auto text = std::make_shared<const std::string>(RenderFamilies(BusinessFamilies(figures)));
  MutexLock lock(snapshot_mu_);
  business_text_ = std::move(text);
}

void SubledgerMetrics::UpdateLog(const LogFigures& figures) {
  auto text = std::make_shared<const std::string>(RenderFamilies(LogFamilies(figures)));
  MutexLock lock(snapshot_mu_);
  log_text_ = std::move(text);
}

void SubledgerMetrics::UpdateStorage(const StorageFigures& figures) {
  auto text = std::make_shared<const std::string>(RenderFamilies(StorageFamilies(figures)));
  MutexLock lock(snapshot_mu_);
  storage_text_ = std::move(text);
}

void SubledgerMetrics::UpdateReconciler(const ReconcilerFigures& figures) {
  auto text = std::make_shared<const std::string>(RenderFamilies(ReconcilerFamilies(figures)));
  MutexLock lock(snapshot_mu_);
  reconciler_text_ = std::move(text);
}

std::string SubledgerMetrics::Serialize() const {
  std::shared_ptr<const std::string> business, log, storage, reconciler;
  {
    MutexLock lock(snapshot_mu_);
    business = business_text_;
    log = log_text_;
    storage = storage_text_;
    reconciler = reconciler_text_;
  }
  std::string out = RenderFamilies(registry_->Collect());
  for (const auto* text : {business.get(), log.get(), storage.get(), reconciler.get()}) {
    if (text != nullptr) out += *text;
  }
  return out;
}

}  // namespace subledger
