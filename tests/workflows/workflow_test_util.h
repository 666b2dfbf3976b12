// Shared set-up for the workflows/ tests: definitions from text, a log in a
// temp dir, the shipped files.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_paths.h"
#include "workflows/definition_check.h"
#include "workflows/definition_loader.h"
#include "workflows/smtp_mailer.h"
#include "workflows/workflow_files.h"

namespace subledger::testing {

inline std::string ShippedWorkflow(const std::string& name) { return SourceDir() + "/workflows/" + name; }
inline std::string ShippedTemplates() { return SourceDir() + "/workflows/templates"; }

// SMTP to a test server, from billing@example.com, without credentials.
inline workflows::SmtpOptions TestSmtp(const std::string& url) {
  workflows::SmtpOptions options;
  options.url = url;
  options.from = "billing@example.com";
  return options;
}

// Parses and checks `yaml`; the problems as "LINE: message" strings.
inline std::vector<std::string> ProblemsOf(const std::string& yaml, const workflows::CapabilityRegistry& caps) {
  workflows::ParsedDefinition parsed = workflows::ParseDefinition(yaml, "t.yaml");
  std::vector<workflows::Problem> problems = parsed.problems;
  if (problems.empty()) problems = workflows::CheckDefinition(parsed.definition, caps);
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(std::to_string(p.line) + ": " + p.message);
  return out;
}

// A checked definition (the test fails when it has problems).
inline workflows::Definition DefinitionOf(const std::string& path, const workflows::CapabilityRegistry& caps) {
  workflows::LoadedDefinition loaded = workflows::LoadDefinitionFile(path, caps);
  EXPECT_TRUE(loaded.problems.empty()) << loaded.Describe();
  return loaded.definition;
}

}  // namespace subledger::testing
