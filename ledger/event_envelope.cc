#include "ledger/event_envelope.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "ledger/json_view.h"

namespace subledger {
namespace {

namespace od = simdjson::ondemand;
using Type = od::json_type;

constexpr size_t kMaxIdBytes = 255;
constexpr size_t kMaxTypeBytes = 255;
constexpr size_t kMaxAccountBytes = 255;
constexpr int kMaxDepth = JsonDocument::kDefaultMaxDepth;
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

// What the walk saw of one top-level field.
enum class Seen { kAbsent, kString, kInteger, kOther };

// One pass over one document (simdjson On-Demand): every value is visited,
// so the whole body is validated; the envelope's fields are kept on the way.
// The first JSON error wins (json_error); the envelope's own rules are
// checked after the walk, in Check(), in the order of the header.
class Walker {
 public:
  std::string json_error;
  EventEnvelope env;
  std::vector<std::string_view>* keys;  // top-level keys, unescaped (into the parser's buffer)
  Seen id = Seen::kAbsent, type = Seen::kAbsent, created = Seen::kAbsent, account = Seen::kAbsent;
  const char* data_duplicate = nullptr;  // the first duplicate "data"/"data.object" key, if any

  bool Ok(simdjson::error_code e) { return e == simdjson::SUCCESS || Fail(simdjson::error_message(e)); }
  bool Fail(const char* what) {
    if (json_error.empty()) json_error = what;
    return false;
  }

  bool Root(od::document& doc) {
    Type t;
    if (!Ok(doc.type().get(t))) return false;
    if (t != Type::object) {  // validated all the same: a JSON error wins over "not an object"
      root_is_object_ = false;
      return RootValue(doc, t);
    }
    od::object root;
    if (!Ok(doc.get_object().get(root))) return false;
    for (auto member : root) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(member).get(field)) || !Ok(field.unescaped_key().get(key))) return false;
      keys->push_back(key);
      if (!TopLevel(key, field.value())) return false;
    }
    return true;
  }

  bool root_is_object() const { return root_is_object_; }

 private:
  bool root_is_object_ = true;

  bool TopLevel(std::string_view key, od::value& v) {
    if (key == "id") return Text(v, &env.id, &id);
    if (key == "type") return Text(v, &env.type, &type);
    if (key == "created") return Created(v);
    if (key == "account") return Text(v, &env.account, &account);
    if (key == "api_version") return Text(v, &env.api_version, nullptr);
    if (key == "livemode") return Livemode(v);
    if (key == "data") return Data(v);
    return Value(v, 1);
  }

  // A string into *out (and kString into *seen), or any other value
  // validated and ignored (kOther, or kAbsent for null when seen is account's).
  bool Text(od::value& v, std::string* out, Seen* seen) {
    Type t;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::string) {
      if (seen != nullptr) *seen = t == Type::null && seen == &account ? Seen::kAbsent : Seen::kOther;
      return Value(v, 1);
    }
    std::string_view s;
    if (!Ok(v.get_string().get(s))) return false;
    out->assign(s);
    if (seen != nullptr) *seen = Seen::kString;
    return true;
  }

  bool Created(od::value& v) {
    Type t;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::number) {
      created = Seen::kOther;
      return Value(v, 1);
    }
    od::number n;
    if (!Number(v, &n)) return false;
    created = n.is_int64() ? Seen::kInteger : Seen::kOther;
    if (created == Seen::kInteger) env.created = n.get_int64();
    return true;
  }

  bool Livemode(od::value& v) {
    Type t;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::boolean) return Value(v, 1);
    return Ok(v.get_bool().get(env.livemode));
  }

  bool Data(od::value& v) {
    Type t;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::object) return Value(v, 1);
    od::object data;
    if (!Ok(v.get_object().get(data))) return false;
    int objects = 0;
    for (auto member : data) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(member).get(field)) || !Ok(field.unescaped_key().get(key))) return false;
      const bool first_object = key == "object" && ++objects == 1;
      if (key == "object" && !first_object) Duplicate("duplicate key \"object\" in \"data\"");
      if (!(first_object ? DataObject(field.value()) : Value(field.value(), 2))) return false;
    }
    return true;
  }

  bool DataObject(od::value& v) {
    Type t;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::object) return Value(v, 2);
    od::object object;
    if (!Ok(v.get_object().get(object))) return false;
    int ids = 0, types = 0;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(member).get(field)) || !Ok(field.unescaped_key().get(key))) return false;
      bool ok;
      if (key == "id" && ++ids == 1) {
        ok = Text(field.value(), &env.object_id, nullptr);
      } else if (key == "object" && ++types == 1) {
        ok = Text(field.value(), &env.object_type, nullptr);
      } else {
        if (key == "id") Duplicate("duplicate key \"id\" in data.object");
        if (key == "object") Duplicate("duplicate key \"object\" in data.object");
        ok = Value(field.value(), 3);
      }
      if (!ok) return false;
    }
    return true;
  }

  // A root that is not an object (simdjson reads a scalar root through the
  // document itself).
  bool RootValue(od::document& doc, Type t) {
    switch (t) {
      case Type::array: {
        od::array a;
        if (!Ok(doc.get_array().get(a))) return false;
        for (auto element : a) {
          od::value e;
          if (!Ok(std::move(element).get(e)) || !Value(e, 1)) return false;
        }
        return true;
      }
      case Type::string: {
        std::string_view s;
        return Ok(doc.get_string().get(s));
      }
      case Type::number: {
        od::number n;
        if (!Ok(doc.get_number().get(n))) return false;
        if (n.get_number_type() == od::number_type::unsigned_integer) return Fail("integer does not fit an int64");
        return !n.is_double() || std::isfinite(n.get_double()) || Fail("number is not finite");
      }
      case Type::boolean: {
        bool b;
        return Ok(doc.get_bool().get(b));
      }
      case Type::null: {
        bool null = false;
        return Ok(doc.is_null().get(null)) && (null || Fail("bad literal"));
      }
      case Type::object: break;
    }
    return Fail("unknown value");
  }

  void Duplicate(const char* what) {
    if (data_duplicate == nullptr) data_duplicate = what;
  }

  // Any value, validated completely; `depth` is the number of open containers around it.
  bool Value(od::value& v, int depth) {
    Type t;
    if (!Ok(v.type().get(t))) return false;
    switch (t) {
      case Type::object: return Object(v, depth + 1);
      case Type::array: return Array(v, depth + 1);
      case Type::string: {
        std::string_view s;
        return Ok(v.get_string().get(s));
      }
      case Type::number: {
        od::number n;
        return Number(v, &n);
      }
      case Type::boolean: {
        bool b;
        return Ok(v.get_bool().get(b));
      }
      case Type::null: {
        bool null = false;
        return Ok(v.is_null().get(null)) && (null || Fail("bad literal"));
      }
    }
    return Fail("unknown value");
  }

  // A number that fits: an integer in an int64, else a finite double.
  bool Number(od::value& v, od::number* n) {
    if (!Ok(v.get_number().get(*n))) return false;
    if (n->get_number_type() == od::number_type::unsigned_integer) return Fail("integer does not fit an int64");
    if (n->is_double() && !std::isfinite(n->get_double())) return Fail("number is not finite");
    return true;
  }

  bool Object(od::value& v, int depth) {
    if (depth > kMaxDepth) return Fail("nesting too deep");
    od::object o;
    if (!Ok(v.get_object().get(o))) return false;
    for (auto member : o) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(member).get(field)) || !Ok(field.unescaped_key().get(key)) || !Value(field.value(), depth)) {
        return false;
      }
    }
    return true;
  }

  bool Array(od::value& v, int depth) {
    if (depth > kMaxDepth) return Fail("nesting too deep");
    od::array a;
    if (!Ok(v.get_array().get(a))) return false;
    for (auto element : a) {
      od::value e;
      if (!Ok(std::move(element).get(e)) || !Value(e, depth)) return false;
    }
    return true;
  }
};

