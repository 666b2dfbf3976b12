#include "tests/support/subledger_cli.h"

#include <nlohmann/json.hpp>

#include "ledger/event_log.h"
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

// One export line (an event body) -> (id, body).
bool ParseExportLine(const std::string& line, ExportedEvent* out, std::string* error) {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    *error = "export line is not a JSON object: " + line.substr(0, 200);
    return false;
  }
  if (j.contains("id") && j["id"].is_string()) {
    out->id = j["id"].get<std::string>();
    out->body = line;
    return true;
  }
  *error = "export line has no string id: " + line.substr(0, 200);
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

std::string ExportedForm(const std::string& body) {
  if (body.find_first_of("\r\n") == std::string::npos) return body;
  std::string out;
  bool in_string = false, escaped = false;
  for (char c : body) {
    if (in_string) {
      out.push_back(c);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      out.push_back(c);
    }
  }
  return out;
}

ExportResult ReadLogDirectly(const std::string& data_dir) {
  ExportResult result;
  EventLogOptions options;
  options.data_dir = data_dir;
  options.read_only = true;
  auto log = EventLog::Open(options);
  if (!log.ok()) {
    result.error = "open the log read-only: " + log.status().ToString();
    return result;
  }
  Status s = (*log)->Scan(1, [&](const EventRecord& record) {
    result.events.push_back({record.envelope.id, record.body});
    return true;
  });
  if (!s.ok()) result.error = "scan the log: " + s.ToString();
  return result;
}

CommandResult VerifyLog(const std::string& data_dir) {
  return RunSubledger({"verify", "--data-dir", data_dir});
}

}  // namespace subledger::testing
