#include "stripe/refetcher.h"

#include <map>
#include <utility>

#include "stripe/stripe_config.h"

namespace subledger {
namespace {

using Key = std::tuple<std::string, int, std::string, std::string>;

Key KeyOf(const RefetchTarget& t, bool with_reason) {
  return {t.account, static_cast<int>(t.kind), t.id, with_reason ? t.reason : std::string()};
}

// Stripe answered for good: asking again for the same reason gives the same.
bool Definitive(const Result<SnapshotOutcome>& outcome) {
  if (outcome.ok()) return true;
  switch (outcome.status().code()) {
    case Status::Code::kNotFound:
    case Status::Code::kInvalidArgument:
    case Status::Code::kUnauthenticated:
      return true;
    default:
      return false;
  }
}

// An account id from the log reaches the Stripe-Account header only when well-formed.
Result<SnapshotOutcome> ValidAccount(const std::string& account) {
  if (account.empty()) return SnapshotOutcome();
  Status valid = ValidateAccountId(account);
  if (!valid.ok()) return valid;
  return SnapshotOutcome();
}

void Count(const Result<SnapshotOutcome>& outcome, RefetchTally* tally) {
  if (!outcome.ok()) {
    ++tally->failed;
  } else if (outcome->appended) {
    ++tally->appended;
  } else {
    ++tally->already_present;
  }
}

}  // namespace

uint64_t RefetchCounts::attempted() const {
  const RefetchTally* all[] = {&subscriptions, &prices};
  uint64_t n = 0;
  for (const RefetchTally* t : all) n += t->appended + t->already_present + t->failed;
  return n;
}

bool RefetchMemory::Contains(const RefetchTarget& target) const { return done_.count(KeyOf(target, true)) > 0; }

void RefetchMemory::Remember(const RefetchTarget& target) { done_.insert(KeyOf(target, true)); }

RefetchCounts RefetchTargets(StripeClient* client, EventLog* log, const Clock& clock,
                             const std::vector<RefetchTarget>& targets, const RefetchOptions& options) {
  RefetchCounts counts;
  const std::string previous_account = client->account();
  std::map<Key, bool> fetched;  // (account, kind, id) fetched by this call -> answered for good
  size_t used = 0;
  for (const RefetchTarget& target : targets) {
    if (options.max_targets > 0 && used >= options.max_targets) break;
    if (options.should_stop && options.should_stop()) break;
    if (options.memory != nullptr && options.memory->Contains(target)) continue;
    if (auto seen = fetched.find(KeyOf(target, false)); seen != fetched.end()) {
      // One fetch answers every reason.
      if (options.memory != nullptr && seen->second) options.memory->Remember(target);
      continue;
    }
    ++used;
    Result<SnapshotOutcome> outcome = ValidAccount(target.account);
    if (outcome.ok()) {
      client->set_account(target.account);
      outcome = Refetch(client, log, clock, target.kind, target.id);
    }
    Count(outcome, &counts.Of(target.kind));
    fetched[KeyOf(target, false)] = Definitive(outcome);
    if (options.memory != nullptr && Definitive(outcome)) options.memory->Remember(target);
    if (options.on_result) options.on_result(target, outcome);
  }
  client->set_account(previous_account);
  return counts;
}

}  // namespace subledger
