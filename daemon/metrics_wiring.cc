#include "daemon/metrics_wiring.h"

#include <atomic>
#include <mutex>

#include "daemon/business_figures_from.h"
#include "ingest/webhook_observer.h"
#include "ledger/thread_annotations.h"
#include "projections/calendar.h"

namespace subledger {
namespace {

class MetricsWebhookObserver final : public WebhookObserver {
 public:
  explicit MetricsWebhookObserver(SubledgerMetrics* metrics) : metrics_(metrics) {}
  void OnWebhook(WebhookOutcome outcome, std::string_view event_type, int64_t latency_nanos) override {
    metrics_->RecordWebhookRequest(outcome);
    if (outcome == WebhookOutcome::kAccepted) {
      metrics_->RecordEventReceived(event_type);
      metrics_->ObserveAppendLatency(static_cast<double>(latency_nanos) / 1e9);
    }
  }

 private:
  SubledgerMetrics* metrics_;
};

// Owns the metrics for the daemon's lifetime; connects the projector on Start.
class MetricsComponent final : public DaemonComponent {
 public:
  MetricsComponent(Daemon& daemon, ProjectorComponent* projections)
      : daemon_(daemon),
        projections_(projections),
        builder_(BookLabels(daemon.config().metrics_accounts)),
        metrics_(BuildInfo{SUBLEDGER_VERSION, SUBLEDGER_GIT_REV}),
        observer_(&metrics_) {}
  std::string_view name() const override { return "metrics"; }
  Status Start() override {
    if (Projector* p = projections_->projector()) {
      const Clock* clock = &daemon_.clock();
      p->SetPublishListener([this, clock](const std::shared_ptr<const ProjectionSnapshot>&) {
        PushBusiness(clock->NowUnixSeconds());
      });
    }
    return Status::Ok();
  }
  void Stop() override {
    if (Projector* p = projections_->projector()) p->SetPublishListener(nullptr);
  }
  SubledgerMetrics& metrics() { return metrics_; }
  WebhookObserver* observer() { return &observer_; }

  std::string Scrape() {
    // The month_to_date/previous_month windows roll over at midnight UTC on
    // the 1st even when no event arrives: re-push once when the month changed.
    const int64_t now = daemon_.clock().NowUnixSeconds();
    if (projections_->projector() && MonthOf(now) != pushed_month_.load()) PushBusiness(now);
    metrics_.UpdateLog(CollectLogFigures());
    metrics_.UpdateStorage(CollectStorageFigures(daemon_.log()));
    return metrics_.Serialize();
  }

 private:
  LogFigures CollectLogFigures() {
    EventLog& log = daemon_.log();
    LogFigures figures;
    figures.events_in_log = log.EventCount();
    figures.last_event_created = log.stats().last_event_created;
    if (Projector* p = projections_->projector()) {
      ProjectionLag lag = p->Lag();
      figures.projection_lag_events = lag.events;
      figures.projection_lag_seconds = lag.seconds;
      const std::shared_ptr<const ProjectionSnapshot> snapshot = p->Snapshot();
      figures.events_by_source = EventsBySource(*snapshot);
      figures.projection_implausible_events = snapshot->implausible_events;
      figures.projection_healthy = p->health().ok();
    }
    return figures;
  }

  // Renders the business figures of the projector's current snapshot (the
  // publish listener's and a month-changing scrape's pushes are serialised,
  // and each reads the newest snapshot, so an older one never lands last).
  void PushBusiness(int64_t now_unix) {
    Projector* p = projections_->projector();
    if (p == nullptr) return;
    MutexLock lock(push_mu_);
    pushed_month_ = MonthOf(now_unix);
    metrics_.UpdateBusiness(builder_.Build(*p->Snapshot(), now_unix));
  }

  Daemon& daemon_;
  ProjectorComponent* projections_;
  std::atomic<MonthIndex> pushed_month_{-1};
  Mutex push_mu_;  // serialises PushBusiness
  BusinessFiguresBuilder builder_ SL_GUARDED_BY(push_mu_);
  SubledgerMetrics metrics_;
  MetricsWebhookObserver observer_;
};

}  // namespace

SubledgerMetrics* InstallMetrics(Daemon& daemon, ProjectorComponent* projections) {
  auto owned = std::make_unique<MetricsComponent>(daemon, projections);
  MetricsComponent* component = owned.get();
  daemon.AddComponent(std::move(owned));
  daemon.SetWebhookObserver(component->observer());
  daemon.log().SetCommitObserver(component->metrics().commit_observer());
  daemon.admin().AddRoute("GET", "/metrics", [component](std::string_view path, std::string_view) {
    if (path != "/metrics") return NotFoundReply(path);
    HttpReply reply;
    reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
    reply.body = component->Scrape();
    return reply;
  });
  return &component->metrics();
}

}  // namespace subledger
