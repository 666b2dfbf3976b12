// GET /v1/workflows/runs and /v1/workflows/runs/{id} on the admin listener
// (workflow_wiring.h). Reads go straight to RocksDB (the "workflows" family)
// on the I/O thread; a scan touches only the run records.
#include <algorithm>
#include <charconv>
#include <map>

#include "daemon/workflow_wiring.h"
#include "ingest/url_query.h"
#include "workflows/run_store.h"

namespace subledger {
namespace {

using workflows::RunRecord;

constexpr size_t kDefaultLimit = 100;
constexpr size_t kMaxLimit = 1000;

struct RunFilter {
  std::string workflow;
  std::string status;
  size_t limit = kDefaultLimit;
};

Result<RunFilter> FilterFrom(std::string_view query) {
  RunFilter f;
  Result<std::map<std::string, std::string>> params = ParseQueryParams(query);
  if (!params.ok()) return params.status();
  for (const auto& [key, value] : *params) {
    if (key == "workflow") {
      f.workflow = value;
    } else if (key == "status") {
      if (!value.empty() && !workflows::ParseRunStatus(value)) {
        return Status::InvalidArgument("status: expected running, waiting, succeeded, failed or stopped");
      }
      f.status = value;
    } else if (key == "limit") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), f.limit);
      if (ec != std::errc() || end != value.data() + value.size() || f.limit == 0 || f.limit > kMaxLimit) {
        return Status::InvalidArgument("limit: expected 1.." + std::to_string(kMaxLimit));
      }
    } else {
      return Status::InvalidArgument("unknown query parameter '" + key + "'");
    }
  }
  return f;
}

HttpReply ListRuns(EventLog* log, std::string_view query) {
  Result<RunFilter> filter = FilterFrom(query);
  if (!filter.ok()) return ReplyForStatus(filter.status());
  std::vector<RunRecord> runs;
  Status s = workflows::RunStore(log).ForEachRun([&](const RunRecord& run) {
    if (!filter->workflow.empty() && run.workflow_id != filter->workflow) return true;
    if (!filter->status.empty() && workflows::RunStatusName(run.status) != filter->status) return true;
    runs.push_back(run);
    return true;
  });
  if (!s.ok()) return ReplyForStatus(s);
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id < b.id;
  });
  nlohmann::ordered_json body;
  body["total"] = runs.size();
  body["runs"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < runs.size() && i < filter->limit; ++i) body["runs"].push_back(workflows::RunToJson(runs[i]));
  HttpReply reply;
  reply.body = body.dump();
  return reply;
}

HttpReply OneRun(EventLog* log, std::string_view id) {
  auto run = workflows::RunStore(log).Load(id);
  if (!run.ok()) return ReplyForStatus(run.status());
  if (!*run) return ReplyForStatus(Status::NotFound("no workflow run " + std::string(id)));
  HttpReply reply;
  reply.body = workflows::RunToJson(**run).dump();
  return reply;
}

}  // namespace

void InstallWorkflowReadApi(Daemon& daemon) {
  EventLog* log = &daemon.log();
  daemon.admin().AddRoute("GET", "/v1/workflows/runs", [log](std::string_view path, std::string_view query) {
    constexpr std::string_view kPrefix = "/v1/workflows/runs";
    if (path == kPrefix || path == "/v1/workflows/runs/") return ListRuns(log, query);
    std::string_view id = path.substr(kPrefix.size() + 1);
    if (id.empty() || id.find('/') != std::string_view::npos) return NotFoundReply(path);
    return OneRun(log, id);
  });
}

}  // namespace subledger
