#include "workflows/definition_loader.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "ledger/time_text.h"
#include "workflows/expression.h"

namespace subledger::workflows {
namespace {

using Json = nlohmann::json;

int LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

class Loader {
 public:
  explicit Loader(std::vector<Problem>* problems) : problems_(problems) {}

  void Report(int line, std::string message) { problems_->push_back({line, std::move(message)}); }

  // A scalar's text, or a problem when the node is not a scalar.
  std::string Text(const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar()) {
      Report(LineOf(node), what + ": expected a single value");
      return "";
    }
    return node.Scalar();
  }

  void CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      if (allowed.count(key) == 0) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        Report(LineOf(it->first), where + ": unknown key '" + key + "' (expected " + list + ")");
      }
    }
  }

  ValueNode Value(const YAML::Node& node, const std::string& where) {
    ValueNode out;
    out.line = LineOf(node);
    if (node.IsMap()) {
      out.kind = ValueNode::Kind::kMap;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = Text(it->first, where + " key");
        out.map.push_back(ValueEntry{key, Value(it->second, where + "." + key)});
      }
    } else if (node.IsSequence()) {
      out.kind = ValueNode::Kind::kList;
      for (const YAML::Node& item : node) out.list.push_back(Value(item, where));
    } else if (node.IsScalar()) {
      Scalar(node, where, &out);
    }  // null: a literal null
    return out;
  }

  void Scalar(const YAML::Node& node, const std::string& where, ValueNode* out) {
    const std::string& text = node.Scalar();
    const bool quoted = node.Tag() == "!";
    if (text.find("${") != std::string::npos) {
      Result<std::vector<TextPart>> parts = ParseText(text);
      if (!parts.ok()) {
        Report(out->line, where + ": " + parts.status().message());
        return;
      }
      bool has_ref = false;
      for (const TextPart& p : *parts) has_ref = has_ref || std::holds_alternative<Reference>(p);
      if (has_ref) {
        out->kind = ValueNode::Kind::kText;
        out->parts = std::move(parts).value();
        return;
      }
    }
    out->literal = quoted ? Json(text) : PlainScalar(text);
  }

  static Json PlainScalar(const std::string& s) {
    static const std::regex kInt("[-+]?[0-9]+");
    static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (std::regex_match(s, kInt) && s.size() < 19) return std::stoll(s);
    if (std::regex_match(s, kFloat)) return std::strtod(s.c_str(), nullptr);
    return s;
  }

  void Trigger(const YAML::Node& node, Definition* def) {
    TriggerDefinition trigger;
    trigger.line = LineOf(node);
    if (!node.IsMap()) {
      Report(trigger.line, "trigger: expected a mapping, e.g. {event: invoice.payment_failed}");
      return;
    }
    CheckKeys(node, {"event", "until", "perObject"}, "trigger");
    if (node["event"]) {
      trigger.event = Text(node["event"], "trigger.event");
    } else {
      Report(trigger.line, "trigger: missing 'event' (a Stripe event type)");
    }
    if (const YAML::Node until = node["until"]) {
      if (until.IsScalar()) {
        trigger.until.push_back(until.Scalar());
      } else if (until.IsSequence()) {
        for (const YAML::Node& t : until) trigger.until.push_back(Text(t, "trigger.until"));
      } else {
        Report(LineOf(until), "trigger.until: expected an event type or a list of them");
      }
    }
    if (const YAML::Node per_object = node["perObject"]) {
      const std::string text = Text(per_object, "trigger.perObject");
      if (text != "true" && text != "false") Report(LineOf(per_object), "trigger.perObject: expected true or false");
      trigger.per_object = text == "true";
    }
    def->trigger = std::move(trigger);
  }

  void Step(const YAML::Node& node, size_t index, Definition* def) {
    StepDefinition step;
    step.line = LineOf(node);
    const std::string where = "step " + std::to_string(index + 1);
    if (!node.IsMap()) {
      Report(step.line, where + ": expected a mapping with id and capability");
      return;
    }
    CheckKeys(node, {"id", "capability", "inputs", "onSuccess", "onFailure", "after", "description"}, where);
    if (node["id"]) {
      step.id = Text(node["id"], where + " id");
    } else {
      Report(step.line, where + ": missing 'id'");
    }
    const std::string named = step.id.empty() ? where : "step " + step.id;
    if (node["capability"]) {
      step.capability = Text(node["capability"], named + " capability");
      step.capability_line = LineOf(node["capability"]);
    } else {
      Report(step.line, named + ": missing 'capability'");
    }
    if (const YAML::Node inputs = node["inputs"]) {
      if (!inputs.IsMap() && !inputs.IsNull()) Report(LineOf(inputs), named + ": inputs: expected a mapping");
      for (auto it = inputs.begin(); inputs.IsMap() && it != inputs.end(); ++it) {
        StepInput input;
        input.name = Text(it->first, named + " input name");
        input.line = LineOf(it->first);
        input.value = Value(it->second, named + " input " + input.name);
        if (input.value.line == 0) input.value.line = input.line;
        step.inputs.push_back(std::move(input));
      }
    }
    Transition(node, "onSuccess", named, &step.on_success, &step.on_success_line);
    Transition(node, "onFailure", named, &step.on_failure, &step.on_failure_line);
    if (const YAML::Node after = node["after"]) {
      step.after_line = LineOf(after);
      Result<int64_t> seconds = ParseDurationSeconds(Text(after, named + " after"));
      if (!seconds.ok() || *seconds <= 0) {
        Report(step.after_line, named + ": after: expected a duration such as 45s, 30m, 12h or 3d");
      } else {
        step.after_seconds = *seconds;
      }
    }
    def->steps.push_back(std::move(step));
  }

  void Transition(const YAML::Node& node, const char* key, const std::string& named, std::string* target,
                  int* line) {
    if (const YAML::Node t = node[key]) {
      *target = Text(t, named + " " + key);
      *line = LineOf(t);
    }
  }

 private:
  std::vector<workflows::Problem>* problems_;
};

}  // namespace

ParsedDefinition ParseDefinition(std::string_view yaml, std::string origin) {
  ParsedDefinition out;
  out.definition.origin = std::move(origin);
  out.definition.source = std::string(yaml);
  YAML::Node root;
  try {
    root = YAML::Load(out.definition.source);
  } catch (const YAML::Exception& e) {
    out.problems.push_back({e.mark.line >= 0 ? e.mark.line + 1 : 0,
                            "YAML syntax error at column " + std::to_string(e.mark.column + 1) + ": " + e.msg});
    return out;
  }
  Loader loader(&out.problems);
  Definition& def = out.definition;
  if (!root.IsMap()) {
    loader.Report(LineOf(root), "expected a mapping with workflowId, version and steps");
    return out;
  }
  loader.CheckKeys(root, {"workflowId", "version", "trigger", "steps", "description"}, "workflow");
  if (root["workflowId"]) {
    def.workflow_id = loader.Text(root["workflowId"], "workflowId");
  } else {
    loader.Report(1, "missing 'workflowId'");
  }
  if (root["version"]) {
    def.version = loader.Text(root["version"], "version");
  } else {
    loader.Report(1, "missing 'version'");
  }
  if (root["trigger"]) loader.Trigger(root["trigger"], &def);
  const YAML::Node steps = root["steps"];
  if (!steps || !steps.IsSequence() || steps.size() == 0) {
    loader.Report(steps ? LineOf(steps) : 1, "steps: expected a non-empty list of steps");
    return out;
  }
  for (size_t i = 0; i < steps.size(); ++i) loader.Step(steps[i], i, &def);
  return out;
}

}  // namespace subledger::workflows
