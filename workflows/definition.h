// A workflow definition as loaded from YAML, in the Stripe integration doc's
// own format (seeds/contractspec-stripe-integration.txt, "Example workflow"):
//
//   workflowId: process-payment
//   version: '1.0.0'
//   trigger: {event: invoice.payment_failed, until: [invoice.paid]}  # addition
//   steps:
//     - id: create-customer
//       capability: stripe-create-customer
//       after: 3d                                                    # addition
//       inputs: {email: ${input.customerEmail}}
//       onSuccess: create-payment-intent
//       onFailure: notify-error
//
// Steps run from the first one; a step without onSuccess ends the run when it
// succeeds, one without onFailure fails the run when it fails (there is no
// implicit fall-through to the next step in the list). docs/workflows.md has
// the full format. Line numbers are 1-based; 0 means "not written".
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace subledger::workflows {

// ${root.path...}: where a value comes from when the step runs.
struct Reference {
  enum class Root { kInput, kSteps, kError, kEvent };
  Root root = Root::kInput;
  // The segments after the root: input {name, ...}; steps {step id, "output",
  // field, ...}; error {"message" | "step"}; event {"id" | "type" | "created"
  // | "object", ...}. Numeric segments index arrays.
  std::vector<std::string> path;
  std::string text;  // as written inside ${ }, trimmed
  // "${a || b}": b (and so on) when a has no value, e.g. an invoice's
  // subscription before and after Stripe's 2025-03-31 API version.
  std::vector<Reference> fallbacks;
};

using TextPart = std::variant<std::string, Reference>;

struct ValueEntry;

// An input value as written: a literal, a string with references, a mapping
// or a list.
struct ValueNode {
  enum class Kind { kLiteral, kText, kMap, kList };
  Kind kind = Kind::kLiteral;
  nlohmann::json literal;                              // kLiteral: null, bool, number or string
  std::vector<TextPart> parts;                         // kText: text and at least one reference
  std::vector<ValueEntry> map;                         // kMap, in file order
  std::vector<ValueNode> list;                         // kList
  int line = 0;

  // A text that is exactly one reference ("${input.amount}"): evaluates to
  // the referenced value with its own type, not to a string.
  const Reference* WholeReference() const;
  // Every reference in this value, depth first.
  void CollectReferences(std::vector<const Reference*>* out) const;
};

// One key of a mapping. (A named type, not std::pair: a pair of an
// incomplete ValueNode is ill-formed, and Clang's libstdc++ checks say so.)
struct ValueEntry {
  std::string key;
  ValueNode value;
};

struct StepInput {
  std::string name;
  ValueNode value;
  int line = 0;
};

struct StepDefinition {
  std::string id;
  std::string capability;
  std::vector<StepInput> inputs;
  std::string on_success;  // "" = the run ends when this step succeeds
  std::string on_failure;  // "" = the run fails when this step fails
  int64_t after_seconds = 0;
  int line = 0, capability_line = 0, on_success_line = 0, on_failure_line = 0, after_line = 0;

  const StepInput* FindInput(std::string_view name) const;
};

struct TriggerDefinition {
  std::string event;               // a Stripe event type, e.g. invoice.payment_failed
  std::vector<std::string> until;  // event types for the same data.object.id that end the run
  // At most one run per data.object.id rather than per event id (Stripe
  // sends invoice.payment_failed again after every failed retry).
  bool per_object = false;
  int line = 0;
};

struct Definition {
  std::string workflow_id;
  std::string version;
  std::optional<TriggerDefinition> trigger;
  std::vector<StepDefinition> steps;
  std::string origin;  // the file it came from, for messages ("" = none)
  std::string source;  // the YAML text exactly as loaded

  const StepDefinition* FindStep(std::string_view id) const;
};

// One thing wrong with a definition, at a line of its file.
struct Problem {
  int line = 0;
  std::string message;
};

// "FILE:LINE: message" per problem, one per line, in line order.
std::string FormatProblems(const std::string& origin, std::vector<Problem> problems);

}  // namespace subledger::workflows
