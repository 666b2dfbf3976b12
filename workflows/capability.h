// Capabilities: the named operations a workflow step can call, with typed
// inputs and named outputs (the integration doc's "capabilityId", "inputs",
// "outputs"), and the registry the loader checks definitions against.
//
// Each capability says what kind of side effect it has, which decides the
// runner's guarantee (docs/workflows.md, "Guarantees"):
//   kNone              reads only; re-running it is harmless
//   kExactlyOnce       Stripe writes: the call carries an idempotency key
//                      derived from (run id, step id), so a re-run after a
//                      crash returns the object the first call created
//   kAtLeastOnce       e-mail: SMTP cannot deduplicate; a crash between
//                      sending and recording the outcome sends again (with
//                      the same Message-ID)
//
// Invoke's errors decide what the runner does next:
//   kUnavailable       transient (could not reach the service, 5xx, 429 after
//                      the client's own retries): the step is retried later
//   anything else      the step failed (a card declined, a bad address): the
//                      run takes the step's onFailure transition with
//                      ${error.message} set to the Status's message
//
// Thread safety: a capability is used from one runner thread at a time; the
// registry is immutable after set-up.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/status.h"
#include "workflows/definition.h"

namespace subledger::workflows {

enum class InputType { kString, kNumber, kBoolean, kObject };
const char* InputTypeName(InputType type);

struct InputSpec {
  std::string name;
  InputType type = InputType::kString;
  bool required = false;
  nlohmann::json default_value;  // null = none
};

enum class EffectKind { kNone, kExactlyOnce, kAtLeastOnce };

// What a step hands its capability.
struct CapabilityCall {
  std::string run_id;
  std::string step_id;
  std::string idempotency_key;  // IdempotencyKeyFor(run, step)
  nlohmann::json inputs;        // an object: the step's inputs, evaluated, defaults applied
};

class Capability {
 public:
  virtual ~Capability() = default;
  virtual std::string_view name() const = 0;
  virtual const std::vector<InputSpec>& inputs() const = 0;
  virtual const std::vector<std::string>& outputs() const = 0;
  virtual EffectKind effect() const = 0;
  // Checks one input's value before anything is sent; kInvalidArgument
  // naming the problem. The default checks the type (a number may also be given
  // as a string, e.g. from --input amount=2000: the capability checks it).
  virtual Status CheckInput(const InputSpec& spec, const nlohmann::json& value) const;
  // Checks that need the capability's own knowledge (send-email: the
  // template exists and its {{fields}} are in `data`); adds problems with
  // line numbers. Default: nothing.
  virtual void CheckStep(const StepDefinition& step, std::vector<Problem>* problems) const;
  // Runs the capability; see the error contract above.
  virtual Result<nlohmann::json> Invoke(const CapabilityCall& call) = 0;

  const InputSpec* FindInput(std::string_view input) const;
};

class CapabilityRegistry {
 public:
  void Add(std::unique_ptr<Capability> capability);
  Capability* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, std::unique_ptr<Capability>, std::less<>> capabilities_;
};

// "subledger-wf-<run id>-<step id>": the same for every attempt of a step.
std::string IdempotencyKeyFor(std::string_view run_id, std::string_view step_id);

// A string input: the value when it is a JSON string, else "".
std::string StringInput(const nlohmann::json& inputs, const char* name);

}  // namespace subledger::workflows
