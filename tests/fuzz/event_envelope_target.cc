// Fuzz target: ExtractEnvelope, the request path's one pass over a body
// (simdjson), checked against nlohmann::json as a naive, independent oracle,
// and against JsonDocument (the projections' reader) on what is valid JSON.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "ledger/event_envelope.h"
#include "ledger/json_view.h"
#include "tests/fuzz/fuzz_targets.h"

namespace subledger::fuzz {
namespace {

// Members of an object as JsonDocument sees them (duplicates counted), or -1.
long MemberCount(const JsonValue& v) { return v.is_object() ? static_cast<long>(v.size()) : -1; }
long MemberCount(const nlohmann::json& j) { return j.is_object() ? static_cast<long>(j.size()) : -1; }

std::string StringOr(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void FuzzEventEnvelope(std::string_view data) {
  Result<EventEnvelope> env = ExtractEnvelope(data);
  JsonDocument doc;
  const Status parsed = doc.Parse(data);
  if (!env.ok()) {
    FuzzCheck(env.status().code() == Status::Code::kInvalidArgument,
              "ExtractEnvelope failed with a code other than kInvalidArgument");
    FuzzCheck(!env.status().message().empty(), "a rejection without a message");
    // Both readers of bodies (simdjson at the door, JsonDocument in the
    // projections) draw the line of valid JSON in the same place.
    if (env.status().message().rfind("invalid JSON", 0) == 0) {
      FuzzCheck(!parsed.ok(), "ExtractEnvelope called JSON invalid that JsonDocument reads");
    } else {
      FuzzCheck(parsed.ok(), "ExtractEnvelope refused the envelope of JSON that JsonDocument rejects");
    }
    return;
  }
  FuzzCheck(parsed.ok(), "ExtractEnvelope accepted what JsonDocument rejects");

  const nlohmann::json j = nlohmann::json::parse(data.begin(), data.end(), nullptr,
                                                 /*allow_exceptions=*/false);
  FuzzCheck(!j.is_discarded(), "ExtractEnvelope accepted a body nlohmann::json rejects");
  FuzzCheck(j.is_object(), "ExtractEnvelope accepted a body that is not an object");
  FuzzCheck(!env->id.empty() && env->id.size() <= 255, "id length outside 1-255");
  FuzzCheck(!env->type.empty() && env->type.size() <= 255, "type length outside 1-255");
  FuzzCheck(env->created >= 0, "negative created accepted");

  // Field-by-field comparison. ExtractEnvelope refuses a duplicate top-level
  // key (compared after unescaping, as nlohmann does), so what it accepted
  // has exactly nlohmann's members and is unambiguous.
  FuzzCheck(MemberCount(doc.root()) == MemberCount(j),
            "accepted a body with a duplicate top-level key (nlohmann keeps the last)");
  FuzzCheck(j["id"].is_string() && j["id"].get<std::string>() == env->id, "id differs from oracle");
  FuzzCheck(j["type"].is_string() && j["type"].get<std::string>() == env->type,
            "type differs from oracle");
  FuzzCheck(j["created"].is_number_integer() && j["created"].get<int64_t>() == env->created,
            "created differs from oracle");
  FuzzCheck(env->livemode == (j.contains("livemode") && j["livemode"].is_boolean() &&
                              j["livemode"].get<bool>()),
            "livemode differs from oracle");
  FuzzCheck(env->api_version == StringOr(j, "api_version"), "api_version differs from oracle");
  FuzzCheck(!j.contains("account") || j["account"].is_string() || j["account"].is_null(),
            "accepted an account that is neither a string nor null");
  FuzzCheck(env->account == StringOr(j, "account"), "account differs from oracle");

  // "object" in data and "id"/"object" in data.object are unique too (other
  // duplicates there are valid JSON, stored as received), so nlohmann's
  // last-wins reading agrees.
  const nlohmann::json* data_json = j.contains("data") ? &j["data"] : nullptr;
  const nlohmann::json* object = data_json != nullptr && data_json->is_object() && data_json->contains("object")
                                     ? &(*data_json)["object"]
                                     : nullptr;
  const bool is_object = object != nullptr && object->is_object();
  FuzzCheck(env->object_id == (is_object ? StringOr(*object, "id") : std::string()),
            "data.object.id differs from oracle");
  FuzzCheck(env->object_type == (is_object ? StringOr(*object, "object") : std::string()),
            "data.object.object differs from oracle");
}

}  // namespace subledger::fuzz
