#include "workflows/run_store.h"

#include <openssl/sha.h>

#include <cstdio>

namespace subledger::workflows {
namespace {

constexpr char kVersion = 1;

std::string RunKey(std::string_view id) { return "run/" + std::string(id); }

std::string DueKey(int64_t due, std::string_view id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(due < 0 ? 0 : due));
  return "due/" + std::string(buf) + "/" + std::string(id);
}

std::string OpenPrefix(std::string_view wf, std::string_view object) {
  return "open/" + std::string(wf) + "/" + std::string(object) + "/";
}

bool Indexed(const RunRecord& run) { return !IsFinished(run.status); }

bool Stoppable(const RunRecord& run) {
  return run.trigger && !run.trigger->until.empty() && !run.trigger->object_id.empty();
}

}  // namespace

std::string DefinitionHash(std::string_view source) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(source.data()), source.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

Result<std::optional<std::string>> RunStore::Get(const std::string& key) const {
  std::string value;
  Status s = log_->GetWorkflowRecord(key, &value);
  if (s.code() == Status::Code::kNotFound) return std::optional<std::string>();
  if (!s.ok()) return s;
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<RunRecord>> RunStore::Load(std::string_view run_id) const {
  Result<std::optional<std::string>> value = Get(RunKey(run_id));
  if (!value.ok()) return value.status();
  if (!*value) return std::optional<RunRecord>();
  Result<RunRecord> run = DecodeRun(**value);
  if (!run.ok()) return run.status().WithContext("load run " + std::string(run_id));
  return std::optional<RunRecord>(std::move(run).value());
}

void RunStore::Stage(const RunRecord* before, const RunRecord& after, StateBatch* batch) {
  batch->puts.emplace_back(RunKey(after.id), EncodeRun(after));
  const bool was = before != nullptr && Indexed(*before);
  const bool is = Indexed(after);
  if (was && (!is || before->due_at != after.due_at)) batch->deletes.push_back(DueKey(before->due_at, before->id));
  if (is && (!was || before->due_at != after.due_at)) batch->puts.emplace_back(DueKey(after.due_at, after.id), "");
  if (Stoppable(after)) {
    const std::string key = OpenPrefix(after.workflow_id, after.trigger->object_id) + after.id;
    if (is) {
      batch->puts.emplace_back(key, "");
    } else {
      batch->deletes.push_back(key);
    }
  }
}

Status RunStore::Commit(const StateBatch& batch) const { return log_->CommitWorkflowRecords(batch); }

Status RunStore::Save(const RunRecord* before, const RunRecord& after) const {
  StateBatch batch;
  Stage(before, after, &batch);
  return Commit(batch).WithContext("save run " + after.id);
}

Result<std::vector<std::pair<int64_t, std::string>>> RunStore::Due(int64_t until, size_t limit) const {
  std::vector<std::pair<int64_t, std::string>> out;
  Status s = log_->ScanWorkflowRecords("due/", [&](std::string_view key, std::string_view) {
    const int64_t due = std::stoll(std::string(key.substr(4, 20)));
    if (due > until || out.size() >= limit) return false;
    out.emplace_back(due, std::string(key.substr(25)));
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<int64_t>> RunStore::NextDue() const {
  Result<std::vector<std::pair<int64_t, std::string>>> first = Due(INT64_MAX, 1);
  if (!first.ok()) return first.status();
  if (first->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(first->front().first);
}

Result<uint64_t> RunStore::CountDueAfter(int64_t now) const {
  uint64_t count = 0;
  Status s = log_->ScanWorkflowRecords("due/", [&](std::string_view key, std::string_view) {
    if (std::stoll(std::string(key.substr(4, 20))) > now) ++count;
    return true;
  });
  if (!s.ok()) return s;
  return count;
}

Status RunStore::ForEachRun(const std::function<bool(const RunRecord&)>& fn) const {
  Status failure;
  Status s = log_->ScanWorkflowRecords("run/", [&](std::string_view key, std::string_view value) {
    Result<RunRecord> run = DecodeRun(value);
    if (!run.ok()) {
      failure = run.status().WithContext(std::string(key));
      return false;
    }
    return fn(*run);
  });
  return failure.ok() ? s : failure;
}

void RunStore::StageDefinition(const Definition& definition, StateBatch* batch) {
  batch->puts.emplace_back("def/" + DefinitionHash(definition.source), std::string(1, kVersion) + definition.source);
}

Result<std::string> RunStore::LoadDefinitionSource(std::string_view hash) const {
  Result<std::optional<std::string>> value = Get("def/" + std::string(hash));
  if (!value.ok()) return value.status();
  if (!*value || (*value)->empty() || (**value)[0] != kVersion) {
    return Status::Corruption("workflow definition " + std::string(hash) + " is missing or has an unknown format");
  }
  return (*value)->substr(1);
}

Result<std::optional<SequenceNumber>> RunStore::Checkpoint(std::string_view workflow_id) const {
  Result<std::optional<std::string>> value = Get("checkpoint/" + std::string(workflow_id));
  if (!value.ok()) return value.status();
  if (!*value) return std::optional<SequenceNumber>();
  if ((*value)->size() < 2 || (**value)[0] != kVersion) {
    return Status::Corruption("workflow checkpoint " + std::string(workflow_id) + ": unknown format");
  }
  return std::optional<SequenceNumber>(std::stoull((*value)->substr(1)));
}

void RunStore::StageCheckpoint(std::string_view workflow_id, SequenceNumber seq, StateBatch* batch) {
  batch->puts.emplace_back("checkpoint/" + std::string(workflow_id), std::string(1, kVersion) + std::to_string(seq));
}

Result<std::optional<std::string>> RunStore::StopMarker(std::string_view workflow_id, std::string_view object_id) const {
  Result<std::optional<std::string>> value = Get("stopped/" + std::string(workflow_id) + "/" + std::string(object_id));
  if (!value.ok() || !*value) return value;
  return std::optional<std::string>((*value)->substr(1));
}

void RunStore::StageStopMarker(std::string_view workflow_id, std::string_view object_id, std::string_view event_id,
                               StateBatch* batch) {
  batch->puts.emplace_back("stopped/" + std::string(workflow_id) + "/" + std::string(object_id),
                           std::string(1, kVersion) + std::string(event_id));
}

Result<std::vector<std::string>> RunStore::OpenRuns(std::string_view workflow_id, std::string_view object_id) const {
  std::vector<std::string> out;
  const std::string prefix = OpenPrefix(workflow_id, object_id);
  Status s = log_->ScanWorkflowRecords(prefix, [&](std::string_view key, std::string_view) {
    out.emplace_back(key.substr(prefix.size()));
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace subledger::workflows
