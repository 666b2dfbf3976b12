#include "stripe/backfill.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "ledger/plausible_event.h"
#include "stripe/json_fields.h"

namespace subledger {

double BackfillProgress::FractionDone() const {
  if (last_page) return 1.0;
  if (newest_created <= since || counts.found == 0) return counts.found == 0 ? 0.0 : 1.0;
  double covered = static_cast<double>(newest_created - std::max(oldest_created, since));
  return std::clamp(covered / static_cast<double>(newest_created - since), 0.0, 1.0);
}

namespace {

int64_t CreatedOf(const nlohmann::ordered_json& event) { return IntField(event, "created").value_or(0); }

// A connected account's event keeps Stripe's own `account`; one rendered
// without it is given the account it was listed for, so that it can never
// fall into the platform's book (spec §0).
void EnsureAccount(nlohmann::ordered_json& event, const std::string& account) {
  if (account.empty()) return;
  auto it = event.find("account");
  if (it != event.end() && it->is_string() && !it->get<std::string>().empty()) return;
  if (it != event.end()) {
    *it = account;
    return;
  }
  // Stripe's key order puts `account` right after `object`.
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (auto& [key, value] : event.items()) {
    out[key] = std::move(value);
    if (key == "object") out["account"] = account;
  }
  if (!out.contains("account")) out["account"] = account;
  event = std::move(out);
}

// Appends one page's missing events; updates counts. Events arrive newest
// first and are appended oldest first.
Status AppendPage(EventLog* log, const BackfillOptions& options, const std::string& account,
                  std::vector<nlohmann::ordered_json>& events, BackfillCounts* counts) {
  std::vector<PendingEvent> missing;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    ++counts->found;
    const std::string id = (*it)["id"].get<std::string>();
    Result<std::optional<SequenceNumber>> present = log->Lookup(id);
    if (!present.ok()) return present.status().WithContext("look up " + id);
    if (present->has_value()) {
      ++counts->already_present;
      continue;
    }
    EnsureAccount(*it, account);
    PendingEvent pending;
    pending.body = it->dump();
    Result<EventEnvelope> envelope = ExtractPlausibleEnvelope(pending.body, *options.clock);
    if (!envelope.ok()) {
      ++counts->rejected;
      if (options.on_rejected) options.on_rejected(id, envelope.status());
      continue;
    }
    pending.envelope = std::move(*envelope);
    pending.source = options.source;
    missing.push_back(std::move(pending));
  }
  if (missing.empty()) return Status::Ok();
  Result<std::vector<AppendOutcome>> outcomes = log->AppendMany(std::move(missing));
  if (!outcomes.ok()) return outcomes.status().WithContext("append recovered events");
  for (const AppendOutcome& outcome : *outcomes) {
    if (outcome.kind == AppendOutcome::Kind::kAppended) {
      ++counts->recovered;
    } else {
      ++counts->already_present;  // arrived by webhook since the lookup
    }
  }
  return Status::Ok();
}

}  // namespace

BackfillReport Backfill(StripeClient* client, EventLog* log, const BackfillOptions& options) {
  BackfillReport report;
  BackfillProgress progress;
  progress.since = options.query.created_gte;
  report.status = EventPager::ValidateQuery(options.query);
  if (!report.status.ok()) return report;
  EventPager pager(client, options.query);
  while (!pager.done()) {
    if (options.max_pages > 0 && pager.pages_fetched() >= options.max_pages) break;
    if (options.should_stop && options.should_stop()) break;
    Result<EventPage> page = pager.Next();
    if (!page.ok()) {
      report.status = page.status();
      return report;
    }
    if (!page->events.empty()) {
      if (progress.newest_created == 0) progress.newest_created = CreatedOf(page->events.front());
      progress.oldest_created = CreatedOf(page->events.back());
    }
    report.status = AppendPage(log, options, client->account(), page->events, &report.counts);
    if (!report.status.ok()) return report;
    report.counts.pages = pager.pages_fetched();
    progress.counts = report.counts;
    progress.last_page = pager.done();
    if (options.on_page) options.on_page(progress);
  }
  report.complete = pager.done();
  return report;
}

}  // namespace subledger
