#include "ledger/envelope_walker.h"

#include <cmath>

#include "ledger/json_view.h"

namespace subledger {
namespace {

namespace od = simdjson::ondemand;
using Type = od::json_type;

constexpr int kMaxDepth = JsonDocument::kDefaultMaxDepth;

}  // namespace

bool EnvelopeWalker::Ok(simdjson::error_code e) { return e == simdjson::SUCCESS || Fail(simdjson::error_message(e)); }

bool EnvelopeWalker::Fail(const char* what) {
  if (json_error.empty()) json_error = what;
  return false;
}

bool EnvelopeWalker::Root(od::document& doc) {
  Type t;
  if (!Ok(doc.type().get(t))) return false;
  if (t != Type::object) {  // refused; WalkWrapped says whether as JSON or as an envelope
    root_is_object = false;
    return true;
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

bool EnvelopeWalker::WalkWrapped(od::document& wrapper) {
  od::array a;
  if (!Ok(wrapper.get_array().get(a))) return false;
  size_t values = 0;
  for (auto element : a) {
    od::value e;
    if (!Ok(std::move(element).get(e)) || !Value(e, 0)) return false;
    ++values;
  }
  return values == 1 || Fail(values == 0 ? "no JSON value" : "more than one JSON value");
}

bool EnvelopeWalker::TopLevel(std::string_view key, od::value& v) {
  if (key == "id") return Text(v, 1, &env.id, &id);
  if (key == "type") return Text(v, 1, &env.type, &type);
  if (key == "created") return Created(v);
  if (key == "account") return Text(v, 1, &env.account, &account);
  if (key == "api_version") return Text(v, 1, &env.api_version, nullptr);
  if (key == "livemode") return Livemode(v);
  if (key == "data") return Data(v);
  return Value(v, 1);
}

bool EnvelopeWalker::Text(od::value& v, int depth, std::string* out, Seen* seen) {
  Type t;
  if (!Ok(v.type().get(t))) return false;
  if (t != Type::string) {
    if (seen != nullptr) *seen = t == Type::null && seen == &account ? Seen::kAbsent : Seen::kOther;
    return Value(v, depth);
  }
  std::string_view s;
  if (!Ok(v.get_string().get(s))) return false;
  out->assign(s);
  if (seen != nullptr) *seen = Seen::kString;
  return true;
}

bool EnvelopeWalker::Created(od::value& v) {
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

bool EnvelopeWalker::Livemode(od::value& v) {
  Type t;
  if (!Ok(v.type().get(t))) return false;
  if (t != Type::boolean) return Value(v, 1);
  return Ok(v.get_bool().get(env.livemode));
}

bool EnvelopeWalker::Data(od::value& v) {
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
    if (key == "object" && !first_object) duplicate_data_object = true;
    if (!(first_object ? DataObject(field.value()) : Value(field.value(), 2))) return false;
  }
  return true;
}

bool EnvelopeWalker::DataObject(od::value& v) {
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
      ok = Text(field.value(), 3, &env.object_id, nullptr);
    } else if (key == "object" && ++types == 1) {
      ok = Text(field.value(), 3, &env.object_type, nullptr);
    } else {
      if (key == "id") duplicate_object_id = true;
      if (key == "object") duplicate_object_object = true;
      ok = Value(field.value(), 3);
    }
    if (!ok) return false;
  }
  return true;
}

// Any value, validated completely; `depth` is the number of open containers around it.
bool EnvelopeWalker::Value(od::value& v, int depth) {
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
bool EnvelopeWalker::Number(od::value& v, od::number* n) {
  if (!Ok(v.get_number().get(*n))) return false;
  if (n->get_number_type() == od::number_type::unsigned_integer) return Fail("integer does not fit an int64");
  if (n->is_double() && !std::isfinite(n->get_double())) return Fail("number is not finite");
  return true;
}

bool EnvelopeWalker::Object(od::value& v, int depth) {
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

bool EnvelopeWalker::Array(od::value& v, int depth) {
  if (depth > kMaxDepth) return Fail("nesting too deep");
  od::array a;
  if (!Ok(v.get_array().get(a))) return false;
  for (auto element : a) {
    od::value e;
    if (!Ok(std::move(element).get(e)) || !Value(e, depth)) return false;
  }
  return true;
}

}  // namespace subledger
