#include "tests/support/subledger_cli.h"

#include <nlohmann/json.hpp>

#include "tests/support/test_paths.h"

namespace subledger::testing {

CommandResult RunSubledger(const std::vector<std::string>& args, double timeout_seconds) {
  std::vector<std::string> argv = {CliBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOptions options;
  options.timeout_seconds = timeout_seconds;
  return RunCommand(argv, options);
}

namespace {

// One export line -> (id, raw body). An export line is either the raw body
// itself (a compact event object) or a record object carrying the raw body
// as a string under "body".
bool ParseExportLine(const std::string& line, ExportedEvent* out, std::string* error) {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    *error = "export line is not a JSON object: " + line.substr(0, 200);
    return false;
  }
  if (j.contains("body") && j["body"].is_string()) {
    out->body = j["body"].get<std::string>();
    auto inner = nlohmann::json::parse(out->body, nullptr, false);
    if (inner.is_object() && inner.contains("id") && inner["id"].is_string()) {
      out->id = inner["id"].get<std::string>();
      return true;
    }
    *error = "export record body has no string id: " + line.substr(0, 200);
    return false;
  }
  if (j.contains("id") && j["id"].is_string()) {
    out->id = j["id"].get<std::string>();
    out->body = line;
    return true;
  }
  *error = "export line has neither body nor id: " + line.substr(0, 200);
  return false;
}

}  // namespace

ExportResult ExportLog(const std::string& data_dir) {
  ExportResult result;
  result.command = RunSubledger({"export", "--data-dir", data_dir});
  if (result.command.exit_code != 0) {
    result.error = "subledger export failed: " + result.command.Describe();
    return result;
  }
  const std::string& out = result.command.out;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    std::string line = out.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) continue;
    ExportedEvent ev;
    if (!ParseExportLine(line, &ev, &result.error)) return result;
    result.events.push_back(std::move(ev));
  }
  return result;
}

CommandResult VerifyLog(const std::string& data_dir) {
  return RunSubledger({"verify", "--data-dir", data_dir});
}

}  // namespace subledger::testing
