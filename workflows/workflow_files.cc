#include "workflows/workflow_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "workflows/definition_check.h"
#include "workflows/definition_loader.h"
#include "workflows/email_capability.h"
#include "workflows/stripe_capabilities.h"

namespace subledger::workflows {

std::unique_ptr<CapabilityRegistry> StandardCapabilities(StripeClient* stripe, TemplateCatalog templates,
                                                         Mailer* mailer) {
  auto registry = std::make_unique<CapabilityRegistry>();
  AddStripeCapabilities(registry.get(), stripe);
  AddEmailCapability(registry.get(), std::move(templates), mailer);
  return registry;
}

std::string DefaultTemplatesDir(const std::string& workflow_path) {
  std::filesystem::path parent = std::filesystem::path(workflow_path).parent_path();
  return (parent.empty() ? std::filesystem::path("templates") : parent / "templates").string();
}

LoadedDefinition LoadDefinitionFile(const std::string& path, const CapabilityRegistry& capabilities) {
  LoadedDefinition out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.definition.origin = path;
    out.problems.push_back({0, "cannot read the file"});
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  ParsedDefinition parsed = ParseDefinition(text.str(), path);
  out.definition = std::move(parsed.definition);
  out.problems = std::move(parsed.problems);
  if (out.problems.empty()) out.problems = CheckDefinition(out.definition, capabilities);
  return out;
}

Result<std::vector<Definition>> LoadDefinitionDir(const std::string& dir, const CapabilityRegistry& capabilities) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::InvalidArgument("--workflows " + dir + ": not a directory");
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Definition> out;
  std::string problems;
  std::map<std::string, std::string> ids;
  for (const std::string& file : files) {
    LoadedDefinition loaded = LoadDefinitionFile(file, capabilities);
    if (!loaded.problems.empty()) {
      problems += (problems.empty() ? "" : "\n") + loaded.Describe();
      continue;
    }
    auto [it, fresh] = ids.emplace(loaded.definition.workflow_id, file);
    if (!fresh) {
      problems += (problems.empty() ? "" : "\n") + file + ": workflowId '" + loaded.definition.workflow_id +
                  "' is also the id of " + it->second;
      continue;
    }
    out.push_back(std::move(loaded.definition));
  }
  if (!problems.empty()) return Status::InvalidArgument(problems);
  return out;
}

bool UsesCapability(const Definition& definition, bool (*pred)(std::string_view)) {
  for (const StepDefinition& step : definition.steps) {
    if (pred(step.capability)) return true;
  }
  return false;
}

}  // namespace subledger::workflows
