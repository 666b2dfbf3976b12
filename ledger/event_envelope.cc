#include "ledger/event_envelope.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "ledger/envelope_walker.h"
#include "ledger/json_view.h"

namespace subledger {
namespace {

namespace dom = simdjson::dom;

constexpr size_t kMaxIdBytes = 255;
constexpr size_t kMaxTypeBytes = 255;
constexpr size_t kMaxAccountBytes = 255;
// The per-thread buffers keep at most this much between calls (a hostile
// body may be large or have many thousands of top-level keys). simdjson's DOM
// parser holds ~14 bytes per byte of capacity (tape, strings, structural
// indexes): it starts at 16 KiB of capacity (Stripe's bodies are 2-12 KB)
// and is made anew after a body over 64 KiB (~0.9 MiB held at most).
constexpr size_t kRetainedBytes = 1 << 20;
constexpr size_t kRetainedKeys = 256;
constexpr size_t kParserCapacity = 16 << 10;
constexpr size_t kRetainedParserCapacity = 64 << 10;
// The walk enforces JsonDocument's depth (every container counts); the
// parser's bound (non-empty containers only) is a backstop one above it.
constexpr size_t kParserMaxDepth = JsonDocument::kDefaultMaxDepth + 1;

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
  // Whether the parser is allocated with the depth bound (a failed
  // allocation leaves simdjson's parser with another bound).
  bool Ready() {
    if (parser.capacity() != 0 && parser.max_depth() == kParserMaxDepth) return true;
    parser = dom::parser();
    return parser.allocate(kParserCapacity, kParserMaxDepth) == simdjson::SUCCESS &&
           parser.max_depth() == kParserMaxDepth;
  }
  dom::parser parser;
  std::vector<char> padded;
  std::vector<std::string_view> keys;

  // `body` followed by simdjson's padding.
  std::string_view Pad(std::string_view body) {
    if (padded.size() < body.size() + simdjson::SIMDJSON_PADDING) {
      padded.resize(body.size() + simdjson::SIMDJSON_PADDING);
    }
    std::memcpy(padded.data(), body.data(), body.size());
    std::memset(padded.data() + body.size(), ' ', simdjson::SIMDJSON_PADDING);
    return std::string_view(padded.data(), body.size());
  }

  void Trim() {
    keys.clear();
    if (keys.capacity() > kRetainedKeys) keys.shrink_to_fit();
    if (padded.size() > kRetainedBytes) {
      padded.clear();
      padded.shrink_to_fit();
    }
    if (parser.capacity() > kRetainedParserCapacity) parser = dom::parser();  // it grows to the largest body
  }
};

// simdjson's verdict on the body; false with w's json_error set if it is
// not JSON.
bool Parse(std::string_view body, ThreadBuffers& buffers, EnvelopeWalker& w, dom::element* root) {
  if (!buffers.Ready()) return w.Fail("out of memory for the parser");
  const std::string_view padded = buffers.Pad(body);
  const simdjson::error_code e = buffers.parser.parse(padded.data(), padded.size(), false).get(*root);
  if (e == simdjson::SUCCESS) return true;
  return w.Fail(e == simdjson::DEPTH_ERROR ? "nesting too deep" : simdjson::error_message(e));
}

}  // namespace

Result<EventEnvelope> ExtractEnvelope(std::string_view body) {
  thread_local ThreadBuffers buffers;
  EnvelopeWalker w(&buffers.keys);
  dom::element root;
  const bool ok = Parse(body, buffers, w, &root) && w.Root(root);
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
