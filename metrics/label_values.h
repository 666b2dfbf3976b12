// The bounded label values of subledger's metrics.
//
// Every label value that can come from input (a Stripe event type, a
// subscription status, a currency) goes through one of these functions, so
// the number of series stays bounded whatever the input: unknown values
// become "other". No id (customer, subscription, event, e-mail) is ever a
// label value.
//
// Thread safety: pure functions over immutable tables.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace subledger {

inline constexpr std::string_view kOtherLabel = "other";
// At most this many distinct currency label values, "other" included.
inline constexpr size_t kMaxCurrencyLabels = 64;

// Event types counted by name in subledger_events_received_total: the ones
// the projections model and the common Stripe families. Sorted.
std::span<const std::string_view> KnownEventTypes();
// Index of `type` in KnownEventTypes(), or KnownEventTypes().size() for "other".
size_t EventTypeIndex(std::string_view type);

// Stripe subscription statuses. A status outside this list is "other".
std::span<const std::string_view> KnownSubscriptionStatuses();
std::string_view SubscriptionStatusLabel(std::string_view status);

// True for an ISO 4217-shaped code: exactly three lowercase ASCII letters.
bool IsCurrencyCode(std::string_view currency);

// Picks the currency label values for a set of currencies: valid codes keep
// their name, in ascending order, up to kMaxCurrencyLabels - 1 of them;
// invalid codes and the codes past the cap map to "other". Returns, for each
// input (same order), its label.
std::vector<std::string> AssignCurrencyLabels(const std::vector<std::string>& currencies);

}  // namespace subledger
