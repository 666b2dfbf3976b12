// RenderOperationsStrip (dashboard_page.h): how current and how healthy the
// figures are. The webhook delivery rate follows the monitoring spec's
// formula over the requests since start (accepted and duplicate answers over
// all signed deliveries, bad signatures left out) and is coloured by its
// thresholds; the share of the book's events that arrived by webhook rather
// than backfill is the report's webhook_delivery_rate (docs/projections.md).
#include <cstdio>

#include "dashboard/dashboard_page.h"
#include "dashboard/figure_format.h"
#include "dashboard/spec_bands.h"

namespace subledger::dashboard {
namespace {

std::string Item(const std::string& label, const std::string& value, const std::string& attrs = "",
                 const std::string& css = "") {
  return "<div class=\"op" + (css.empty() ? "" : " " + css) + "\"><span class=\"label\">" + HtmlEscape(label) +
         "</span> <span class=\"value\"" + attrs + ">" + value + "</span></div>";
}

std::string HealthClass(std::optional<Health> h) { return h ? std::string(HealthName(*h)) : ""; }

std::optional<double> SpecDeliveryRate(const OperationsFigures& ops) {
  uint64_t ok = 0, signed_total = 0;
  for (const auto& [result, n] : ops.webhook_results) {
    if (result == "accepted" || result == "duplicate") ok += n;
    if (result != "bad_signature") signed_total += n;
  }
  if (signed_total == 0) return std::nullopt;
  return static_cast<double>(ok) / static_cast<double>(signed_total);
}

std::string WebhookItems(const OperationsFigures& ops) {
  if (ops.webhook_results.empty()) return Item("Webhook results", "not known offline");
  std::string list;
  for (const auto& [result, n] : ops.webhook_results) {
    if (n == 0 && result != "accepted") continue;
    list += (list.empty() ? "" : ", ") + HtmlEscape(result) + " <span data-op=\"webhook_" + HtmlEscape(result) +
            "\">" + FormatCount(static_cast<int64_t>(n)) + "</span>";
  }
  const std::optional<double> rate = SpecDeliveryRate(ops);
  return Item("Webhooks since start", list) +
         Item("Delivery rate", FormatPercent(rate), " data-op=\"webhook_delivery_rate\"",
              HealthClass(Classify("webhook_delivery_rate", rate)));
}

std::string StatusCounts(const RevenueReport& report) {
  std::string out;
  for (const auto& [status, n] : report.subscriptions_by_status) {
    out += (out.empty() ? "" : ", ") + HtmlEscape(status) + " <span data-figure=\"subscriptions_by_status\" data-key=\"" +
           HtmlEscape(status) + "\" data-value=\"" + std::to_string(n) + "\">" + FormatCount(n) + "</span>";
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string RenderOperationsStrip(const RevenueReport& report, const OperationsFigures& ops) {
  const std::string as_of_json = report.as_of ? std::to_string(*report.as_of) : "null";
  std::string out = "<section class=\"ops\" aria-label=\"Operations\">";
  out += Item("Data through", report.as_of ? FormatUtc(*report.as_of) : "—",
              " data-figure=\"as_of\" data-value=\"" + as_of_json + "\"");
  out += Item("Events in this book", FormatCount(static_cast<int64_t>(report.events)),
              " data-figure=\"events\" data-value=\"" + std::to_string(report.events) + "\"");
  out += Item("Subscriptions", StatusCounts(report));
  out += WebhookItems(ops);
  out += Item("Arrived by webhook (vs backfill)", FormatPercent(report.webhook_delivery_rate),
              " data-op=\"arrived_by_webhook\"", HealthClass(Classify("webhook_delivery_rate", report.webhook_delivery_rate)));
  char lag[64];
  std::snprintf(lag, sizeof lag, " (%.1f s)", ops.lag_seconds);
  out += Item("Projection lag", FormatCount(static_cast<int64_t>(ops.lag_events)) + " events" + lag,
              " data-op=\"lag_events\"", ops.lag_events == 0 && ops.projection_error.empty() ? "healthy" : "warning");
  if (!ops.projection_error.empty()) {
    out += Item("Projection error", HtmlEscape(ops.projection_error), "", "critical");
  }
  out += Item("Last event received (all books)", ops.last_received_at ? FormatUtc(*ops.last_received_at) : "none",
              " data-op=\"last_received_at\"");
  out += Item("Events in the log", FormatCount(static_cast<int64_t>(ops.events_in_log)), " data-op=\"events_in_log\"");
  return out + "</section>";
}

}  // namespace subledger::dashboard
