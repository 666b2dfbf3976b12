#include "metrics/label_values.h"

#include <algorithm>
#include <array>
#include <map>

namespace subledger {
namespace {

// Sorted (EventTypeIndex binary-searches it). The subscription, invoice,
// payment and customer families a billing integration subscribes to, plus
// subledger's own snapshot type.
constexpr std::array<std::string_view, 62> kEventTypes = {
    "charge.captured",
    "charge.dispute.closed",
    "charge.dispute.created",
    "charge.dispute.funds_reinstated",
    "charge.dispute.funds_withdrawn",
    "charge.dispute.updated",
    "charge.failed",
    "charge.refunded",
    "charge.succeeded",
    "charge.updated",
    "checkout.session.async_payment_failed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.completed",
    "checkout.session.expired",
    "coupon.created",
    "coupon.deleted",
    "credit_note.created",
    "customer.created",
    "customer.deleted",
    "customer.discount.created",
    "customer.discount.deleted",
    "customer.discount.updated",
    "customer.subscription.created",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.pending_update_applied",
    "customer.subscription.pending_update_expired",
    "customer.subscription.resumed",
    "customer.subscription.trial_will_end",
    "customer.subscription.updated",
    "customer.updated",
    "invoice.created",
    "invoice.deleted",
    "invoice.finalization_failed",
    "invoice.finalized",
    "invoice.marked_uncollectible",
    "invoice.paid",
    "invoice.payment_action_required",
    "invoice.payment_failed",
    "invoice.payment_succeeded",
    "invoice.upcoming",
    "invoice.updated",
    "invoice.voided",
    "payment_intent.amount_capturable_updated",
    "payment_intent.canceled",
    "payment_intent.created",
    "payment_intent.payment_failed",
    "payment_intent.processing",
    "payment_intent.requires_action",
    "payment_intent.succeeded",
    "payment_method.attached",
    "payment_method.automatically_updated",
    "payment_method.detached",
    "payment_method.updated",
    "price.created",
    "price.updated",
    "product.created",
    "product.updated",
    "refund.created",
    "refund.updated",
    "setup_intent.succeeded",
    "subledger.subscription.snapshot",
};

constexpr std::array<std::string_view, 8> kStatuses = {
    "active",   "canceled", "incomplete", "incomplete_expired",
    "past_due", "paused",   "trialing",   "unpaid",
};

}  // namespace

std::span<const std::string_view> KnownEventTypes() { return kEventTypes; }

size_t EventTypeIndex(std::string_view type) {
  auto it = std::lower_bound(kEventTypes.begin(), kEventTypes.end(), type);
  if (it != kEventTypes.end() && *it == type) return static_cast<size_t>(it - kEventTypes.begin());
  return kEventTypes.size();
}

std::span<const std::string_view> KnownSubscriptionStatuses() { return kStatuses; }

std::string_view SubscriptionStatusLabel(std::string_view status) {
  for (std::string_view known : kStatuses) {
    if (known == status) return known;
  }
  return kOtherLabel;
}

bool IsCurrencyCode(std::string_view currency) {
  return currency.size() == 3 &&
         std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::vector<std::string> AssignCurrencyLabels(const std::vector<std::string>& currencies) {
  // Distinct valid codes in ascending order; the first kMaxCurrencyLabels - 1
  // keep their name, so "other" is the 64th value at most.
  std::map<std::string_view, std::string> kept;
  for (const std::string& c : currencies) {
    if (IsCurrencyCode(c)) kept.emplace(c, c);
  }
  size_t rank = 0;
  for (auto& [code, label] : kept) {
    if (rank++ >= kMaxCurrencyLabels - 1) label = std::string(kOtherLabel);
  }
  std::vector<std::string> labels;
  labels.reserve(currencies.size());
  for (const std::string& c : currencies) {
    auto it = kept.find(c);
    labels.push_back(it == kept.end() ? std::string(kOtherLabel) : it->second);
  }
  return labels;
}

}  // namespace subledger
