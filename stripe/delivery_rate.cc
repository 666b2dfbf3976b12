#include "stripe/delivery_rate.h"

namespace subledger {

std::optional<double> SourceCounts::WebhookDeliveryRate() const {
  uint64_t total = stripe_events();
  if (total == 0) return std::nullopt;
  return static_cast<double>(webhook) / static_cast<double>(total);
}

void DeliveryCounter::Add(const EventRecord& record) {
  int64_t created = record.envelope.created;
  if (created < from_ || created >= to_) return;
  switch (record.source) {
    case EventSource::kWebhook: ++counts_.webhook; break;
    case EventSource::kImport: ++counts_.import; break;
    case EventSource::kBackfill: ++counts_.backfill; break;
    case EventSource::kSnapshot: ++counts_.snapshot; break;
  }
}

Result<SourceCounts> CountEventsBySource(const EventLog& log, int64_t created_from, int64_t created_to) {
  DeliveryCounter counter(created_from, created_to);
  Status scanned = log.Scan(1, [&counter](const EventRecord& record) {
    counter.Add(record);
    return true;
  });
  if (!scanned.ok()) return scanned.WithContext("count events by source");
  return counter.counts();
}

nlohmann::ordered_json DeliveryRateJson(const SourceCounts& counts) {
  nlohmann::ordered_json j;
  j["webhook"] = counts.webhook;
  j["import"] = counts.import;
  j["backfill"] = counts.backfill;
  j["snapshot"] = counts.snapshot;
  std::optional<double> rate = counts.WebhookDeliveryRate();
  j["webhook_delivery_rate"] = rate ? nlohmann::ordered_json(*rate) : nlohmann::ordered_json(nullptr);
  return j;
}

Result<SequenceNumber> FirstSequenceReceivedAtOrAfter(const EventLog& log, int64_t unix_micros) {
  SequenceNumber low = 1, high = log.LastSequence() + 1;  // answer in [low, high]
  while (low < high) {
    SequenceNumber mid = low + (high - low) / 2;
    Result<EventRecord> record = log.Get(mid);
    if (!record.ok()) return record.status().WithContext("find first event received after a time");
    if (record->received_at_micros >= unix_micros) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

Result<SourceCounts> CountRecentEventsBySource(const EventLog& log, int64_t created_from, int64_t created_to,
                                               int64_t slack_seconds) {
  Result<SequenceNumber> start =
      FirstSequenceReceivedAtOrAfter(log, (created_from - slack_seconds) * int64_t{1000000});
  if (!start.ok()) return start.status();
  DeliveryCounter counter(created_from, created_to);
  Status scanned = log.Scan(*start, [&counter](const EventRecord& record) {
    counter.Add(record);
    return true;
  });
  if (!scanned.ok()) return scanned.WithContext("count recent events by source");
  return counter.counts();
}

}  // namespace subledger