// The envelope's rules, after a walk without JSON errors.
Status Check(Walker& w) {
  if (!w.root_is_object()) return Invalid("body is not a JSON object");
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
  if (w.data_duplicate != nullptr) return Invalid(w.data_duplicate);
  return Status::Ok();
}

// The parser and the padded copy of the body, one per thread, reused.
struct ThreadBuffers {
  od::parser parser;
  std::vector<char> padded;
  std::vector<std::string_view> keys;

  simdjson::padded_string_view Pad(std::string_view body) {
    if (padded.size() < body.size() + simdjson::SIMDJSON_PADDING) padded.resize(body.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(padded.data(), body.data(), body.size());
    std::memset(padded.data() + body.size(), ' ', simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(padded.data(), body.size(), padded.size());
  }

  void Trim() {
    keys.clear();
    if (keys.capacity() > kRetainedKeys) keys.shrink_to_fit();
    if (padded.size() > kRetainedBytes) {
      padded.clear();
      padded.shrink_to_fit();
    }
  }
};

}  // namespace

Result<EventEnvelope> ExtractEnvelope(std::string_view body) {
  thread_local ThreadBuffers buffers;
  Walker w;
  w.keys = &buffers.keys;
  od::document doc;
  bool ok = w.Ok(buffers.parser.iterate(buffers.Pad(body)).get(doc)) && w.Root(doc);
  const char* rest = nullptr;
  ok = ok && (doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS || w.Fail("content after the root value"));
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
