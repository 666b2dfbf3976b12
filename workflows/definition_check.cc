#include "workflows/definition_check.h"

#include <algorithm>
#include <functional>
#include <map>
#include <regex>

namespace subledger::workflows {
namespace {

const std::regex& IdPattern() {
  static const std::regex re("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  return re;
}

const std::regex& EventTypePattern() {
  static const std::regex re("[a-z0-9_]+(\\.[a-z0-9_]+)+");
  return re;
}

// What is known to have happened before a step, on every path to it.
struct Before {
  std::set<std::string> succeeded;  // steps whose output certainly exists
  bool failed = false;              // every path went through a failed step
};

class Checker {
 public:
  Checker(const Definition& def, const CapabilityRegistry& caps) : def_(def), caps_(caps) {}

  std::vector<Problem> Run() {
    CheckNames();
    for (const StepDefinition& step : def_.steps) CheckStep(step);
    if (problems_.empty()) CheckGraph();
    return std::move(problems_);
  }

 private:
  void Add(int line, std::string message) { problems_.push_back({line, std::move(message)}); }

  void CheckNames() {
    if (!def_.workflow_id.empty() && !std::regex_match(def_.workflow_id, IdPattern())) {
      Add(1, "workflowId '" + def_.workflow_id + "': use letters, digits, '-' and '_' (at most 64)");
    }
    if (def_.trigger) {
      const TriggerDefinition& t = *def_.trigger;
      if (!t.event.empty() && !std::regex_match(t.event, EventTypePattern())) {
        Add(t.line, "trigger.event '" + t.event + "': expected a Stripe event type such as invoice.payment_failed");
      }
      for (const std::string& u : t.until) {
        if (!std::regex_match(u, EventTypePattern())) Add(t.line, "trigger.until '" + u + "': expected a Stripe event type");
      }
    }
    std::map<std::string, int> seen;
    for (const StepDefinition& step : def_.steps) {
      if (step.id.empty()) continue;
      if (!std::regex_match(step.id, IdPattern())) {
        Add(step.line, "step id '" + step.id + "': use letters, digits, '-' and '_' (at most 64)");
      }
      auto [it, fresh] = seen.emplace(step.id, step.line);
      if (!fresh) Add(step.line, "step id '" + step.id + "' is already used at line " + std::to_string(it->second));
    }
  }

  void CheckStep(const StepDefinition& step) {
    for (const auto& [target, line, key] : {std::tuple{step.on_success, step.on_success_line, "onSuccess"},
                                            std::tuple{step.on_failure, step.on_failure_line, "onFailure"}}) {
      if (!target.empty() && def_.FindStep(target) == nullptr) {
        Add(line, "step " + step.id + ": " + key + ": unknown step '" + target + "'");
      }
    }
    const Capability* cap = caps_.Find(step.capability);
    if (cap == nullptr) {
      if (step.capability.empty()) return;
      std::string known;
      for (const std::string& n : caps_.Names()) known += (known.empty() ? "" : ", ") + n;
      Add(step.capability_line, "step " + step.id + ": unknown capability '" + step.capability + "' (known: " + known + ")");
      return;
    }
    for (const StepInput& input : step.inputs) {
      const InputSpec* spec = cap->FindInput(input.name);
      if (spec == nullptr) {
        std::string known;
        for (const InputSpec& s : cap->inputs()) known += (known.empty() ? "" : ", ") + s.name;
        Add(input.line, "step " + step.id + ": " + step.capability + " has no input '" + input.name + "' (inputs: " + known + ")");
        continue;
      }
      if (input.value.kind == ValueNode::Kind::kLiteral && !input.value.literal.is_null()) {
        if (Status s = cap->CheckInput(*spec, input.value.literal); !s.ok()) {
          Add(input.line, "step " + step.id + ": " + s.message());
        }
      }
    }
    for (const InputSpec& spec : cap->inputs()) {
      if (spec.required && spec.default_value.is_null() && step.FindInput(spec.name) == nullptr) {
        Add(step.line, "step " + step.id + ": missing required input '" + spec.name + "' of " + step.capability);
      }
    }
    cap->CheckStep(step, &problems_);
  }

  // Depth-first from the first step: reports a cycle, collects the order.
  bool Visit(const std::string& id, std::map<std::string, int>& color, std::vector<std::string>& path,
             std::vector<std::string>& postorder) {
    color[id] = 1;
    path.push_back(id);
    const StepDefinition* step = def_.FindStep(id);
    for (const auto& [next, line] : {std::pair{step->on_success, step->on_success_line},
                                     std::pair{step->on_failure, step->on_failure_line}}) {
      if (next.empty()) continue;
      if (color[next] == 1) {
        std::string cycle;
        auto from = std::find(path.begin(), path.end(), next);
        for (auto it = from; it != path.end(); ++it) cycle += *it + " -> ";
        Add(line, "cycle: " + cycle + next + " (a run must end)");
        return false;
      }
      if (color[next] == 0 && !Visit(next, color, path, postorder)) return false;
    }
    path.pop_back();
    color[id] = 2;
    postorder.push_back(id);
    return true;
  }

  void CheckGraph() {
    std::map<std::string, int> color;
    std::vector<std::string> path, postorder;
    if (!Visit(def_.steps.front().id, color, path, postorder)) return;
    for (const StepDefinition& step : def_.steps) {
      if (color[step.id] == 0) Add(step.line, "step " + step.id + " is never reached from the first step (" + def_.steps.front().id + ")");
    }
    std::map<std::string, Before> before;
    std::reverse(postorder.begin(), postorder.end());  // a topological order
    for (const std::string& id : postorder) {
      std::optional<Before> merged;
      if (id == def_.steps.front().id) merged = Before{};
      for (const std::string& pred_id : postorder) {
        const StepDefinition* pred = def_.FindStep(pred_id);
        for (bool success : {true, false}) {
          if ((success ? pred->on_success : pred->on_failure) != id) continue;
          Before b = before[pred_id];
          if (success) b.succeeded.insert(pred_id); else b.failed = true;
          if (!merged) { merged = b; continue; }
          std::set<std::string> both;
          std::set_intersection(merged->succeeded.begin(), merged->succeeded.end(), b.succeeded.begin(),
                                b.succeeded.end(), std::inserter(both, both.begin()));
          merged->succeeded = std::move(both);
          merged->failed = merged->failed && b.failed;
        }
      }
      before[id] = merged.value_or(Before{});
      CheckReferences(*def_.FindStep(id), before[id]);
    }
  }

  void CheckReferences(const StepDefinition& step, const Before& before) {
    for (const StepInput& input : step.inputs) {
      std::vector<const Reference*> refs;
      input.value.CollectReferences(&refs);
      for (const Reference* ref : refs) CheckReference(step, input, *ref, before);
    }
  }

  void CheckReference(const StepDefinition& step, const StepInput& input, const Reference& ref, const Before& before) {
    const std::string where = "step " + step.id + ": input '" + input.name + "': ${" + ref.text + "}";
    const int line = input.value.line > 0 ? input.value.line : input.line;
    if (ref.root == Reference::Root::kEvent && !def_.trigger) {
      Add(line, where + ": only a workflow with a trigger has an event");
    } else if (ref.root == Reference::Root::kError && !before.failed) {
      Add(line, where + ": this step can run without a failure before it (use ${error.*} only in steps reached by onFailure)");
    } else if (ref.root == Reference::Root::kSteps) {
      const std::string& source = ref.path[0];
      const StepDefinition* other = def_.FindStep(source);
      if (other == nullptr) {
        Add(line, where + ": unknown step '" + source + "'");
      } else if (before.succeeded.count(source) == 0) {
        Add(line, where + ": step " + source + " cannot have run yet (it has not succeeded on every path to " + step.id + ")");
      } else if (ref.path.size() > 2) {
        const Capability* cap = caps_.Find(other->capability);
        const auto& outs = cap->outputs();
        if (std::find(outs.begin(), outs.end(), ref.path[2]) == outs.end()) {
          std::string known;
          for (const std::string& o : outs) known += (known.empty() ? "" : ", ") + o;
          Add(line, where + ": " + other->capability + " has no output '" + ref.path[2] + "' (outputs: " + known + ")");
        }
      }
    }
  }

  const Definition& def_;
  const CapabilityRegistry& caps_;
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> CheckDefinition(const Definition& definition, const CapabilityRegistry& capabilities) {
  if (definition.steps.empty()) return {};
  return Checker(definition, capabilities).Run();
}

std::set<std::string> ReferencedInputs(const Definition& definition) {
  std::set<std::string> names;
  for (const StepDefinition& step : definition.steps) {
    for (const StepInput& input : step.inputs) {
      std::vector<const Reference*> refs;
      input.value.CollectReferences(&refs);
      for (const Reference* ref : refs) {
        if (ref->root == Reference::Root::kInput) names.insert(ref->path[0]);
      }
    }
  }
  return names;
}

Status CheckRunInputs(const Definition& definition, const CapabilityRegistry& capabilities,
                      const nlohmann::json& input) {
  const std::set<std::string> used = ReferencedInputs(definition);
  std::string names;
  for (const std::string& n : used) names += (names.empty() ? "" : ", ") + n;
  for (const auto& [key, value] : input.items()) {
    if (used.count(key) == 0) {
      return Status::InvalidArgument("input '" + key + "': " + definition.workflow_id + " does not use it (it uses: " +
                                     (names.empty() ? "no inputs" : names) + ")");
    }
  }
  for (const StepDefinition& step : definition.steps) {
    const Capability* cap = capabilities.Find(step.capability);
    if (cap == nullptr) continue;
    for (const StepInput& given : step.inputs) {
      const Reference* ref = given.value.WholeReference();
      const InputSpec* spec = cap->FindInput(given.name);
      if (ref == nullptr || ref->root != Reference::Root::kInput || ref->path.size() != 1 || spec == nullptr) continue;
      const std::string& name = ref->path[0];
      auto value = input.find(name);
      if (value == input.end()) {
        if (spec->required && spec->default_value.is_null()) {
          return Status::InvalidArgument("input '" + name + "' is required (step " + step.id + " sends it as " +
                                         given.name + ")");
        }
        continue;
      }
      if (Status s = cap->CheckInput(*spec, *value); !s.ok()) {
        return Status::InvalidArgument("input '" + name + "': step " + step.id + ": " + s.message());
      }
    }
  }
  return Status::Ok();
}

}  // namespace subledger::workflows
