#include "workflows/capability.h"

namespace subledger::workflows {

const char* InputTypeName(InputType type) {
  switch (type) {
    case InputType::kString: return "string";
    case InputType::kNumber: return "number";
    case InputType::kBoolean: return "boolean";
    case InputType::kObject: return "object";
  }
  return "value";
}

Status Capability::CheckInput(const InputSpec& spec, const nlohmann::json& value) const {
  bool ok = false;
  switch (spec.type) {
    case InputType::kString:
      ok = value.is_string();
      break;
    case InputType::kNumber:
      ok = value.is_number() || value.is_string();  // "2000" from --input; the capability checks digits
      break;
    case InputType::kBoolean:
      ok = value.is_boolean();
      break;
    case InputType::kObject:
      ok = value.is_object();
      break;
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument("input '" + spec.name + "': expected a " + InputTypeName(spec.type) +
                                 ", got " + value.dump());
}

void Capability::CheckStep(const StepDefinition&, std::vector<Problem>*) const {}

const InputSpec* Capability::FindInput(std::string_view input) const {
  for (const InputSpec& spec : inputs()) {
    if (spec.name == input) return &spec;
  }
  return nullptr;
}

void CapabilityRegistry::Add(std::unique_ptr<Capability> capability) {
  std::string name(capability->name());
  capabilities_[name] = std::move(capability);
}

Capability* CapabilityRegistry::Find(std::string_view name) const {
  auto it = capabilities_.find(name);
  return it == capabilities_.end() ? nullptr : it->second.get();
}

std::vector<std::string> CapabilityRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, c] : capabilities_) names.push_back(name);
  return names;
}

std::string IdempotencyKeyFor(std::string_view run_id, std::string_view step_id) {
  return "subledger-wf-" + std::string(run_id) + "-" + std::string(step_id);
}

std::string StringInput(const nlohmann::json& inputs, const char* name) {
  auto it = inputs.find(name);
  return it != inputs.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace subledger::workflows
