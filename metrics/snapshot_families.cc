#include "metrics/snapshot_families.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <prometheus/text_serializer.h>

#include "metrics/family_builder.h"

namespace subledger {
namespace {

using prometheus::MetricType;

double D(uint64_t v) { return static_cast<double>(v); }

// The `source` label; spelled here so the label set is fixed in this layer.
const char* SourceLabel(EventSource source) {
  switch (source) {
    case EventSource::kWebhook: return "webhook";
    case EventSource::kImport: return "import";
    case EventSource::kBackfill: return "backfill";
    case EventSource::kSnapshot: return "snapshot";
  }
  return "other";
}

void Optional(std::vector<prometheus::MetricFamily>& out, const char* name, const char* help,
              MetricType type, const std::optional<uint64_t>& value, double scale = 1.0) {
  if (!value) return;
  FamilyBuilder(name, help, type).Add(D(*value) * scale).MoveInto(out);
}

}  // namespace

std::vector<prometheus::MetricFamily> LogFamilies(const LogFigures& f) {
  std::vector<prometheus::MetricFamily> out;
  FamilyBuilder("subledger_log_events", "Distinct events in the event log.", MetricType::Gauge)
      .Add(D(f.events_in_log))
      .MoveInto(out);
  FamilyBuilder by_source("subledger_events_by_source",
                          "Events in the log by how they arrived: webhook, import, backfill (recovered from"
                          " Stripe's /v1/events) or snapshot (fetched from the API).",
                          MetricType::Gauge);
  std::map<std::string, uint64_t> per_label;
  for (const auto& [source, count] : f.events_by_source) per_label[SourceLabel(source)] += count;
  for (const auto& [label, count] : per_label) by_source.Add({{"source", label}}, D(count));
  by_source.MoveInto(out);
  FamilyBuilder("subledger_projection_lag_events", "Events in the log not yet applied to the projections.",
                MetricType::Gauge)
      .Add(D(f.projection_lag_events))
      .MoveInto(out);
  FamilyBuilder("subledger_projection_lag_seconds",
                "Age in seconds of the oldest event in the log not yet applied to the projections (0 when caught up).",
                MetricType::Gauge)
      .Add(f.projection_lag_seconds)
      .MoveInto(out);
  if (f.projection_implausible_events) {
    FamilyBuilder("subledger_projection_implausible_events",
                  "Events in the log whose created time is not plausible (revenue model section 1: before 2010 or"
                  " more than a day after arrival), left out of every figure.",
                  MetricType::Gauge)
        .Add(D(*f.projection_implausible_events))
        .MoveInto(out);
  }
  if (f.projection_healthy) {
    FamilyBuilder("subledger_projection_healthy",
                  "1 while the projector folds the log; 0 while its last catch-up failed (it retries; the log keeps"
                  " accepting events, the figures stand still).",
                  MetricType::Gauge)
        .Add(*f.projection_healthy ? 1 : 0)
        .MoveInto(out);
  }
  if (f.last_event_created > 0) {
    FamilyBuilder("subledger_last_event_created_timestamp_seconds",
                  "Greatest Stripe event created time in the log (Unix seconds).", MetricType::Gauge)
        .Add(static_cast<double>(f.last_event_created))
        .MoveInto(out);
  }
  if (f.last_event_received_micros) {
    FamilyBuilder("subledger_last_event_received_timestamp_seconds",
                  "When the most recently appended event reached the log (Unix seconds).", MetricType::Gauge)
        .Add(static_cast<double>(*f.last_event_received_micros) / 1e6)
        .MoveInto(out);
  }
  return out;
}

std::vector<prometheus::MetricFamily> StorageFamilies(const StorageFigures& f) {
  std::vector<prometheus::MetricFamily> out;
  FamilyBuilder("subledger_log_healthy",
                "1 while the event log accepts writes; 0 in its sticky error state (restart needed).",
                MetricType::Gauge)
      .Add(f.healthy ? 1 : 0)
      .MoveInto(out);
  FamilyBuilder("subledger_rocksdb_wal_syncs_total", "WAL fsyncs made by the log's group commits.",
                MetricType::Counter)
      .Add(D(f.wal_syncs))
      .MoveInto(out);
  FamilyBuilder("subledger_log_write_errors_total", "Failed log writes or fsyncs.", MetricType::Counter)
      .Add(D(f.write_errors))
      .MoveInto(out);
  Optional(out, "subledger_rocksdb_background_errors_total",
           "RocksDB background errors (flush/compaction), rocksdb.background-errors.", MetricType::Counter,
           f.background_errors);
  Optional(out, "subledger_rocksdb_write_stopped",
           "1 while RocksDB has stopped writes (rocksdb.is-write-stopped).", MetricType::Gauge, f.write_stopped);
  Optional(out, "subledger_rocksdb_delayed_write_rate_bytes_per_second",
           "Write rate RocksDB is throttling to, 0 when not delayed (rocksdb.actual-delayed-write-rate).",
           MetricType::Gauge, f.delayed_write_rate);
  Optional(out, "subledger_rocksdb_sst_files_size_bytes", "Size of all SST files (rocksdb.total-sst-files-size).",
           MetricType::Gauge, f.sst_files_bytes);
  Optional(out, "subledger_rocksdb_memtables_size_bytes",
           "Size of all memtables (rocksdb.cur-size-all-mem-tables).", MetricType::Gauge, f.memtables_bytes);
  Optional(out, "subledger_rocksdb_pending_compaction_bytes",
           "Estimated bytes compaction must rewrite (rocksdb.estimate-pending-compaction-bytes).",
           MetricType::Gauge, f.pending_compaction_bytes);
  Optional(out, "subledger_rocksdb_write_stall_seconds_total", "Time writes spent stalled by RocksDB.",
           MetricType::Counter, f.write_stall_micros, 1e-6);
  return out;
}

std::vector<prometheus::MetricFamily> ReconcilerFamilies(const ReconcilerFigures& f) {
  std::vector<prometheus::MetricFamily> out;
  FamilyBuilder("subledger_reconciler_passes_total",
                "Reconciliation passes against Stripe's /v1/events by result (ok, failed).", MetricType::Counter)
      .Add({{"result", "failed"}}, D(f.failed_passes))
      .Add({{"result", "ok"}}, D(f.passes >= f.failed_passes ? f.passes - f.failed_passes : 0))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_events_listed_total",
                "Events Stripe listed for the windows the reconciliation checked.", MetricType::Counter)
      .Add(D(f.events_listed))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_events_recovered_total",
                "Events missing from the log that the reconciliation recovered (a webhook that never arrived).",
                MetricType::Counter)
      .Add(D(f.events_recovered))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_api_requests_total",
                "HTTP requests the reconciliation made to Stripe's API, retries included.", MetricType::Counter)
      .Add(D(f.api_requests))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_refetched_total",
                "Objects the reconciliation refetched as snapshot events to close the projection's gaps, by kind.",
                MetricType::Counter)
      .Add({{"kind", "price"}}, D(f.refetched_prices))
      .Add({{"kind", "subscription"}}, D(f.refetched_subscriptions))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_refetch_failures_total",
                "Refetches that failed (Stripe's error or unreachable), by kind.", MetricType::Counter)
      .Add({{"kind", "price"}}, D(f.refetch_failed_prices))
      .Add({{"kind", "subscription"}}, D(f.refetch_failed_subscriptions))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_unresolved_references",
                "References the last pass found the projection could not resolve, before refetching: discount ids "
                "(kind discount) and tiered prices without known tiers (kind tiered_price).",
                MetricType::Gauge)
      .Add({{"kind", "discount"}}, D(f.unresolved_discounts))
      .Add({{"kind", "tiered_price"}}, D(f.unknown_tiered_prices))
      .MoveInto(out);
  FamilyBuilder("subledger_reconciler_accounts", "Accounts the last pass walked, the platform's own included.",
                MetricType::Gauge)
      .Add(D(f.accounts))
      .MoveInto(out);
  if (f.last_pass_unix > 0) {
    FamilyBuilder("subledger_reconciler_last_pass_timestamp_seconds",
                  "When the last reconciliation pass finished (Unix seconds).", MetricType::Gauge)
        .Add(static_cast<double>(f.last_pass_unix))
        .MoveInto(out);
  }
  return out;
}

std::string RenderFamilies(std::vector<prometheus::MetricFamily> families) {
  for (prometheus::MetricFamily& family : families) {
    std::sort(family.metric.begin(), family.metric.end(),
              [](const prometheus::ClientMetric& a, const prometheus::ClientMetric& b) { return a.label < b.label; });
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace subledger
