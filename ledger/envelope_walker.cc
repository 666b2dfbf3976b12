#include "ledger/envelope_walker.h"

namespace subledger {
namespace {

namespace dom = simdjson::dom;
using Type = dom::element_type;

}  // namespace

bool EnvelopeWalker::Fail(const char* what) {
  if (json_error.empty()) json_error = what;
  return false;
}

bool EnvelopeWalker::Root(dom::element root) {
  if (root.type() != Type::OBJECT) {  // refused as an envelope once it is known to be JSON
    root_is_object = false;
    return Value(root);
  }
  const dom::object members = root.get_object().value_unsafe();
  for (dom::key_value_pair member : members) {
    keys->push_back(member.key);
    if (!TopLevel(member.key, member.value)) return false;
  }
  return true;
}

bool EnvelopeWalker::TopLevel(std::string_view key, dom::element v) {
  if (key == "id") return Text(v, &env.id, &id);
  if (key == "type") return Text(v, &env.type, &type);
  if (key == "created") return Created(v);
  if (key == "account") return Text(v, &env.account, &account);
  if (key == "api_version") return Text(v, &env.api_version, nullptr);
  if (key == "livemode" && v.type() == Type::BOOL) {
    env.livemode = v.get_bool().value_unsafe();
    return true;
  }
  if (key == "data") return Data(v);
  return Value(v);
}

bool EnvelopeWalker::Text(dom::element v, std::string* out, Seen* seen) {
  if (v.type() != Type::STRING) {
    if (seen != nullptr) *seen = v.type() == Type::NULL_VALUE && seen == &account ? Seen::kAbsent : Seen::kOther;
    return Value(v);
  }
  out->assign(v.get_string().value_unsafe());
  if (seen != nullptr) *seen = Seen::kString;
  return true;
}

bool EnvelopeWalker::Created(dom::element v) {
  if (!Value(v)) return false;
  created = v.type() == Type::INT64 ? Seen::kInteger : Seen::kOther;
  if (created == Seen::kInteger) env.created = v.get_int64().value_unsafe();
  return true;
}

bool EnvelopeWalker::Data(dom::element v) {
  if (v.type() != Type::OBJECT) return Value(v);
  int objects = 0;
  const dom::object members = v.get_object().value_unsafe();
  for (dom::key_value_pair member : members) {
    const bool first_object = member.key == "object" && ++objects == 1;
    if (member.key == "object" && !first_object) duplicate_data_object = true;
    if (!(first_object ? DataObject(member.value) : Value(member.value))) return false;
  }
  return true;
}

bool EnvelopeWalker::DataObject(dom::element v) {
  if (v.type() != Type::OBJECT) return Value(v);
  int ids = 0, types = 0;
  const dom::object members = v.get_object().value_unsafe();
  for (dom::key_value_pair member : members) {
    bool ok;
    if (member.key == "id" && ++ids == 1) {
      ok = Text(member.value, &env.object_id, nullptr);
    } else if (member.key == "object" && ++types == 1) {
      ok = Text(member.value, &env.object_type, nullptr);
    } else {
      if (member.key == "id") duplicate_object_id = true;
      if (member.key == "object") duplicate_object_object = true;
      ok = Value(member.value);
    }
    if (!ok) return false;
  }
  return true;
}

bool EnvelopeWalker::Value(dom::element v) {
  switch (v.type()) {
    case Type::OBJECT: {
      const dom::object members = v.get_object().value_unsafe();
      for (dom::key_value_pair member : members) {
        if (!Value(member.value)) return false;
      }
      return true;
    }
    case Type::ARRAY: {
      const dom::array elements = v.get_array().value_unsafe();
      for (dom::element e : elements) {
        if (!Value(e)) return false;
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
