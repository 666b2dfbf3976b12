#include "ledger/event_envelope.h"

#include <algorithm>
#include <vector>

#include "ledger/json_view.h"

namespace subledger {
namespace {

constexpr size_t kMaxIdBytes = 255;
constexpr size_t kMaxTypeBytes = 255;
constexpr size_t kMaxAccountBytes = 255;
// The per-thread key buffer keeps at most this many strings between calls
// (a hostile body may have many thousands of top-level keys).
constexpr size_t kRetainedKeys = 256;

Status Invalid(const std::string& what) {
  return Status::InvalidArgument("event envelope: " + what);
}

// A key for a message: quoted when short and printable, else "a key".
std::string Describe(const std::string& key) {
  const bool printable = key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
                           return c >= 0x20 && c < 0x7f;
                         });
  return printable ? "key \"" + key + "\"" : std::string("a key");
}

// kInvalidArgument when two members of `object` have the same key after
// unescaping.
Status CheckNoDuplicateKeys(const JsonValue& object) {
  thread_local std::vector<std::string> keys;
  size_t n = 0;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (n == keys.size()) keys.emplace_back();
    it.key().str(&keys[n++]);
  }
  const auto end = keys.begin() + static_cast<std::ptrdiff_t>(n);
  std::sort(keys.begin(), end);
  const auto dup = std::adjacent_find(keys.begin(), end);
  Status st = dup == end ? Status::Ok() : Invalid("duplicate " + Describe(*dup) + " at the top level");
  if (keys.size() > kRetainedKeys) {
    keys.resize(kRetainedKeys);
    keys.shrink_to_fit();
  }
  return st;
}

// The required and optional top-level fields (duplicates already excluded,
// so the first match is the only one).
Status ReadTopLevel(const JsonValue& root, EventEnvelope* env) {
  const JsonValue id = root["id"], type = root["type"], created = root["created"];
  if (!id.exists()) return Invalid("missing \"id\"");
  if (!type.exists()) return Invalid("missing \"type\"");
  if (!created.exists()) return Invalid("missing \"created\"");
  if (!id.is_string()) return Invalid("\"id\" is not a string");
  if (!type.is_string()) return Invalid("\"type\" is not a string");
  const auto seconds = created.as_int64();
  if (!seconds) return Invalid("\"created\" is not an integer");
  id.str(&env->id);
  type.str(&env->type);
  env->created = *seconds;
  if (env->id.empty() || env->id.size() > kMaxIdBytes) return Invalid("\"id\" must be 1-255 bytes");
  if (env->type.empty() || env->type.size() > kMaxTypeBytes) return Invalid("\"type\" must be 1-255 bytes");
  if (env->created < 0) return Invalid("\"created\" is negative");

  env->livemode = root["livemode"].as_bool().value_or(false);
  const JsonValue api_version = root["api_version"];
  if (api_version.is_string()) api_version.str(&env->api_version);
  const JsonValue account = root["account"];
  if (account.exists() && !account.is_null() && !account.is_string()) {
    return Invalid("\"account\" is neither a string nor null");
  }
  account.str(&env->account);  // "" unless a string
  if (env->account.size() > kMaxAccountBytes) return Invalid("\"account\" is longer than 255 bytes");
  return Status::Ok();
}

// data.object.id and data.object.object, where present.
Status ReadDataObject(const JsonValue& data, EventEnvelope* env) {
  if (!data.is_object()) return Status::Ok();
  int objects = 0;
  for (auto it = data.begin(); it != data.end(); ++it) objects += it.key().equals("object");
  if (objects > 1) return Invalid("duplicate key \"object\" in \"data\"");
  const JsonValue object = data["object"];
  if (!object.is_object()) return Status::Ok();
  int ids = 0, types = 0;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const JsonValue key = it.key();
    ids += key.equals("id");
    types += key.equals("object");
  }
  if (ids > 1) return Invalid("duplicate key \"id\" in data.object");
  if (types > 1) return Invalid("duplicate key \"object\" in data.object");
  const JsonValue id = object["id"], type = object["object"];
  if (id.is_string()) id.str(&env->object_id);
  if (type.is_string()) type.str(&env->object_type);
  return Status::Ok();
}

}  // namespace

Result<EventEnvelope> ExtractEnvelope(std::string_view body) {
  // One document per thread, reused: no allocation per request once warm.
  thread_local JsonDocument doc;
  if (Status st = doc.Parse(body); !st.ok()) return st;
  const JsonValue root = doc.root();
  if (!root.is_object()) return Invalid("body is not a JSON object");
  if (Status st = CheckNoDuplicateKeys(root); !st.ok()) return st;
  EventEnvelope env;
  if (Status st = ReadTopLevel(root, &env); !st.ok()) return st;
  if (Status st = ReadDataObject(root["data"], &env); !st.ok()) return st;
  return env;
}

std::string AccountOfBody(std::string_view body) {
  thread_local JsonDocument doc;
  if (!doc.Parse(body).ok()) return "";
  return doc.root()["account"].str();
}

}  // namespace subledger
