// References inside workflow values: "${input.amount}",
// "${steps.create-customer.output.customerId}", "${error.message}",
// "${event.object.customer_email}"; and their evaluation when a step runs.
//
// A value that is exactly one reference keeps the referenced value's type
// (a number stays a number); text mixing words and references becomes a
// string, with non-string values written as JSON (numbers plainly).
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/status.h"
#include "workflows/definition.h"

namespace subledger::workflows {

// Splits text into literal parts and ${...} references. kInvalidArgument
// for an unterminated "${", an empty reference, an unknown root or a bad
// path (e.g. "steps.x.customerId" without ".output").
Result<std::vector<TextPart>> ParseText(std::string_view text);
Result<Reference> ParseReference(std::string_view inner);

// What references can see while a step runs. Null members are absent.
struct Scope {
  const nlohmann::json* input = nullptr;                         // object
  const std::map<std::string, nlohmann::json>* outputs = nullptr;  // step id -> output object
  const nlohmann::json* error = nullptr;                         // {"message","step"}
  const nlohmann::json* event = nullptr;                         // {"id","type","created","object"}
};

// The referenced value, or nullopt when it is absent (no such input, the
// step has not succeeded, no such field).
std::optional<nlohmann::json> Resolve(const Reference& ref, const Scope& scope);

// Evaluates a value. A whole reference to something absent evaluates to
// null (the caller treats that input as not given); an absent reference
// inside text, or inside a map or list, is kInvalidArgument naming it.
Result<nlohmann::json> Evaluate(const ValueNode& value, const Scope& scope);

}  // namespace subledger::workflows
