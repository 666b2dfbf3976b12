#include "workflows/expression.h"

#include <cctype>

namespace subledger::workflows {
namespace {

using Json = nlohmann::json;

bool SegmentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status BadReference(std::string_view inner, const std::string& why) {
  return Status::InvalidArgument("${" + std::string(inner) + "}: " + why);
}

// Checks the path after the root for each root's shape.
Status CheckShape(const Reference& ref) {
  const auto& p = ref.path;
  switch (ref.root) {
    case Reference::Root::kInput:
      if (p.empty()) return BadReference(ref.text, "name the input, e.g. ${input.amount}");
      return Status::Ok();
    case Reference::Root::kSteps:
      if (p.size() < 2 || p[1] != "output") {
        return BadReference(ref.text, "expected ${steps.<step id>.output.<field>}");
      }
      return Status::Ok();
    case Reference::Root::kError:
      if (p.size() != 1 || (p[0] != "message" && p[0] != "step")) {
        return BadReference(ref.text, "expected ${error.message} or ${error.step}");
      }
      return Status::Ok();
    case Reference::Root::kEvent:
      if (p.empty() || (p[0] != "object" && p[0] != "id" && p[0] != "type" && p[0] != "created") ||
          (p[0] != "object" && p.size() != 1)) {
        return BadReference(ref.text, "expected ${event.id}, ${event.type}, ${event.created} or ${event.object.<field>}");
      }
      return Status::Ok();
  }
  return Status::Ok();
}

const Json* Walk(const Json* node, const std::vector<std::string>& path, size_t from) {
  for (size_t i = from; node != nullptr && i < path.size(); ++i) {
    const std::string& seg = path[i];
    if (node->is_object()) {
      auto it = node->find(seg);
      node = it == node->end() ? nullptr : &*it;
    } else if (node->is_array() && !seg.empty() && std::isdigit(static_cast<unsigned char>(seg[0]))) {
      size_t index = std::stoul(seg);
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else {
      node = nullptr;
    }
  }
  return node;
}

void AppendAsText(const Json& value, std::string* out) {
  if (value.is_string()) {
    *out += value.get<std::string>();
  } else {
    *out += value.dump();
  }
}

}  // namespace

Result<Reference> ParseReference(std::string_view inner) {
  inner = Trim(inner);
  if (size_t bar = inner.find("||"); bar != std::string_view::npos) {
    Result<Reference> first = ParseReference(inner.substr(0, bar));
    if (!first.ok()) return first.status();
    Result<Reference> rest = ParseReference(inner.substr(bar + 2));
    if (!rest.ok()) return rest.status();
    Reference ref = std::move(first).value();
    ref.fallbacks.push_back(std::move(rest).value());
    for (Reference& more : ref.fallbacks.front().fallbacks) ref.fallbacks.push_back(std::move(more));
    ref.fallbacks.front().fallbacks.clear();
    ref.text = std::string(inner);
    return ref;
  }
  Reference ref;
  ref.text = std::string(inner);
  if (inner.empty()) return BadReference(inner, "empty reference");
  std::vector<std::string> segments;
  size_t start = 0;
  for (size_t i = 0; i <= inner.size(); ++i) {
    if (i == inner.size() || inner[i] == '.') {
      if (i == start) return BadReference(inner, "empty segment");
      segments.emplace_back(inner.substr(start, i - start));
      start = i + 1;
    } else if (!SegmentChar(inner[i])) {
      return BadReference(inner, std::string("unexpected character '") + inner[i] + "'");
    }
  }
  const std::string& root = segments[0];
  if (root == "input") {
    ref.root = Reference::Root::kInput;
  } else if (root == "steps") {
    ref.root = Reference::Root::kSteps;
  } else if (root == "error") {
    ref.root = Reference::Root::kError;
  } else if (root == "event") {
    ref.root = Reference::Root::kEvent;
  } else {
    return BadReference(inner, "unknown root '" + root + "' (expected input, steps, error or event)");
  }
  ref.path.assign(segments.begin() + 1, segments.end());
  if (Status s = CheckShape(ref); !s.ok()) return s;
  return ref;
}

Result<std::vector<TextPart>> ParseText(std::string_view text) {
  std::vector<TextPart> parts;
  std::string literal;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "${") != 0) {
      literal.push_back(text[i++]);
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("unterminated ${ in '" + std::string(text) + "'");
    }
    Result<Reference> ref = ParseReference(text.substr(i + 2, close - i - 2));
    if (!ref.ok()) return ref.status();
    if (!literal.empty()) parts.emplace_back(std::move(literal));
    literal.clear();
    parts.emplace_back(std::move(ref).value());
    i = close + 1;
  }
  if (!literal.empty()) parts.emplace_back(std::move(literal));
  return parts;
}

