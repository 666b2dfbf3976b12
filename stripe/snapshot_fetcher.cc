#include "stripe/snapshot_fetcher.h"

#include "ledger/event_envelope.h"
#include "stripe/json_fields.h"

namespace subledger {

std::string SnapshotEventId(std::string_view subscription_id, int64_t created) {
  return "evt_snap_" + std::string(subscription_id) + "_" + std::to_string(created);
}

Status ValidateSubscriptionId(std::string_view id) {
  bool ok = id.size() > 4 && id.size() <= 254 && id.substr(0, 4) == "sub_";
  for (size_t i = 4; ok && i < id.size(); ++i) {
    char c = id[i];
    ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (!ok) {
    return Status::InvalidArgument("subscription id '" + std::string(id) +
                                   "': expected sub_ followed by letters, digits or '_'");
  }
  return Status::Ok();
}

std::string BuildSnapshotEventBody(const nlohmann::ordered_json& subscription, int64_t created,
                                   std::string_view api_version) {
  nlohmann::ordered_json event;
  event["id"] = SnapshotEventId(StringField(subscription, "id"), created);
  event["object"] = "event";
  event["api_version"] = std::string(api_version);
  event["created"] = created;
  event["data"] = nlohmann::ordered_json::object();
  event["data"]["object"] = subscription;
  auto livemode = subscription.find("livemode");
  event["livemode"] = livemode != subscription.end() && livemode->is_boolean() && livemode->get<bool>();
  event["pending_webhooks"] = 0;
  event["request"] = nullptr;
  event["type"] = kSnapshotEventType;
  return event.dump();
}

Result<SnapshotOutcome> RefetchSubscription(StripeClient* client, EventLog* log, const Clock& clock,
                                            std::string_view subscription_id) {
  Status valid = ValidateSubscriptionId(subscription_id);
  if (!valid.ok()) return valid;
  std::string what = "refetch " + std::string(subscription_id);
  Result<nlohmann::ordered_json> fetched =
      client->Get("/v1/subscriptions/" + std::string(subscription_id), {{"expand[]", "discounts"}});
  if (!fetched.ok()) return fetched.status().WithContext(what);
  const nlohmann::ordered_json& sub = *fetched;
  if (StringField(sub, "object") != "subscription" || StringField(sub, "id") != subscription_id) {
    return Status::Internal(what + ": Stripe's response is not that subscription");
  }
  int64_t created = clock.NowUnixSeconds();
  PendingEvent pending;
  pending.body = BuildSnapshotEventBody(sub, created, client->stripe_version());
  Result<EventEnvelope> envelope = ExtractEnvelope(pending.body);
  if (!envelope.ok()) return envelope.status().WithContext(what);
  pending.envelope = std::move(*envelope);
  pending.source = EventSource::kSnapshot;
  SnapshotOutcome outcome;
  outcome.event_id = pending.envelope.id;
  outcome.created = created;
  outcome.status = StringField(sub, "status");
  Result<AppendOutcome> appended = log->Append(std::move(pending));
  if (!appended.ok()) return appended.status().WithContext(what);
  outcome.seq = appended->seq;
  outcome.appended = appended->kind == AppendOutcome::Kind::kAppended;
  return outcome;
}

}  // namespace subledger
