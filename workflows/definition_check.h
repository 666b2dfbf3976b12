// CheckDefinition: everything the runner relies on, checked before a run
// starts (and by `subledger workflow check`), each problem with its line:
//   * workflowId, step ids: letters, digits, '-', '_' (1..64); ids unique
//   * every capability is known; every input is one the capability has;
//     every required input is given (or has a default); literal values have
//     the input's type; the capability's own checks (send-email: the
//     template exists and data sets every {{field}} it uses)
//   * onSuccess/onFailure name a step; no cycle; every step is reachable
//     from the first
//   * ${steps.X.output.F}: X has succeeded on EVERY path to this step (so
//     its output exists when this step runs) and F is one of X's outputs;
//     ${error.*} only where every path to the step went through a failure;
//     ${event.*} only in a definition with a trigger
//   * trigger.event / until: Stripe event type names
//
// Thread safety: pure function (capabilities are only inspected).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "workflows/capability.h"
#include "workflows/definition.h"

namespace subledger::workflows {

std::vector<Problem> CheckDefinition(const Definition& definition, const CapabilityRegistry& capabilities);

// The names used as ${input.NAME} anywhere in the definition.
std::set<std::string> ReferencedInputs(const Definition& definition);

// Checks a run's input before anything is sent: every key is one the
// definition uses; every input a step needs (a required capability input
// written as exactly ${input.NAME}) is given; and each given value passes
// the capability's check for every input it feeds (e.g. amount=12.50 is
// not whole cents). kInvalidArgument naming the input, the step and why.
Status CheckRunInputs(const Definition& definition, const CapabilityRegistry& capabilities,
                      const nlohmann::json& input);

}  // namespace subledger::workflows
