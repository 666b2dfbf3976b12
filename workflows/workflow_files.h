// Loading definitions from files, and the standard capability set, for the
// CLI (`subledger workflow ...`) and subledgerd (--workflows DIR).
//
// Thread safety: functions; call at start-up.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ledger/status.h"
#include "stripe/stripe_client.h"
#include "workflows/capability.h"
#include "workflows/definition.h"
#include "workflows/email_template.h"
#include "workflows/smtp_mailer.h"

namespace subledger::workflows {

// The capabilities every runner has: the Stripe ones (stripe_capabilities.h)
// and send-email. `stripe` and `mailer` may be null (checking only).
std::unique_ptr<CapabilityRegistry> StandardCapabilities(StripeClient* stripe, TemplateCatalog templates,
                                                         Mailer* mailer);

// "<directory of the workflow file>/templates".
std::string DefaultTemplatesDir(const std::string& workflow_path);

struct LoadedDefinition {
  Definition definition;
  std::vector<Problem> problems;  // empty: parsed and checked
  // "FILE:LINE: message" lines.
  std::string Describe() const { return FormatProblems(definition.origin, problems); }
};

// Reads, parses (definition_loader.h) and checks (definition_check.h) a file.
LoadedDefinition LoadDefinitionFile(const std::string& path, const CapabilityRegistry& capabilities);

// Every *.yaml and *.yml file in `dir`, in name order. kInvalidArgument
// listing every problem of every file, or naming two files with the same
// workflowId.
Result<std::vector<Definition>> LoadDefinitionDir(const std::string& dir, const CapabilityRegistry& capabilities);

// Whether any step of `definition` uses a capability for which `pred` holds.
bool UsesCapability(const Definition& definition, bool (*pred)(std::string_view));

}  // namespace subledger::workflows
