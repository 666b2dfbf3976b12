#include "stripe/snapshot_fetcher.h"

#include "ledger/event_envelope.h"
#include "stripe/json_fields.h"

namespace subledger {
namespace {

// From this API version on a discount's coupon is `source.coupon`, an id.
constexpr std::string_view kFirstCloverVersion = "2025-09-30";

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

struct KindInfo {
  const char* object;      // the fetched object's "object"
  const char* path;        // the collection, e.g. "/v1/prices/"
  const char* event_type;  // of the snapshot event
};

KindInfo InfoOf(SnapshotKind kind) {
  if (kind == SnapshotKind::kPrice) return {"price", "/v1/prices/", kPriceSnapshotEventType};
  return {"subscription", "/v1/subscriptions/", kSnapshotEventType};
}

Status ValidateId(SnapshotKind kind, std::string_view id) {
  return kind == SnapshotKind::kPrice ? ValidatePriceId(id) : ValidateSubscriptionId(id);
}

FormParams ExpansionsOf(SnapshotKind kind, std::string_view api_version) {
  if (kind == SnapshotKind::kPrice) return {{"expand[]", "tiers"}};
  return SubscriptionExpansions(api_version);
}

Result<AppendOutcome> AppendSnapshot(EventLog* log, std::string body) {
  PendingEvent pending;
  pending.body = std::move(body);
  Result<EventEnvelope> envelope = ExtractEnvelope(pending.body);
  if (!envelope.ok()) return envelope.status();
  pending.envelope = std::move(*envelope);
  pending.source = EventSource::kSnapshot;
  return log->Append(std::move(pending));
}

}  // namespace

const char* SnapshotKindName(SnapshotKind kind) { return InfoOf(kind).object; }

std::string SnapshotEventId(std::string_view object_id, int64_t created, std::string_view account) {
  std::string id = "evt_snap_" + std::string(object_id) + "_" + std::to_string(created);
  if (!account.empty()) id += "_" + std::string(account);
  return id;
}

Status ValidateSubscriptionId(std::string_view id) {
  bool ok = id.size() > 4 && id.size() <= 254 && id.substr(0, 4) == "sub_";
  for (size_t i = 4; ok && i < id.size(); ++i) ok = IsIdChar(id[i]) || id[i] == '_';
  if (!ok) {
    return Status::InvalidArgument("subscription id '" + std::string(id) +
                                   "': expected sub_ followed by letters, digits or '_'");
  }
  return Status::Ok();
}

Status ValidatePriceId(std::string_view id) {
  bool ok = !id.empty() && id.size() <= 255;
  bool alnum = false;
  for (size_t i = 0; ok && i < id.size(); ++i) {
    alnum = alnum || IsIdChar(id[i]);
    ok = IsIdChar(id[i]) || id[i] == '_' || id[i] == '-' || id[i] == '.';
  }
  if (!ok || !alnum) {
    return Status::InvalidArgument("price id '" + std::string(id) +
                                   "': expected price_... or a plan id of letters, digits, '_', '-' or '.'");
  }
  return Status::Ok();
}

FormParams SubscriptionExpansions(std::string_view api_version) {
  FormParams params = {{"expand[]", "discounts"}, {"expand[]", "items.data.price.tiers"}};
  if (api_version.substr(0, kFirstCloverVersion.size()) >= kFirstCloverVersion) {
    params.emplace_back("expand[]", "discounts.source.coupon");
  }
  return params;
}

std::string BuildSnapshotEventBody(const nlohmann::ordered_json& object, SnapshotKind kind, int64_t created,
                                   std::string_view api_version, std::string_view account) {
  nlohmann::ordered_json event;
  event["id"] = SnapshotEventId(StringField(object, "id"), created, account);
  event["object"] = "event";
  if (!account.empty()) event["account"] = std::string(account);
  event["api_version"] = std::string(api_version);
  event["created"] = created;
  event["data"] = nlohmann::ordered_json::object();
  event["data"]["object"] = object;
  auto livemode = object.find("livemode");
  event["livemode"] = livemode != object.end() && livemode->is_boolean() && livemode->get<bool>();
  event["pending_webhooks"] = 0;
  event["request"] = nullptr;
  event["type"] = InfoOf(kind).event_type;
  return event.dump();
}

Result<SnapshotOutcome> Refetch(StripeClient* client, EventLog* log, const Clock& clock, SnapshotKind kind,
                                std::string_view id) {
  Status valid = ValidateId(kind, id);
  if (!valid.ok()) return valid;
  const KindInfo info = InfoOf(kind);
  std::string what = "refetch " + std::string(id);
  if (!client->account().empty()) what += " (account " + client->account() + ")";
  Result<nlohmann::ordered_json> fetched =
      client->Get(info.path + std::string(id), ExpansionsOf(kind, client->stripe_version()));
  if (!fetched.ok()) return fetched.status().WithContext(what);
  const nlohmann::ordered_json& object = *fetched;
  if (StringField(object, "object") != info.object || StringField(object, "id") != id) {
    return Status::Internal(what + ": Stripe's response is not that " + info.object);
  }
  SnapshotOutcome outcome;
  outcome.created = clock.NowUnixSeconds();
  outcome.status = StringField(object, kind == SnapshotKind::kPrice ? "billing_scheme" : "status");
  Result<AppendOutcome> appended = AppendSnapshot(
      log, BuildSnapshotEventBody(object, kind, outcome.created, client->stripe_version(), client->account()));
  if (!appended.ok()) return appended.status().WithContext(what);
  outcome.event_id = SnapshotEventId(id, outcome.created, client->account());
  outcome.seq = appended->seq;
  outcome.appended = appended->kind == AppendOutcome::Kind::kAppended;
  return outcome;
}

Result<SnapshotOutcome> RefetchSubscription(StripeClient* client, EventLog* log, const Clock& clock,
                                            std::string_view subscription_id) {
  return Refetch(client, log, clock, SnapshotKind::kSubscription, subscription_id);
}

Result<SnapshotOutcome> RefetchPrice(StripeClient* client, EventLog* log, const Clock& clock,
                                     std::string_view price_id) {
  return Refetch(client, log, clock, SnapshotKind::kPrice, price_id);
}

}  // namespace subledger
