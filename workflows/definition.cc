#include "workflows/definition.h"

#include <algorithm>

namespace subledger::workflows {

const Reference* ValueNode::WholeReference() const {
  if (kind != Kind::kText || parts.size() != 1) return nullptr;
  return std::get_if<Reference>(&parts[0]);
}

void ValueNode::CollectReferences(std::vector<const Reference*>* out) const {
  switch (kind) {
    case Kind::kLiteral:
      return;
    case Kind::kText:
      for (const TextPart& part : parts) {
        if (const auto* ref = std::get_if<Reference>(&part)) {
          out->push_back(ref);
          for (const Reference& fallback : ref->fallbacks) out->push_back(&fallback);
        }
      }
      return;
    case Kind::kMap:
      for (const auto& [key, value] : map) value.CollectReferences(out);
      return;
    case Kind::kList:
      for (const ValueNode& item : list) item.CollectReferences(out);
      return;
  }
}

const StepInput* StepDefinition::FindInput(std::string_view name) const {
  for (const StepInput& input : inputs) {
    if (input.name == name) return &input;
  }
  return nullptr;
}

const StepDefinition* Definition::FindStep(std::string_view id) const {
  for (const StepDefinition& step : steps) {
    if (step.id == id) return &step;
  }
  return nullptr;
}

std::string FormatProblems(const std::string& origin, std::vector<Problem> problems) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  std::string out;
  for (const Problem& p : problems) {
    if (!out.empty()) out += "\n";
    out += (origin.empty() ? std::string("workflow") : origin);
    if (p.line > 0) out += ":" + std::to_string(p.line);
    out += ": " + p.message;
  }
  return out;
}

}  // namespace subledger::workflows
