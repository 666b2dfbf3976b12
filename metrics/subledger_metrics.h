// SubledgerMetrics: everything subledger exports on /metrics.
//
// It owns a prometheus::Registry with the live operational series (webhook
// requests by result, events by type, append latency and group-commit
// histograms, commit failures, build info) and holds the latest snapshots
// pushed by their owners: business figures (projector), log progress
// (projector/daemon), storage health (daemon) and reconciliation totals. Serialize() renders all of
// it in the Prometheus text format; the daemon serves that string from its own
// HTTP server. Snapshots are rendered to text when pushed, so a scrape only
// renders the live series and concatenates: it never computes figures.
//
// Cardinality is bounded whatever the input: event types outside
// KnownEventTypes() count as "other", currencies and statuses go through
// metrics/label_values.h, and no id is ever a label.
//
// Thread safety: every method may be called from any thread. Record*/Observe*
// are lock-free (prometheus-cpp atomics) and cheap enough for the request
// path. Update* swap an immutable snapshot under a short lock; Serialize reads
// the current snapshots, so a scrape sees each snapshot whole.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "ledger/event_log.h"
#include "ledger/thread_annotations.h"
#include "ledger/webhook_outcome.h"
#include "metrics/business_figures.h"

namespace subledger {

struct BuildInfo {
  std::string version;   // e.g. "0.1.0"
  std::string revision;  // git short hash
};

class SubledgerMetrics {
 public:
  explicit SubledgerMetrics(const BuildInfo& build);
  ~SubledgerMetrics();
  SubledgerMetrics(const SubledgerMetrics&) = delete;
  SubledgerMetrics& operator=(const SubledgerMetrics&) = delete;

  // ---- live series (request path, committer thread) ----
  // One webhook request, by how it ended (the `result` label: WebhookOutcomeName).
  void RecordWebhookRequest(WebhookOutcome result);
  // Webhook requests by outcome since start, in kAllWebhookOutcomes order
  // (the dashboard's operations strip).
  std::array<uint64_t, std::size(kAllWebhookOutcomes)> WebhookRequestCounts() const;
  // An event newly appended to the log (not a duplicate), by its Stripe type.
  void RecordEventReceived(std::string_view event_type);
  // An accepted request: time from the request being read to its durable
  // answer being ready (the group commit's fsync included).
  void ObserveAppendLatency(double seconds);
  // One group commit: events written (appended + duplicates) and its duration.
  void ObserveGroupCommit(size_t events, double seconds);
  void RecordCommitFailure();
  // An EventLog CommitObserver feeding ObserveGroupCommit/RecordCommitFailure.
  // Owned by this object; pass it to EventLog::SetCommitObserver.
  CommitObserver* commit_observer();

  // ---- workflow runner (workflows/, subledgerd --workflows) ----
  // Creates a loaded workflow's run series (succeeded, failed, stopped at 0),
  // so that increase() sees its first run. Runs of undeclared workflows count
  // as workflow="other": the label never holds unbounded input.
  void DeclareWorkflow(std::string_view workflow);
  // A finished run; result is "succeeded", "failed" or "stopped".
  void RecordWorkflowRun(std::string_view workflow, std::string_view result);
  // One capability call of a step (success, failure or a transient error).
  void ObserveWorkflowStep(std::string_view capability, double seconds);
  void RecordWorkflowEmail(bool sent);
  void SetWorkflowTimersPending(uint64_t pending);

  // ---- snapshots (replace the previous one whole) ----
  void UpdateBusiness(BusinessFigures figures);
  void UpdateLog(const LogFigures& figures);
  void UpdateStorage(const StorageFigures& figures);
  void UpdateReconciler(const ReconcilerFigures& figures);

  // The Prometheus text exposition format (version 0.0.4), families in a
  // fixed order and series sorted by labels within each family.
  std::string Serialize() const;

  prometheus::Registry& registry() { return *registry_; }

 private:
  class Observer;
  std::shared_ptr<prometheus::Registry> registry_;
  std::array<prometheus::Counter*, std::size(kAllWebhookOutcomes)> webhook_requests_{};
  prometheus::Family<prometheus::Counter>* events_received_family_ = nullptr;
  // One per KnownEventTypes() entry, then "other"; null until first use.
  std::vector<std::atomic<prometheus::Counter*>> events_received_;
  prometheus::Histogram* append_latency_ = nullptr;
  prometheus::Histogram* batch_events_ = nullptr;
  prometheus::Histogram* commit_duration_ = nullptr;
  prometheus::Counter* commit_failures_ = nullptr;
  std::unique_ptr<Observer> observer_;
  prometheus::Family<prometheus::Counter>* workflow_runs_ = nullptr;
  prometheus::Family<prometheus::Histogram>* workflow_steps_ = nullptr;
  std::array<prometheus::Counter*, 2> workflow_emails_{};  // failed, sent
  prometheus::Gauge* workflow_timers_ = nullptr;
  mutable Mutex workflows_mu_;
  std::set<std::string, std::less<>> declared_workflows_ SL_GUARDED_BY(workflows_mu_);

  // The snapshots, already rendered as text when they were pushed.
  mutable Mutex snapshot_mu_;
  std::shared_ptr<const std::string> business_text_ SL_GUARDED_BY(snapshot_mu_);
  std::shared_ptr<const std::string> log_text_ SL_GUARDED_BY(snapshot_mu_);
  std::shared_ptr<const std::string> storage_text_ SL_GUARDED_BY(snapshot_mu_);
  std::shared_ptr<const std::string> reconciler_text_ SL_GUARDED_BY(snapshot_mu_);
};

// Reads EventLog::stats(), health() and the RocksDB properties listed in
// StorageFigures. Cheap (no I/O); the daemon calls it before each scrape or on
// a timer.
StorageFigures CollectStorageFigures(const EventLog& log);

}  // namespace subledger
