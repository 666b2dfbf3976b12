// Objects for the refetch tests, shaped like Stripe's at API 2025-03-31:
// a subscription whose discount webhooks name only by id, a volume-tiered
// seat price whose tiers webhooks never carry, and the events around them.
//
// The figures (spec §3, §8): 20.00 USD/month with a 25 % forever discount
// is 15.00; 10 seats of the volume tiers (1-5 at 10.00, 6+ at 8.00) are
// 80.00 a month. Until the discount and the tiers are known the book shows
// 20.00 (the discount left out, unresolved) and an unpriced item.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace subledger::testing {

inline constexpr int64_t kDiscountedMrr = 1500;  // with the discount known
inline constexpr int64_t kFullMrr = 2000;        // the discount unresolved
inline constexpr int64_t kSeatsMrr = 8000;       // the tiers known

inline nlohmann::ordered_json SeatPrice(const std::string& id, bool with_tiers) {
  nlohmann::ordered_json price = {
      {"id", id},          {"object", "price"},  {"active", true}, {"billing_scheme", "tiered"},
      {"currency", "usd"}, {"livemode", false},  {"recurring", {{"interval", "month"}, {"interval_count", 1},
                                                                {"usage_type", "licensed"}}},
      {"tiers_mode", "volume"}, {"type", "recurring"}, {"unit_amount", nullptr}};
  if (with_tiers) {
    price["tiers"] = {{{"flat_amount", nullptr}, {"unit_amount", 1000}, {"up_to", 5}},
                      {{"flat_amount", nullptr}, {"unit_amount", 800}, {"up_to", nullptr}}};
  }
  return price;
}

inline nlohmann::ordered_json MonthlyPrice(const std::string& id, int64_t unit_amount) {
  return {{"id", id}, {"object", "price"}, {"billing_scheme", "per_unit"}, {"currency", "usd"},
          {"livemode", false}, {"recurring", {{"interval", "month"}, {"interval_count", 1}}},
          {"unit_amount", unit_amount}};
}

inline nlohmann::ordered_json Item(const std::string& id, nlohmann::ordered_json price, int64_t quantity) {
  return {{"id", id}, {"object", "subscription_item"}, {"price", std::move(price)}, {"quantity", quantity}};
}

// A subscription of `customer` with one item; `discount_id` (may be "")
// given as an object (as fetched with expand[]=discounts), which the fake
// renders as an id unless expanded.
inline nlohmann::ordered_json Subscription(const std::string& id, const std::string& customer,
                                           nlohmann::ordered_json item, const std::string& discount_id = "") {
  nlohmann::ordered_json discounts = nlohmann::ordered_json::array();
  if (!discount_id.empty()) {
    discounts.push_back({{"id", discount_id}, {"object", "discount"}, {"end", nullptr},
                         {"coupon", {{"id", "QUARTER"}, {"object", "coupon"}, {"duration", "forever"},
                                     {"percent_off", 25}, {"amount_off", nullptr}}},
                         {"subscription", id}});
  }
  return {{"id", id}, {"object", "subscription"}, {"currency", "usd"}, {"customer", customer},
          {"discounts", std::move(discounts)}, {"items", {{"object", "list"}, {"data", {std::move(item)}}}},
          {"livemode", false}, {"status", "active"}};
}

// The same subscription as a webhook carries it: discounts as ids, no tiers.
inline nlohmann::ordered_json AsWebhookObject(nlohmann::ordered_json sub) {
  for (auto& d : sub["discounts"]) d = d["id"];
  for (auto& item : sub["items"]["data"]) item["price"].erase("tiers");
  return sub;
}

inline nlohmann::ordered_json SubscriptionEvent(const std::string& id, int64_t created,
                                                const nlohmann::ordered_json& object,
                                                const std::string& account = "") {
  nlohmann::ordered_json event = {{"id", id}, {"object", "event"}};
  if (!account.empty()) event["account"] = account;
  event["api_version"] = "2025-03-31.basil";
  event["created"] = created;
  event["data"] = {{"object", object}};
  event["livemode"] = false;
  event["pending_webhooks"] = 1;
  event["request"] = nullptr;
  event["type"] = "customer.subscription.created";
  return event;
}

}  // namespace subledger::testing
