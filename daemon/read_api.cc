#include "daemon/read_api.h"

#include <cstdio>
#include <functional>
#include <map>

#include "ingest/json_log.h"
#include "ingest/url_query.h"
#include "ledger/json_writer.h"
#include "projections/book_list.h"
#include "projections/calendar.h"
#include "projections/revenue_report.h"

namespace subledger {

Result<ReadQuery> ParseReadQuery(std::string_view query, bool report_filters) {
  ReadQuery out;
  Result<std::map<std::string, std::string>> params = ParseQueryParams(query);
  if (!params.ok()) return params.status();
  for (const auto& [key, value] : *params) {
    if (key == "account") {
      out.account = value == "platform" ? "" : value;
    } else if (key == "mode") {
      if (value != "live" && value != "test") {
        return Status::InvalidArgument("mode: want live or test, got '" + value + "'");
      }
      out.live = value == "live";
    } else if (report_filters && key == "currency") {
      if (!value.empty()) out.filter.currency = value;
    } else if (report_filters && (key == "from" || key == "to")) {
      if (value.empty()) continue;
      auto m = ParseMonthLabel(value);
      if (!m) return Status::InvalidArgument(key + ": want YYYY-MM, got '" + value + "'");
      (key == "from" ? out.filter.from : out.filter.to) = *m;
    } else {
      return Status::InvalidArgument("unknown query parameter '" + key + "'");
    }
  }
  return out;
}

namespace {

// "/v1/subscriptions/sub_1" -> "sub_1"; "" when no (well-formed) id segment.
std::string IdAfter(std::string_view path, std::string_view prefix) {
  if (path.size() <= prefix.size() + 1) return {};
  std::string_view id = path.substr(prefix.size() + 1);
  if (id.find('/') != std::string_view::npos) return {};
  Result<std::string> decoded = DecodePathSegment(id);
  return decoded.ok() ? *decoded : std::string();
}

}  // namespace

Status ProjectorComponent::Start() {
  auto projector = Projector::Open(log_);
  if (!projector.ok()) return projector.status();
  projector_ = std::move(*projector);
  if (!projector_->notice().empty()) JsonLog::Warn("projections_reset").Str("reason", projector_->notice());
  // Catch up with the log before serving, so the first report is current.
  // A failure is not fatal: the log keeps accepting webhooks, the projector
  // retries in the background, and /readyz and the metrics say so.
  auto applied = projector_->CatchUp();
  if (applied.ok()) {
    JsonLog::Info("projections_ready")
        .Int("caught_up_events", static_cast<int64_t>(*applied))
        .Int("checkpoint", static_cast<int64_t>(projector_->Snapshot()->checkpoint));
  } else {
    JsonLog::Error("projections_failed").Str("error", applied.status().ToString());
  }
  projector_->Start();
  return Status::Ok();
}

void ProjectorComponent::Stop() {
  if (projector_) projector_->Stop();
}

namespace {

HttpReply Unavailable() { return ServiceUnavailableReply("projections are starting"); }

HttpReply ReportRoute(const ProjectorComponent& component, std::string_view path, std::string_view query) {
  if (path != "/v1/report") return NotFoundReply(path);
  if (!component.projector()) return Unavailable();
  auto q = ParseReadQuery(query, true);
  if (!q.ok()) return ReplyForStatus(q.status());
  auto snapshot = component.projector()->Snapshot();
  HttpReply reply;
  reply.body = RenderReportJson(BuildReport(*snapshot->Find(q->BookIn(*snapshot)), q->filter));
  return reply;
}

HttpReply RevenueRoute(const ProjectorComponent& component, std::string_view path, std::string_view query) {
  if (path != "/v1/revenue") return NotFoundReply(path);
  if (!component.projector()) return Unavailable();
  auto q = ParseReadQuery(query, true);
  if (!q.ok()) return ReplyForStatus(q.status());
  auto snapshot = component.projector()->Snapshot();
  RevenueReport report = BuildReport(*snapshot->Find(q->BookIn(*snapshot)), q->filter);
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("account");
  if (report.book.platform()) { w.Null(); } else { w.String(report.book.account); }
  w.Key("livemode"); w.Bool(report.book.livemode);
  WriteReportTables(w, report);
  w.EndObject();
  HttpReply reply;
  reply.body = w.Take();
  return reply;
}

HttpReply BooksRoute(const ProjectorComponent& component, std::string_view path, std::string_view query) {
  if (path != "/v1/books") return NotFoundReply(path);
  if (!component.projector()) return Unavailable();
  if (!query.empty()) return ReplyForStatus(Status::InvalidArgument("/v1/books takes no query"));
  HttpReply reply;
  reply.body = RenderBooksJson(*component.projector()->Snapshot());
  return reply;
}

// /v1/subscriptions/{id} and /v1/customers/{id}: one entity of one book.
template <typename View>
HttpReply EntityRoute(const ProjectorComponent& component, std::string_view prefix, View view,
                      std::string_view path, std::string_view query) {
  Projector* p = component.projector();
  if (!p) return Unavailable();
  const std::string id = IdAfter(path, prefix);
  if (id.empty()) return NotFoundReply(path);
  auto q = ParseReadQuery(query, false);
  if (!q.ok()) return ReplyForStatus(q.status());
  return ReplyForResult((p->*view)(q->BookIn(*p->Snapshot()), id));
}

// A projection problem is shown here but never makes the daemon unready:
// webhooks must keep flowing into the log while the read models stall.
ReadinessReport ProjectionsReadiness(const ProjectorComponent& component) {
  ReadinessReport report;
  Projector* p = component.projector();
  if (p == nullptr) {
    report.status = Status::Unavailable("projections are starting");
    return report;
  }
  const ProjectionLag lag = p->Lag();
  const auto snapshot = p->Snapshot();
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("lag_events"); w.Int(static_cast<int64_t>(lag.events));
  w.Key("lag_seconds"); w.Double(lag.seconds);
  w.Key("checkpoint"); w.Int(static_cast<int64_t>(snapshot->checkpoint));
  w.Key("books"); w.Int(static_cast<int64_t>(snapshot->books.size()));
  w.Key("implausible_events"); w.Int(static_cast<int64_t>(snapshot->implausible_events));
  const Status health = p->health();
  w.Key("error");
  if (health.ok()) { w.Null(); } else { w.String(health.ToString()); }
  const std::string notice = p->notice();
  if (!notice.empty()) {
    w.Key("notice"); w.String(notice);
  }
  w.EndObject();
  report.detail_json = w.Take();
  return report;
}

}  // namespace

ProjectorComponent* InstallReadModels(Daemon& daemon) {
  auto owned = std::make_unique<ProjectorComponent>(&daemon.log());
  ProjectorComponent* component = owned.get();
  daemon.AddComponent(std::move(owned));
  AdminRoutes& admin = daemon.admin();
  using std::placeholders::_1, std::placeholders::_2;
  admin.AddRoute("GET", "/v1/report", std::bind(ReportRoute, std::cref(*component), _1, _2));
  admin.AddRoute("GET", "/v1/revenue", std::bind(RevenueRoute, std::cref(*component), _1, _2));
  admin.AddRoute("GET", "/v1/books", std::bind(BooksRoute, std::cref(*component), _1, _2));
  admin.AddRoute("GET", "/v1/subscriptions", [component](std::string_view path, std::string_view query) {
    return EntityRoute(*component, "/v1/subscriptions", &Projector::SubscriptionView, path, query);
  });
  admin.AddRoute("GET", "/v1/customers", [component](std::string_view path, std::string_view query) {
    return EntityRoute(*component, "/v1/customers", &Projector::CustomerView, path, query);
  });
  admin.AddReadinessCheck("projections", [component] { return ProjectionsReadiness(*component); });
  return component;
}

}  // namespace subledger
