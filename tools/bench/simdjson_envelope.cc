#include "tools/bench/simdjson_envelope.h"

#include <simdjson.h>

#include <algorithm>
#include <utility>
#include <cmath>
#include <string>
#include <vector>

namespace subledger::bench {
namespace {

namespace od = simdjson::ondemand;
using Type = od::json_type;

constexpr size_t kMaxBytes = 255;

// One pass over one document; the first failure wins.
class Walker {
 public:
  std::string error;
  EventEnvelope env;
  std::vector<std::string_view> keys;  // top-level, unescaped

  bool Fail(std::string what) {
    if (error.empty()) error = std::move(what);
    return false;
  }
  bool Ok(simdjson::error_code e) { return e == simdjson::SUCCESS || Fail(simdjson::error_message(e)); }

  // Any value, validated completely; `depth` is the number of open containers around it.
  bool Value(od::value& v, int depth) {
    Type t = Type::null;
    if (!Ok(v.type().get(t))) return false;
    switch (t) {
      case Type::object: return Object(v, depth + 1);
      case Type::array: return Array(v, depth + 1);
      case Type::string: {
        std::string_view s;
        return Ok(v.get_string().get(s));
      }
      case Type::number: return Number(v);
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

  bool Number(od::value& v) {
    od::number n;
    if (!Ok(v.get_number().get(n))) return false;
    if (n.get_number_type() == od::number_type::unsigned_integer) return Fail("integer does not fit an int64");
    if (n.is_double() && !std::isfinite(n.get_double())) return Fail("number is not finite");
    return true;
  }

  bool Object(od::value& v, int depth) {
    if (depth > SimdjsonEnvelope::kMaxDepth) return Fail("nesting too deep");
    od::object o;
    if (!Ok(v.get_object().get(o))) return false;
    for (auto f : o) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(f).get(field)) || !Ok(field.unescaped_key().get(key)) || !Value(field.value(), depth)) return false;
    }
    return true;
  }

  bool Array(od::value& v, int depth) {
    if (depth > SimdjsonEnvelope::kMaxDepth) return Fail("nesting too deep");
    od::array a;
    if (!Ok(v.get_array().get(a))) return false;
    for (auto e : a) {
      od::value element;
      if (!Ok(std::move(e).get(element)) || !Value(element, depth)) return false;
    }
    return true;
  }

  // A string into *out, or any other value validated and ignored.
  bool StringOr(od::value& v, std::string* out, int depth) {
    Type t = Type::null;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::string) return Value(v, depth);
    std::string_view s;
    if (!Ok(v.get_string().get(s))) return false;
    out->assign(s);
    return true;
  }

