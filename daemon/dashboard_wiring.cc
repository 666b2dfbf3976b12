#include "daemon/dashboard_wiring.h"

#include "dashboard/dashboard_page.h"

namespace subledger {
namespace {

dashboard::OperationsFigures Operations(Daemon& daemon, Projector& projector, const SubledgerMetrics* metrics) {
  dashboard::OperationsFigures ops;
  ops.source = std::string("subledgerd ") + DaemonVersion();
  ops.rendered_at = daemon.clock().NowUnixSeconds();
  if (metrics != nullptr) {
    const auto counts = metrics->WebhookRequestCounts();
    for (size_t i = 0; i < counts.size(); ++i) {
      ops.webhook_results.emplace_back(WebhookOutcomeName(kAllWebhookOutcomes[i]), counts[i]);
    }
  }
  const ProjectionLag lag = projector.Lag();
  ops.lag_events = lag.events;
  ops.lag_seconds = lag.seconds;
  if (const Status health = projector.health(); !health.ok()) ops.projection_error = health.ToString();
  ops.events_in_log = daemon.log().EventCount();
  if (auto last = daemon.log().Get(daemon.log().LastSequence()); last.ok()) {
    ops.last_received_at = last->received_at_micros / 1'000'000;
  }
  return ops;
}

}  // namespace

void InstallDashboard(Daemon& daemon, ProjectorComponent* projections, const SubledgerMetrics* metrics) {
  Daemon* d = &daemon;
  daemon.admin().AddRoute("GET", "/", [d, projections, metrics](std::string_view path, std::string_view query) {
    if (path != "/") return NotFoundReply(path);
    Projector* projector = projections->projector();
    if (projector == nullptr) return ServiceUnavailableReply("projections are starting");
    auto q = ParseReadQuery(query, true);
    if (!q.ok()) return ReplyForStatus(q.status());
    const auto snapshot = projector->Snapshot();
    HttpReply reply;
    reply.content_type = "text/html; charset=utf-8";
    reply.body = dashboard::RenderDashboardHtml(dashboard::MakeDashboardInput(
        *snapshot, q->BookIn(*snapshot), q->filter, Operations(*d, *projector, metrics)));
    return reply;
  });
}

}  // namespace subledger
