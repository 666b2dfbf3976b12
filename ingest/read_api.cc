#include "ingest/read_api.h"

#include <cstdio>
#include <map>

#include "ingest/json_log.h"
#include "projections/book_list.h"
#include "projections/calendar.h"
#include "projections/json_writer.h"
#include "projections/revenue_report.h"

namespace subledger {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 && HexDigit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      out[UrlDecode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

Result<ReadQuery> ParseReadQuery(std::string_view query, bool report_filters) {
  ReadQuery out;
  for (const auto& [key, value] : ParseQuery(query)) {
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

// "/v1/subscriptions/sub_1" -> "sub_1"; "" when no id segment.
std::string IdAfter(std::string_view path, std::string_view prefix) {
  if (path.size() <= prefix.size() + 1) return {};
  std::string_view id = path.substr(prefix.size() + 1);
  if (id.find('/') != std::string_view::npos) return {};
  return UrlDecode(id);
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

ProjectorComponent* InstallReadModels(Daemon& daemon) {
  auto owned = std::make_unique<ProjectorComponent>(&daemon.log());
  ProjectorComponent* component = owned.get();
  daemon.AddComponent(std::move(owned));
  AdminRoutes& admin = daemon.admin();

  auto unavailable = [] { return ServiceUnavailableReply("projections are starting"); };

  admin.AddRoute("GET", "/v1/report", [component, unavailable](std::string_view path, std::string_view query) {
    if (path != "/v1/report") return NotFoundReply(path);
    if (!component->projector()) return unavailable();
    auto q = ParseReadQuery(query, true);
    if (!q.ok()) return ReplyForStatus(q.status());
    auto snapshot = component->projector()->Snapshot();
    HttpReply reply;
    reply.body = RenderReportJson(BuildReport(*snapshot->Find(q->BookIn(*snapshot)), q->filter));
    return reply;
  });
  admin.AddRoute("GET", "/v1/revenue", [component, unavailable](std::string_view path, std::string_view query) {
    if (path != "/v1/revenue") return NotFoundReply(path);
    if (!component->projector()) return unavailable();
    auto q = ParseReadQuery(query, true);
    if (!q.ok()) return ReplyForStatus(q.status());
    auto snapshot = component->projector()->Snapshot();
    RevenueReport report = BuildReport(*snapshot->Find(q->BookIn(*snapshot)), q->filter);
    JsonWriter w(-1);
    w.BeginObject();
    w.Key("account");
    if (report.book.platform()) { w.Null(); } else { w.String(report.book.account); }
    w.Key("livemode"); w.Bool(report.book.livemode);
    w.Key("currencies");
    w.BeginArray();
    for (const CurrencyRow& c : report.currencies) WriteCurrencyRow(w, c);
    w.EndArray();
    w.Key("months");
    w.BeginArray();
    for (const MonthRow& m : report.months) WriteMonthRow(w, m);
    w.EndArray();
    w.EndObject();
    HttpReply reply;
    reply.body = w.Take();
    return reply;
  });
  admin.AddRoute("GET", "/v1/books", [component, unavailable](std::string_view path, std::string_view query) {
    if (path != "/v1/books") return NotFoundReply(path);
    if (!component->projector()) return unavailable();
    if (!query.empty()) return ReplyForStatus(Status::InvalidArgument("/v1/books takes no query"));
    HttpReply reply;
    reply.body = RenderBooksJson(*component->projector()->Snapshot());
    return reply;
  });
  admin.AddRoute("GET", "/v1/subscriptions", [component, unavailable](std::string_view path, std::string_view query) {
    if (!component->projector()) return unavailable();
    std::string id = IdAfter(path, "/v1/subscriptions");
    if (id.empty()) return NotFoundReply(path);
    auto q = ParseReadQuery(query, false);
    if (!q.ok()) return ReplyForStatus(q.status());
    Projector* p = component->projector();
    return ReplyForResult(p->SubscriptionView(q->BookIn(*p->Snapshot()), id));
  });
  admin.AddRoute("GET", "/v1/customers", [component, unavailable](std::string_view path, std::string_view query) {
    if (!component->projector()) return unavailable();
    std::string id = IdAfter(path, "/v1/customers");
    if (id.empty()) return NotFoundReply(path);
    auto q = ParseReadQuery(query, false);
    if (!q.ok()) return ReplyForStatus(q.status());
    Projector* p = component->projector();
    return ReplyForResult(p->CustomerView(q->BookIn(*p->Snapshot()), id));
  });
  admin.AddReadinessCheck("projections", [component] {
    ReadinessReport report;
    Projector* p = component->projector();
    if (p == nullptr) {
      report.status = Status::Unavailable("projections are starting");
      return report;
    }
    // A projection problem is shown here but never makes the daemon unready:
    // webhooks must keep flowing into the log while the read models stall.
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
  });
  return component;
}

}  // namespace subledger