  bool DataObject(od::value& v) {
    Type t = Type::null;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::object) return Value(v, 2);
    od::object o;
    if (!Ok(v.get_object().get(o))) return false;
    int ids = 0, objects = 0;
    for (auto f : o) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(f).get(field)) || !Ok(field.unescaped_key().get(key))) return false;
      bool ok = true;
      if (key == "id") ok = ++ids == 1 ? StringOr(field.value(), &env.object_id, 3) : Fail("duplicate \"id\" in data.object");
      else if (key == "object") ok = ++objects == 1 ? StringOr(field.value(), &env.object_type, 3) : Fail("duplicate \"object\" in data.object");
      else ok = Value(field.value(), 3);
      if (!ok) return false;
    }
    return true;
  }

  bool Data(od::value& v) {
    Type t = Type::null;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::object) return Value(v, 1);
    od::object o;
    if (!Ok(v.get_object().get(o))) return false;
    int objects = 0;
    for (auto f : o) {
      od::field field;
      std::string_view key;
      if (!Ok(std::move(f).get(field)) || !Ok(field.unescaped_key().get(key))) return false;
      const bool ok = key == "object" ? (++objects == 1 ? DataObject(field.value()) : Fail("duplicate \"object\" in \"data\""))
                                      : Value(field.value(), 2);
      if (!ok) return false;
    }
    return true;
  }

  bool Created(od::value& v) {
    int64_t created = 0;
    if (v.get_int64().get(created) != simdjson::SUCCESS) return Fail("\"created\" is not an integer");
    env.created = created;
    return created >= 0 || Fail("\"created\" is negative");
  }

  bool Account(od::value& v) {
    Type t = Type::null;
    if (!Ok(v.type().get(t))) return false;
    if (t == Type::null) return Value(v, 1);
    if (t != Type::string) return Fail("\"account\" is neither a string nor null");
    return StringOr(v, &env.account, 1) && (env.account.size() <= kMaxBytes || Fail("\"account\" is too long"));
  }

  bool Livemode(od::value& v) {
    Type t = Type::null;
    if (!Ok(v.type().get(t))) return false;
    if (t != Type::boolean) return Value(v, 1);
    return Ok(v.get_bool().get(env.livemode));
  }

  // A required top-level string ("id", "type").
  bool Required(od::value& v, std::string* out, const char* what) {
    if (Peek(v) != Type::string) return Fail(std::string("\"") + what + "\" is not a string");
    return StringOr(v, out, 1);
  }

  bool Member(std::string_view key, od::value& v, int* seen) {
    if (key == "id") return ++seen[0] && Required(v, &env.id, "id");
    if (key == "type") return ++seen[1] && Required(v, &env.type, "type");
    if (key == "created") return ++seen[2] && Created(v);
    if (key == "livemode") return Livemode(v);
    if (key == "account") return Account(v);
    if (key == "api_version") return StringOr(v, &env.api_version, 1);
    if (key == "data") return Data(v);
    return Value(v, 1);
  }

  Type Peek(od::value& v) {
    Type t = Type::null;
    return v.type().get(t) == simdjson::SUCCESS ? t : Type::null;
  }

  bool Envelope() {
    std::sort(keys.begin(), keys.end());
    if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) return Fail("duplicate top-level key");
    if (env.id.empty() || env.id.size() > kMaxBytes) return Fail("\"id\" must be 1-255 bytes");
    if (env.type.empty() || env.type.size() > kMaxBytes) return Fail("\"type\" must be 1-255 bytes");
    return true;
  }
};

}  // namespace

struct SimdjsonEnvelope::Impl {
  od::parser parser;
};

size_t SimdjsonEnvelope::Padding() { return simdjson::SIMDJSON_PADDING; }

#define SUBLEDGER_STR2(x) #x
#define SUBLEDGER_STR(x) SUBLEDGER_STR2(x)

std::string SimdjsonEnvelope::Kernel() {
  return std::string(simdjson::get_active_implementation()->name()) + "+" + SUBLEDGER_STR(SIMDJSON_BUILTIN_IMPLEMENTATION);
}

std::string SimdjsonEnvelope::Version() {
  return std::to_string(simdjson::SIMDJSON_VERSION_MAJOR) + "." + std::to_string(simdjson::SIMDJSON_VERSION_MINOR) +
         "." + std::to_string(simdjson::SIMDJSON_VERSION_REVISION);
}

SimdjsonEnvelope::SimdjsonEnvelope() : impl_(std::make_unique<Impl>()) {
  // Capacity grows on demand; the depth limit stays. Failure here only means iterate() allocates.
  const simdjson::error_code e = impl_->parser.allocate(1 << 20, kMaxDepth + 1);
  (void)e;
}

SimdjsonEnvelope::~SimdjsonEnvelope() = default;

Result<EventEnvelope> SimdjsonEnvelope::Extract(std::string_view body, size_t capacity) {
  Walker w;
  od::document doc;
  od::object root;
  int seen[3] = {0, 0, 0};  // id, type, created
  bool ok = w.Ok(impl_->parser.iterate(simdjson::padded_string_view(body.data(), body.size(), capacity)).get(doc));
  ok = ok && (doc.get_object().get(root) == simdjson::SUCCESS || w.Fail("body is not a JSON object"));
  if (ok) {
    for (auto f : root) {
      od::field field;
      std::string_view key;
      ok = w.Ok(std::move(f).get(field)) && w.Ok(field.unescaped_key().get(key));
      if (ok) w.keys.push_back(key);
      if (!ok || !(ok = w.Member(key, field.value(), seen))) break;
    }
  }
  const char* rest = nullptr;
  ok = ok && (doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS || w.Fail("content after the root value"));
  ok = ok && (seen[0] > 0 || w.Fail("missing \"id\"")) && (seen[1] > 0 || w.Fail("missing \"type\"")) &&
       (seen[2] > 0 || w.Fail("missing \"created\"")) && w.Envelope();
  if (!ok) return Status::InvalidArgument("simdjson envelope: " + w.error);
  return std::move(w.env);
}

}  // namespace subledger::bench
