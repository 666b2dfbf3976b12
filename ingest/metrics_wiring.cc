#include "ingest/metrics_wiring.h"

#include <atomic>

#include "ingest/webhook_observer.h"
#include "projections/calendar.h"
#include "projections/revenue_report.h"

namespace subledger {
namespace {

WebhookRequestResult ResultFor(WebhookOutcome o) {
  switch (o) {
    case WebhookOutcome::kAccepted: return WebhookRequestResult::kAccepted;
    case WebhookOutcome::kDuplicate: return WebhookRequestResult::kDuplicate;
    case WebhookOutcome::kBadSignature: return WebhookRequestResult::kBadSignature;
    case WebhookOutcome::kStaleTimestamp: return WebhookRequestResult::kStaleTimestamp;
    case WebhookOutcome::kMalformed: return WebhookRequestResult::kMalformed;
    case WebhookOutcome::kTooLarge: return WebhookRequestResult::kTooLarge;
    case WebhookOutcome::kStorageError: return WebhookRequestResult::kStorageError;
  }
  return WebhookRequestResult::kMalformed;
}

class MetricsWebhookObserver final : public WebhookObserver {
 public:
  explicit MetricsWebhookObserver(SubledgerMetrics* metrics) : metrics_(metrics) {}
  void OnWebhook(WebhookOutcome outcome, std::string_view event_type, int64_t latency_nanos) override {
    metrics_->RecordWebhookRequest(ResultFor(outcome));
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
        metrics_(BuildInfo{SUBLEDGER_VERSION, SUBLEDGER_GIT_REV}),
        observer_(&metrics_) {}
  std::string_view name() const override { return "metrics"; }
  Status Start() override {
    if (Projector* p = projections_->projector()) {
      const Clock* clock = &daemon_.clock();
      p->SetPublishListener([this, clock](const std::shared_ptr<const ProjectionSnapshot>& snapshot) {
        PushBusiness(*snapshot, clock->NowUnixSeconds());
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
    EventLog& log = daemon_.log();
    // The month_to_date/previous_month windows roll over at midnight UTC on
    // the 1st even when no event arrives: re-push once when the month changed.
    if (Projector* p = projections_->projector()) {
      const int64_t now = daemon_.clock().NowUnixSeconds();
      if (MonthOf(now) != pushed_month_.load()) PushBusiness(*p->Snapshot(), now);
    }
    LogFigures figures;
    figures.events_in_log = log.EventCount();
    figures.last_event_created = log.stats().last_event_created;
    if (Projector* p = projections_->projector()) {
      ProjectionLag lag = p->Lag();
      figures.projection_lag_events = lag.events;
      figures.projection_lag_seconds = lag.seconds;
      figures.events_by_source = EventsBySource(*p->Snapshot());
    }
    metrics_.UpdateLog(figures);
    metrics_.UpdateStorage(CollectStorageFigures(log));
    return metrics_.Serialize();
  }

 private:
  void PushBusiness(const ProjectionSnapshot& snapshot, int64_t now_unix) {
    pushed_month_ = MonthOf(now_unix);
    metrics_.UpdateBusiness(BusinessFiguresFrom(*snapshot.Find(snapshot.DefaultBook()), now_unix));
  }

  Daemon& daemon_;
  ProjectorComponent* projections_;
  std::atomic<MonthIndex> pushed_month_{-1};
  SubledgerMetrics metrics_;
  MetricsWebhookObserver observer_;
};

WindowFigures WindowFrom(const MonthRow& row) {
  WindowFigures w;
  w.movements.new_mrr = row.new_mrr;
  w.movements.expansion = row.expansion;
  w.movements.reactivation = row.reactivation;
  w.movements.contraction = row.contraction;
  w.movements.churn_voluntary = row.churn_voluntary;
  w.movements.churn_involuntary = row.churn_involuntary;
  w.mrr_start = row.mrr_start;
  w.customers_start = row.customers_start;
  w.customers_churned = row.customers_churned;
  w.customers_churned_involuntary = row.customers_churned_involuntary;
  w.subscriptions_start = row.subscriptions_start;
  w.subscriptions_churned = row.subscriptions_churned;
  w.payments_succeeded = row.payments_succeeded;
  w.payments_failed = row.payments_failed;
  w.amount_succeeded = row.amount_succeeded;
  w.customer_churn_ratio = row.customer_churn_rate;
  w.subscription_churn_ratio = row.subscription_churn_rate;
  w.gross_mrr_churn_ratio = row.gross_mrr_churn_rate;
  w.net_mrr_churn_ratio = row.net_mrr_churn_rate;
  w.involuntary_churn_share = row.involuntary_churn_share;
  w.payment_success_ratio = row.payment_success_rate;
  return w;
}

// A month after the last event: stocks carry over, nothing moved.
WindowFigures QuietWindow(const CurrencyRow& c) {
  WindowFigures w;
  w.mrr_start = c.mrr;
  w.customers_start = c.customers;
  w.subscriptions_start = c.subscriptions;
  if (c.customers > 0) w.customer_churn_ratio = 0.0;
  if (c.subscriptions > 0) w.subscription_churn_ratio = 0.0;
  if (c.mrr > 0) w.gross_mrr_churn_ratio = w.net_mrr_churn_ratio = 0.0;
  return w;
}

}  // namespace

std::map<EventSource, uint64_t> EventsBySource(const ProjectionSnapshot& snapshot) {
  std::map<EventSource, uint64_t> out;
  for (const auto& [book, totals] : snapshot.books) {
    for (const auto& [month, counts] : totals->sources_by_month) {
      for (size_t i = 1; i < counts.size(); ++i) {
        if (counts[i] > 0) out[static_cast<EventSource>(i)] += static_cast<uint64_t>(counts[i]);
      }
    }
  }
  return out;
}

BusinessFigures BusinessFiguresFrom(const RevenueTotals& totals, int64_t now_unix) {
  BusinessFigures figures;
  RevenueReport report = BuildReport(totals);
  figures.subscriptions_by_status = report.subscriptions_by_status;
  figures.as_of = report.as_of.value_or(0);
  const MonthIndex this_month = MonthOf(now_unix);
  for (const CurrencyRow& c : report.currencies) {
    CurrencyFigures f;
    f.currency = c.currency;
    f.mrr = c.mrr;
    f.arpa = c.arpa;
    f.paying_customers = c.customers;
    f.scheduled_churn = c.scheduled_churn;
    f.past_due_mrr = c.past_due_mrr;
    f.unpriced_items = c.unpriced_items;
    bool have_now = false, have_previous = false;
    MonthIndex last_month = 0;
    for (const MonthRow& row : report.months) {
      if (row.currency != c.currency) continue;
      last_month = row.month;
      if (row.month == this_month) {
        f.month_to_date = WindowFrom(row);
        have_now = true;
      } else if (row.month == this_month - 1) {
        f.previous_month = WindowFrom(row);
        have_previous = true;
      }
    }
    if (!have_now && last_month < this_month) f.month_to_date = QuietWindow(c);
    if (!have_previous && last_month < this_month - 1) f.previous_month = QuietWindow(c);
    for (const auto& [key, cell] : totals.cells) {
      if (key.first != c.currency) continue;
      f.payments_succeeded_total += cell.payments_succeeded;
      f.payments_failed_total += cell.payments_failed;
      f.churn_voluntary_movements_total += cell.churn_movements_voluntary;
      f.churn_involuntary_movements_total += cell.churn_movements_involuntary;
    }
    figures.currencies.push_back(std::move(f));
  }
  return figures;
}

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
