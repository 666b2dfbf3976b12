#include "ingest/read_api.h"

#include <cstdio>
#include <map>

#include "ingest/json_log.h"
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

Result<ReportFilter> FilterFromQuery(std::string_view query) {
  ReportFilter filter;
  for (const auto& [key, value] : ParseQuery(query)) {
    if (value.empty()) continue;
    if (key == "currency") {
      filter.currency = value;
    } else if (key == "from" || key == "to") {
      auto m = ParseMonthLabel(value);
      if (!m) return Status::InvalidArgument(key + ": want YYYY-MM, got '" + value + "'");
      (key == "from" ? filter.from : filter.to) = *m;
    } else {
      return Status::InvalidArgument("unknown query parameter '" + key + "'");
    }
  }
  return filter;
}

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
  // Catch up with the log before serving, so the first report is current.
  auto applied = projector_->CatchUp();
  if (!applied.ok()) return applied.status().WithContext("projections catch-up");
  JsonLog::Info("projections_ready")
      .Int("caught_up_events", static_cast<int64_t>(*applied))
      .Int("checkpoint", static_cast<int64_t>(projector_->Snapshot()->checkpoint));
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
    auto filter = FilterFromQuery(query);
    if (!filter.ok()) return ReplyForStatus(filter.status());
    HttpReply reply;
    reply.body = RenderReportJson(BuildReport(*component->projector()->Snapshot(), *filter));
    return reply;
  });
  admin.AddRoute("GET", "/v1/revenue", [component, unavailable](std::string_view path, std::string_view query) {
    if (path != "/v1/revenue") return NotFoundReply(path);
    if (!component->projector()) return unavailable();
    auto filter = FilterFromQuery(query);
    if (!filter.ok()) return ReplyForStatus(filter.status());
    RevenueReport report = BuildReport(*component->projector()->Snapshot(), *filter);
    JsonWriter w(-1);
    w.BeginObject();
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
  admin.AddRoute("GET", "/v1/subscriptions", [component, unavailable](std::string_view path, std::string_view) {
    if (!component->projector()) return unavailable();
    std::string id = IdAfter(path, "/v1/subscriptions");
    if (id.empty()) return NotFoundReply(path);
    return ReplyForResult(component->projector()->SubscriptionView(id));
  });
  admin.AddRoute("GET", "/v1/customers", [component, unavailable](std::string_view path, std::string_view) {
    if (!component->projector()) return unavailable();
    std::string id = IdAfter(path, "/v1/customers");
    if (id.empty()) return NotFoundReply(path);
    return ReplyForResult(component->projector()->CustomerView(id));
  });
  admin.AddReadinessCheck("projections", [component] {
    ReadinessReport report;
    Projector* p = component->projector();
    if (p == nullptr) {
      report.status = Status::Unavailable("projections are starting");
      return report;
    }
    report.status = p->health();
    ProjectionLag lag = p->Lag();
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"lag_events\":%llu,\"lag_seconds\":%.3f,\"checkpoint\":%llu}",
                  static_cast<unsigned long long>(lag.events), lag.seconds,
                  static_cast<unsigned long long>(p->Snapshot()->checkpoint));
    report.detail_json = buf;
    return report;
  });
  return component;
}

}  // namespace subledger
