#include "ledger/event_envelope.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "ledger/envelope_walker.h"
#include "ledger/json_view.h"

namespace subledger {
namespace {

namespace od = simdjson::ondemand;

constexpr size_t kMaxIdBytes = 255;
constexpr size_t kMaxTypeBytes = 255;
constexpr size_t kMaxAccountBytes = 255;
// The per-thread buffers keep at most this much between calls (a hostile
// body may be large or have many thousands of top-level keys).
constexpr size_t kRetainedBytes = 1 << 20;
constexpr size_t kRetainedKeys = 256;

Status Invalid(const std::string& what) { return Status::InvalidArgument("event envelope: " + what); }

// A key for a message: quoted when short and printable, else "a key".
std::string Describe(std::string_view key) {
  const bool printable = key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
                           return c >= 0x20 && c < 0x7f;
                         });
  return printable ? "key \"" + std::string(key) + "\"" : std::string("a key");
}

// The envelope's rules, after a walk without JSON errors.
Status Check(EnvelopeWalker& w) {
  if (!w.root_is_object) return Invalid("body is not a JSON object");
  std::vector<std::string_view>& keys = *w.keys;
  std::sort(keys.begin(), keys.end());
  if (auto dup = std::adjacent_find(keys.begin(), keys.end()); dup != keys.end()) {
    return Invalid("duplicate " + Describe(*dup) + " at the top level");
  }
  if (w.id == Seen::kAbsent) return Invalid("missing \"id\"");
  if (w.type == Seen::kAbsent) return Invalid("missing \"type\"");
  if (w.created == Seen::kAbsent) return Invalid("missing \"created\"");
  if (w.id != Seen::kString) return Invalid("\"id\" is not a string");
  if (w.type != Seen::kString) return Invalid("\"type\" is not a string");
  if (w.created != Seen::kInteger) return Invalid("\"created\" is not an integer");
  if (w.env.id.empty() || w.env.id.size() > kMaxIdBytes) return Invalid("\"id\" must be 1-255 bytes");
  if (w.env.type.empty() || w.env.type.size() > kMaxTypeBytes) return Invalid("\"type\" must be 1-255 bytes");
  if (w.env.created < 0) return Invalid("\"created\" is negative");
  if (w.account == Seen::kOther) return Invalid("\"account\" is neither a string nor null");
  if (w.env.account.size() > kMaxAccountBytes) return Invalid("\"account\" is longer than 255 bytes");
  if (w.duplicate_data_object) return Invalid("duplicate key \"object\" in \"data\"");
  if (w.duplicate_object_id) return Invalid("duplicate key \"id\" in data.object");
  if (w.duplicate_object_object) return Invalid("duplicate key \"object\" in data.object");
  return Status::Ok();
}

// The parser and the padded copy of the body, one per thread, reused.
struct ThreadBuffers {
  od::parser parser;
  std::vector<char> padded;
  std::vector<std::string_view> keys;

  // `body` between `before` and `after` (each "" or one character),
  // followed by simdjson's padding.
  simdjson::padded_string_view Pad(std::string_view body, std::string_view before = "",
                                   std::string_view after = "") {
    const size_t size = before.size() + body.size() + after.size();
    if (padded.size() < size + simdjson::SIMDJSON_PADDING) padded.resize(size + simdjson::SIMDJSON_PADDING);
    char* p = padded.data();
    std::memcpy(p, before.data(), before.size());
    std::memcpy(p + before.size(), body.data(), body.size());
    std::memcpy(p + before.size() + body.size(), after.data(), after.size());
    std::memset(p + size, ' ', simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(p, size, padded.size());
  }

  void Trim() {
    keys.clear();
    if (keys.capacity() > kRetainedKeys) keys.shrink_to_fit();
    if (padded.size() > kRetainedBytes) {
      padded.clear();
      padded.shrink_to_fit();
    }
    if (parser.capacity() > kRetainedBytes) parser = od::parser();  // it grows to the largest body
  }
};

// Whether a body whose root is not an object is one valid JSON value: it is
// walked wrapped in [ ] (its own root was only peeked at).
bool ValidNonObject(std::string_view body, ThreadBuffers& buffers, EnvelopeWalker& w) {
  od::document wrapper;
  return w.Ok(buffers.parser.iterate(buffers.Pad(body, "[", "]")).get(wrapper)) && w.WalkWrapped(wrapper);
}

}  // namespace

Result<EventEnvelope> ExtractEnvelope(std::string_view body) {
  thread_local ThreadBuffers buffers;
  EnvelopeWalker w(&buffers.keys);
  od::document doc;
  bool ok = w.Ok(buffers.parser.iterate(buffers.Pad(body)).get(doc)) && w.Root(doc);
  const char* rest = nullptr;
  if (ok && w.root_is_object) {
    ok = doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS || w.Fail("content after the root value");
  } else if (ok) {
    ok = ValidNonObject(body, buffers, w);
  }
  Status st = ok ? Check(w) : Status::InvalidArgument("invalid JSON: " + w.json_error);
  buffers.Trim();
  if (!st.ok()) return st;
  return std::move(w.env);
}

std::string AccountOfBody(std::string_view body) {
  thread_local JsonDocument doc;
  if (!doc.Parse(body).ok()) return "";
  return doc.root()["account"].str();
}

}  // namespace subledger
