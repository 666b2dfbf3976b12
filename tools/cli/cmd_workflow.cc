// subledger workflow check|run|list|show: YAML workflows in the Stripe
// integration doc's format (docs/workflows.md).
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "ledger/event_log.h"
#include "tools/cli/command.h"
#include "tools/cli/command_flags.h"
#include "tools/cli/workflow_cli.h"
#include "workflows/run_store.h"
#include "workflows/workflow_files.h"

namespace subledger::cli {
namespace {

using workflows::RunRecord;

constexpr char kUsage[] =
    "usage:\n"
    "  subledger workflow check FILE... [--templates DIR]\n"
    "      validates definitions; prints FILE:LINE: problem for each problem, exit 1 if any\n"
    "  subledger workflow run FILE --data-dir D [--input NAME=VALUE]... [--run-id ID] [--event EVENT_ID]\n"
    "      [--templates DIR] [--smtp-url smtp://HOST:PORT --smtp-from ADDR [--smtp-credentials-file F]]\n"
    "      [Stripe connection flags]\n"
    "      runs in the foreground, prints each step's outcome and then the run as JSON lines;\n"
    "      exit 0 when the run succeeded, 1 when it failed, stopped or could not finish.\n"
    "      --run-id ID resumes run ID if it exists (safe after a crash: a step that may have\n"
    "      reached Stripe is re-sent with the same idempotency key); --event runs a triggered\n"
    "      definition for an event already in the log\n"
    "  subledger workflow list --data-dir D [--workflow ID] [--status S] [--json]\n"
    "  subledger workflow show RUN --data-dir D\n"
    "\n"
    "Templates default to the templates/ folder beside FILE. SMTP credentials come from\n"
    "--smtp-credentials-file (one line user:password), never from a flag value.\n";

int Usage(const std::string& error) {
  std::fprintf(stderr, "subledger workflow: %s\n\n%s", error.c_str(), kUsage);
  return 2;
}

int Check(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--templates"}, {"--help"});
  if (!a.error().empty()) return Usage("check: " + a.error());
  if (a.positional().empty()) return Usage("check: no FILE given");
  int failed = 0;
  for (const std::string& file : a.positional()) {
    const std::string templates = a.Value("--templates").value_or(workflows::DefaultTemplatesDir(file));
    auto registry = workflows::StandardCapabilities(nullptr, workflows::TemplateCatalog(templates), nullptr);
    workflows::LoadedDefinition loaded = workflows::LoadDefinitionFile(file, *registry);
    if (!loaded.problems.empty()) {
      std::fprintf(stderr, "%s\n", loaded.Describe().c_str());
      ++failed;
      continue;
    }
    const workflows::Definition& d = loaded.definition;
    std::printf("%s: ok: workflow %s version %s, %zu steps%s\n", file.c_str(), d.workflow_id.c_str(),
                d.version.c_str(), d.steps.size(), d.trigger ? (", trigger " + d.trigger->event).c_str() : "");
  }
  return failed == 0 ? 0 : 1;
}

Result<std::unique_ptr<EventLog>> OpenReadOnly(const CommandFlags& a) {
  EventLogOptions options;
  options.data_dir = a.Value("--data-dir").value_or("./data");
  options.read_only = true;
  return EventLog::Open(options);
}

std::string Utc(int64_t micros) {
  std::time_t t = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int List(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir", "--workflow", "--status"}, {"--json", "--help"});
  if (!a.error().empty() || !a.positional().empty()) return Usage("list: " + (a.error().empty() ? "unexpected argument" : a.error()));
  const std::string status = a.Value("--status").value_or("");
  if (!status.empty() && !workflows::ParseRunStatus(status)) {
    return Usage("list: --status: expected running, waiting, succeeded, failed or stopped");
  }
  auto log = OpenReadOnly(a);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger workflow list: %s\n", log.status().message().c_str());
    return 1;
  }
  const std::string workflow = a.Value("--workflow").value_or("");
  workflows::RunStore store(log->get());
  if (!a.Has("--json")) std::printf("%-28s %-20s %-10s %-20s %s\n", "RUN", "WORKFLOW", "STATUS", "CREATED", "AT / RESULT");
  Status s = store.ForEachRun([&](const RunRecord& run) {
    if (!workflow.empty() && run.workflow_id != workflow) return true;
    if (!status.empty() && workflows::RunStatusName(run.status) != status) return true;
    if (a.Has("--json")) {
      std::printf("%s\n", workflows::RunToJson(run).dump().c_str());
    } else {
      std::string where = workflows::IsFinished(run.status) ? run.result : run.current + " due " + Utc(run.due_at);
      std::printf("%-28s %-20s %-10s %-20s %s\n", run.id.c_str(), run.workflow_id.c_str(),
                  workflows::RunStatusName(run.status), Utc(run.created_at).c_str(), where.c_str());
    }
    return true;
  });
  if (!s.ok()) {
    std::fprintf(stderr, "subledger workflow list: %s\n", s.message().c_str());
    return 1;
  }
  return 0;
}

int Show(const std::vector<std::string>& args) {
  CommandFlags a(args, {"--data-dir"}, {"--help"});
  if (!a.error().empty()) return Usage("show: " + a.error());
  if (a.positional().size() != 1) return Usage("show: name one RUN");
  auto log = OpenReadOnly(a);
  if (!log.ok()) {
    std::fprintf(stderr, "subledger workflow show: %s\n", log.status().message().c_str());
    return 1;
  }
  workflows::RunStore store(log->get());
  auto run = store.Load(a.positional()[0]);
  if (!run.ok()) {
    std::fprintf(stderr, "subledger workflow show: %s\n", run.status().message().c_str());
    return 1;
  }
  if (!*run) {
    std::fprintf(stderr, "subledger workflow show: no run %s in %s\n", a.positional()[0].c_str(),
                 a.Value("--data-dir").value_or("./data").c_str());
    return 1;
  }
  std::printf("%s\n", workflows::RunToJson(**run).dump(2).c_str());
  return 0;
}

int Workflow(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("name a subcommand: check, run, list or show");
  const std::string sub = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (sub == "--help" || sub == "help" || sub == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  for (const std::string& arg : rest) {
    if (arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  if (sub == "check") return Check(rest);
  if (sub == "run") return RunWorkflow(rest);
  if (sub == "list") return List(rest);
  if (sub == "show") return Show(rest);
  return Usage("unknown subcommand '" + sub + "'");
}

}  // namespace

const char* WorkflowUsage() { return kUsage; }

SUBLEDGER_COMMAND("workflow", "check | run | list | show YAML workflows (docs/workflows.md)", Workflow);

}  // namespace subledger::cli
