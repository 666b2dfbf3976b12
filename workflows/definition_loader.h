// ParseDefinition: YAML text (yaml-cpp) -> Definition, in the integration
// doc's format plus subledger's `trigger:` and `after:` (definition.h).
//
// Structural problems are collected with their line numbers rather than
// stopping at the first: a missing workflowId/version/steps, a step without
// id or capability, a key the format does not have (a typo such as
// "onSucess"), a malformed ${...} reference, a bad `after:` duration. A YAML
// syntax error stops the parse and is reported at its line and column (the
// doc's own `version: '1.0.0'.0.0` is one). Capability and graph checks are
// in definition_check.h.
//
// Scalars: quoted ones are strings; plain ones are typed as YAML 1.2's core
// schema types them (true/false, null/~, integers, floats), else strings.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "workflows/definition.h"

namespace subledger::workflows {

struct ParsedDefinition {
  Definition definition;
  std::vector<Problem> problems;  // empty when the structure is sound
};

ParsedDefinition ParseDefinition(std::string_view yaml, std::string origin);

}  // namespace subledger::workflows
