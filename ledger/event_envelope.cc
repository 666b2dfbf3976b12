#include "ledger/event_envelope.h"

#include "ledger/json_view.h"

namespace subledger {
namespace {

constexpr size_t kMaxIdBytes = 255;
constexpr size_t kMaxTypeBytes = 255;

Status Missing(const char* what) {
  return Status::InvalidArgument(std::string("event envelope: ") + what);
}

}  // namespace

Result<EventEnvelope> ExtractEnvelope(std::string_view body) {
  // One document per thread, reused: no allocation per request once warm.
  thread_local JsonDocument doc;
  Status st = doc.Parse(body);
  if (!st.ok()) return st;
  JsonValue root = doc.root();
  if (!root.is_object()) return Missing("body is not a JSON object");

  EventEnvelope env;
  int seen_id = 0, seen_type = 0, seen_created = 0;
  JsonValue data;
  for (auto it = root.begin(); it != root.end(); ++it) {
    JsonValue key = it.key();
    JsonValue value = *it;
    std::string_view k = key.raw();  // envelope keys never need unescaping; escaped keys never match
    if (k == "id") {
      ++seen_id;
      if (!value.is_string()) return Missing("\"id\" is not a string");
      env.id = value.str();
    } else if (k == "type") {
      ++seen_type;
      if (!value.is_string()) return Missing("\"type\" is not a string");
      env.type = value.str();
    } else if (k == "created") {
      ++seen_created;
      auto created = value.as_int64();
      if (!created) return Missing("\"created\" is not an integer");
      env.created = *created;
    } else if (k == "livemode") {
      env.livemode = value.as_bool().value_or(false);
    } else if (k == "account") {
      if (value.is_string()) env.account = value.str();
    } else if (k == "api_version") {
      if (value.is_string()) env.api_version = value.str();
    } else if (k == "data") {
      if (!data.exists()) data = value;
    }
  }
  if (seen_id == 0) return Missing("missing \"id\"");
  if (seen_type == 0) return Missing("missing \"type\"");
  if (seen_created == 0) return Missing("missing \"created\"");
  if (seen_id > 1 || seen_type > 1 || seen_created > 1) {
    return Missing("duplicate \"id\", \"type\" or \"created\" key");
  }
  if (env.id.empty() || env.id.size() > kMaxIdBytes) return Missing("\"id\" must be 1-255 bytes");
  if (env.type.empty() || env.type.size() > kMaxTypeBytes) return Missing("\"type\" must be 1-255 bytes");
  if (env.created < 0) return Missing("\"created\" is negative");

  JsonValue object = data["object"];
  if (object.is_object()) {
    JsonValue id = object["id"];
    if (id.is_string()) env.object_id = id.str();
    JsonValue type = object["object"];
    if (type.is_string()) env.object_type = type.str();
  }
  return env;
}

}  // namespace subledger