static std::optional<Json> ResolveOne(const Reference& ref, const Scope& scope);

std::optional<Json> Resolve(const Reference& ref, const Scope& scope) {
  for (const Reference* candidate = &ref; candidate != nullptr;) {
    if (std::optional<Json> value = ResolveOne(*candidate, scope)) return value;
    size_t next = candidate == &ref ? 0 : static_cast<size_t>(candidate - ref.fallbacks.data()) + 1;
    candidate = next < ref.fallbacks.size() ? &ref.fallbacks[next] : nullptr;
  }
  return std::nullopt;
}

static std::optional<Json> ResolveOne(const Reference& ref, const Scope& scope) {
  const Json* found = nullptr;
  switch (ref.root) {
    case Reference::Root::kInput:
      found = Walk(scope.input, ref.path, 0);
      break;
    case Reference::Root::kSteps: {
      if (scope.outputs == nullptr) return std::nullopt;
      auto it = scope.outputs->find(ref.path[0]);
      if (it == scope.outputs->end()) return std::nullopt;
      found = Walk(&it->second, ref.path, 2);
      break;
    }
    case Reference::Root::kError:
    case Reference::Root::kEvent:
      found = Walk(ref.root == Reference::Root::kError ? scope.error : scope.event, ref.path, 0);
      break;
  }
  if (found == nullptr || found->is_null()) return std::nullopt;
  return *found;
}

Result<Json> Evaluate(const ValueNode& value, const Scope& scope) {
  switch (value.kind) {
    case ValueNode::Kind::kLiteral:
      return value.literal;
    case ValueNode::Kind::kText: {
      if (const Reference* whole = value.WholeReference()) {
        std::optional<Json> resolved = Resolve(*whole, scope);
        return resolved ? *resolved : Json(nullptr);
      }
      std::string out;
      for (const TextPart& part : value.parts) {
        if (const auto* text = std::get_if<std::string>(&part)) {
          out += *text;
          continue;
        }
        const Reference& ref = std::get<Reference>(part);
        std::optional<Json> resolved = Resolve(ref, scope);
        if (!resolved) return Status::InvalidArgument("${" + ref.text + "} has no value");
        AppendAsText(*resolved, &out);
      }
      return Json(out);
    }
    case ValueNode::Kind::kMap: {
      Json out = Json::object();
      for (const auto& [key, item] : value.map) {
        Result<Json> v = Evaluate(item, scope);
        if (!v.ok()) return v.status().WithContext(key);
        if (v->is_null() && item.WholeReference() != nullptr) {
          return Status::InvalidArgument(key + ": ${" + item.WholeReference()->text + "} has no value");
        }
        out[key] = std::move(v).value();
      }
      return out;
    }
    case ValueNode::Kind::kList: {
      Json out = Json::array();
      for (const ValueNode& item : value.list) {
        Result<Json> v = Evaluate(item, scope);
        if (!v.ok()) return v.status();
        out.push_back(std::move(v).value());
      }
      return out;
    }
  }
  return Json(nullptr);
}

}  // namespace subledger::workflows
