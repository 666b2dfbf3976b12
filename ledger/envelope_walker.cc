#include "ledger/envelope_walker.h"

#include "ledger/json_view.h"

namespace subledger {
namespace {

namespace dom = simdjson::dom;
using Type = dom::element_type;

constexpr int kMaxDepth = JsonDocument::kDefaultMaxDepth;

}  // namespace

bool EnvelopeWalker::Fail(const char* what) {
  if (json_error.empty()) json_error = what;
  return false;
}

bool EnvelopeWalker::Root(dom::element root) {
  if (root.type() != Type::OBJECT) {  // refused as an envelope once it is known to be JSON
    root_is_object = false;
    return Value(root, 0);
  }
  const dom::object members = root.get_object().value_unsafe();
  for (dom::key_value_pair member : members) {
    keys->push_back(member.key);
    if (!TopLevel(member.key, member.value)) return false;
  }
  return true;
}

bool EnvelopeWalker::TopLevel(std::string_view key, dom::element v) {
  if (key == "id") return Text(v, 1, &env.id, &id);
  if (key == "type") return Text(v, 1, &env.type, &type);
  if (key == "created") return Created(v);
  if (key == "account") return Text(v, 1, &env.account, &account);
  if (key == "api_version") return Text(v, 1, &env.api_version, nullptr);
  if (key == "livemode" && v.type() == Type::BOOL) {
    env.livemode = v.get_bool().value_unsafe();
    return true;
  }
  if (key == "data") return Data(v);
  return Value(v, 1);
}

bool EnvelopeWalker::Text(dom::element v, int depth, std::string* out, Seen* seen) {
  if (v.type() != Type::STRING) {
    if (seen != nullptr) *seen = v.type() == Type::NULL_VALUE && seen == &account ? Seen::kAbsent : Seen::kOther;
    return Value(v, depth);
  }
  out->assign(v.get_string().value_unsafe());
  if (seen != nullptr) *seen = Seen::kString;
  return true;
}

bool EnvelopeWalker::Created(dom::element v) {
  if (!Value(v, 1)) return false;
  created = v.type() == Type::INT64 ? Seen::kInteger : Seen::kOther;
  if (created == Seen::kInteger) env.created = v.get_int64().value_unsafe();
  return true;
}

bool EnvelopeWalker::Data(dom::element v) {
  if (v.type() != Type::OBJECT) return Value(v, 1);
  int objects = 0;
  const dom::object members = v.get_object().value_unsafe();
  for (dom::key_value_pair member : members) {
    const bool first_object = member.key == "object" && ++objects == 1;
    if (member.key == "object" && !first_object) duplicate_data_object = true;
    if (!(first_object ? DataObject(member.value) : Value(member.value, 2))) return false;
  }
  return true;
}

bool EnvelopeWalker::DataObject(dom::element v) {
  if (v.type() != Type::OBJECT) return Value(v, 2);
  int ids = 0, types = 0;
  const dom::object members = v.get_object().value_unsafe();
  for (dom::key_value_pair member : members) {
    bool ok;
    if (member.key == "id" && ++ids == 1) {
      ok = Text(member.value, 3, &env.object_id, nullptr);
    } else if (member.key == "object" && ++types == 1) {
      ok = Text(member.value, 3, &env.object_type, nullptr);
    } else {
      if (member.key == "id") duplicate_object_id = true;
      if (member.key == "object") duplicate_object_object = true;
      ok = Value(member.value, 3);
    }
    if (!ok) return false;
  }
  return true;
}

bool EnvelopeWalker::Value(dom::element v, int depth) {
  switch (v.type()) {
    case Type::OBJECT: {
      if (depth + 1 > kMaxDepth) return Fail("nesting too deep");
      const dom::object members = v.get_object().value_unsafe();
      for (dom::key_value_pair member : members) {
        if (!Value(member.value, depth + 1)) return false;
      }
      return true;
    }
    case Type::ARRAY: {
      if (depth + 1 > kMaxDepth) return Fail("nesting too deep");
      const dom::array elements = v.get_array().value_unsafe();
      for (dom::element e : elements) {
        if (!Value(e, depth + 1)) return false;
      }
      return true;
    }
    case Type::UINT64:
      return Fail("integer does not fit an int64");
    default:
      return true;
  }
}

}  // namespace subledger
