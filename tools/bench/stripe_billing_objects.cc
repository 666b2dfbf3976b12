// Prices, plans and subscriptions (contract: stripe_objects.h).
#include "tools/bench/body_template.h"
#include "tools/bench/stripe_objects.h"

namespace subledger::bench {
namespace {

constexpr int64_t kPriceCreated = 1727740800;  // 2024-10-01: the catalog predates every customer

const CatalogPrice& PriceOf(const ProfileItem& item) { return Catalog()[static_cast<size_t>(item.price)]; }

Json OrNull(const char* s) { return s ? Json(s) : Json(nullptr); }
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json Recurring(const CatalogPrice& price) {
  return {{"interval", price.interval}, {"interval_count", 1}, {"meter", nullptr},
          {"trial_period_days", nullptr}, {"usage_type", "licensed"}};
}

Json ItemObject(const StripeProfile& p, size_t i, char start, char end_month, char end_year) {
  const CatalogPrice& price = PriceOf(p.items[i]);
  const char end = std::string_view(price.interval) == "year" ? end_year : end_month;
  Json tax_rates = Json::array();
  return {{"id", "si_" + Slot('i', static_cast<char>('0' + i))},
          {"object", "subscription_item"},
          {"billing_thresholds", nullptr},
          {"created", Slot('t', '5')},
          {"current_period_end", Slot('t', end)},
          {"current_period_start", Slot('t', start)},
          {"discounts", Json::array()},
          {"metadata", p.item_metadata ? Json({{"provisioned_by", "billing-service"}, {"feature_set", "2026-q1"}})
                                       : Json::object()},
          {"plan", PlanObject(price)},
          {"price", PriceObject(price)},
          {"quantity", p.items[i].quantity},
          {"subscription", "sub_" + Slot('s')},
          {"tax_rates", tax_rates}};
}

Json CancellationDetails(SubscriptionStage stage, const StripeProfile& p) {
  if (stage == SubscriptionStage::kCanceling || stage == SubscriptionStage::kDeleted) {
    const bool voluntary = stage == SubscriptionStage::kCanceling || !p.tax;
    return {{"comment", voluntary && p.trial ? Json("Moving to an annual contract") : Json(nullptr)},
            {"feedback", voluntary ? Json("switched_service") : Json(nullptr)},
            {"reason", voluntary ? "cancellation_requested" : "payment_failed"}};
  }
  return {{"comment", nullptr}, {"feedback", nullptr}, {"reason", nullptr}};
}

Json TaxRateObject(const StripeProfile& p) {
  const bool us = p.country == "US";
  const std::string percent = std::to_string(p.tax_basis_points / 100) + "." + std::to_string(p.tax_basis_points % 100 / 10);
  return {{"id", p.tax_rate}, {"object", "tax_rate"}, {"active", true}, {"country", p.country},
          {"created", kPriceCreated}, {"description", us ? "Sales tax" : "VAT"},
          {"display_name", us ? "Sales Tax" : "VAT"}, {"effective_percentage", std::stod(percent)},
          {"flat_amount", nullptr}, {"inclusive", false}, {"jurisdiction", p.state.empty() ? p.country : p.state},
          {"jurisdiction_level", us ? "state" : "country"}, {"livemode", true}, {"metadata", Json::object()},
          {"percentage", std::stod(percent)}, {"rate_type", "percentage"}, {"state", OrNull(p.state)},
          {"tax_type", us ? "sales_tax" : "vat"}};
}

const char* StatusOf(SubscriptionStage stage, bool trial) {
  switch (stage) {
    case SubscriptionStage::kCreated: return trial ? "trialing" : "active";
    case SubscriptionStage::kPastDue: return "past_due";
    case SubscriptionStage::kDeleted: return "canceled";
    default: return "active";
  }
}

// The fields before "items", in Stripe's order.
void Head(Json& s, const StripeProfile& p, SubscriptionStage stage) {
  const bool created = stage == SubscriptionStage::kCreated;
  const bool ending = stage == SubscriptionStage::kCanceling || stage == SubscriptionStage::kDeleted;
  s["id"] = "sub_" + Slot('s');
  s["object"] = "subscription";
  s["application"] = nullptr;
  s["application_fee_percent"] = nullptr;
  s["automatic_tax"] = {{"disabled_reason", nullptr}, {"enabled", p.tax}, {"liability", p.tax ? Json({{"type", "self"}}) : Json(nullptr)}};
  s["billing_cycle_anchor"] = Slot('t', created ? (p.trial ? '8' : '0') : '5');
  s["billing_cycle_anchor_config"] = nullptr;
  s["billing_mode"] = {{"type", "classic"}};
  s["billing_thresholds"] = nullptr;
  s["cancel_at"] = stage == SubscriptionStage::kCanceling ? Json(Slot('t', '2')) : Json(nullptr);
  s["cancel_at_period_end"] = stage == SubscriptionStage::kCanceling;
  s["canceled_at"] = ending ? Json(Slot('t', '0')) : Json(nullptr);
  s["cancellation_details"] = CancellationDetails(stage, p);
  s["collection_method"] = "charge_automatically";
  s["created"] = Slot('t', created ? '0' : '5');
  s["currency"] = p.currency;
  s["customer"] = "cus_" + Slot('c');
  s["days_until_due"] = nullptr;
  s["default_payment_method"] = "pm_" + Slot('p');
  s["default_source"] = nullptr;
  s["default_tax_rates"] = p.tax ? Json::array({TaxRateObject(p)}) : Json::array();
  s["description"] = OrNull(p.description);
  s["discounts"] = p.discount ? Json::array({"di_" + Slot('i', '9')}) : Json::array();
  s["ended_at"] = stage == SubscriptionStage::kDeleted ? Json(Slot('t', '0')) : Json(nullptr);
  s["invoice_settings"] = {{"account_tax_ids", nullptr}, {"issuer", {{"type", "self"}}}};
}

// The fields after "items".
void Tail(Json& s, const StripeProfile& p, SubscriptionStage stage) {
  const bool trialing = stage == SubscriptionStage::kCreated && p.trial;
  s["latest_invoice"] = "in_" + Slot('o', '0');
  s["livemode"] = true;
  s["metadata"] = MetadataObject(p.subscription_metadata);
  s["next_pending_invoice_item_invoice"] = nullptr;
  s["on_behalf_of"] = nullptr;
  s["pause_collection"] = nullptr;
  s["payment_settings"] = {{"payment_method_options", p.checkout ? PaymentMethodOptions() : Json(nullptr)},
                           {"payment_method_types", p.wallet.empty() ? Json(nullptr) : Json::array({"card", "link"})},
                           {"save_default_payment_method", "on_subscription"}};
  s["pending_invoice_item_interval"] = nullptr;
  s["pending_setup_intent"] = nullptr;
  s["pending_update"] = nullptr;
  s["plan"] = p.items.size() == 1 ? PlanObject(PriceOf(p.items[0])) : Json(nullptr);
  s["quantity"] = p.items.size() == 1 ? Json(p.items[0].quantity) : Json(nullptr);
  s["schedule"] = nullptr;
  s["start_date"] = Slot('t', stage == SubscriptionStage::kCreated ? '0' : '5');
  s["status"] = StatusOf(stage, p.trial);
  s["test_clock"] = nullptr;
  s["transfer_data"] = nullptr;
  s["trial_end"] = trialing ? Json(Slot('t', '8')) : Json(nullptr);
  s["trial_settings"] = {{"end_behavior", {{"missing_payment_method", "create_invoice"}}}};
  s["trial_start"] = trialing ? Json(Slot('t', '0')) : Json(nullptr);
}

}  // namespace

Json PaymentMethodOptions() {
  return {{"acss_debit", nullptr}, {"bancontact", nullptr},
          {"card", {{"network", nullptr}, {"request_three_d_secure", "automatic"}}}, {"customer_balance", nullptr},
          {"konbini", nullptr}, {"sepa_debit", nullptr}, {"us_bank_account", nullptr}};
}

Json MetadataObject(const bench::Metadata& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

Json Address(const StripeProfile& p) {
  if (!p.has_address) return nullptr;
  return {{"city", p.city}, {"country", p.country}, {"line1", p.line1}, {"line2", OrNull(p.line2)},
          {"postal_code", p.postal_code}, {"state", OrNull(p.state)}};
}

Json PriceObject(const CatalogPrice& price) {
  return {{"id", price.id}, {"object", "price"}, {"active", true}, {"billing_scheme", "per_unit"},
          {"created", kPriceCreated}, {"currency", price.currency}, {"custom_unit_amount", nullptr},
          {"livemode", true}, {"lookup_key", OrNull(price.lookup_key)}, {"metadata", Json::object()},
          {"nickname", OrNull(price.nickname)}, {"product", price.product}, {"recurring", Recurring(price)},
          {"tax_behavior", "exclusive"}, {"tiers_mode", nullptr}, {"transform_quantity", nullptr},
          {"type", "recurring"}, {"unit_amount", price.unit_amount},
          {"unit_amount_decimal", std::to_string(price.unit_amount)}};
}

Json PlanObject(const CatalogPrice& price) {
  return {{"id", price.id}, {"object", "plan"}, {"active", true}, {"amount", price.unit_amount},
          {"amount_decimal", std::to_string(price.unit_amount)}, {"billing_scheme", "per_unit"},
          {"created", kPriceCreated}, {"currency", price.currency}, {"interval", price.interval},
          {"interval_count", 1}, {"livemode", true}, {"metadata", Json::object()}, {"meter", nullptr},
          {"nickname", OrNull(price.nickname)}, {"product", price.product}, {"tiers_mode", nullptr},
          {"transform_usage", nullptr}, {"trial_period_days", nullptr}, {"usage_type", "licensed"}};
}

Json SubscriptionItems(const StripeProfile& p, char start, char end_month, char end_year) {
  Json data = Json::array();
  for (size_t i = 0; i < p.items.size(); ++i) data.push_back(ItemObject(p, i, start, end_month, end_year));
  return {{"object", "list"}, {"data", std::move(data)}, {"has_more", false},
          {"total_count", p.items.size()}, {"url", "/v1/subscription_items?subscription=sub_" + Slot('s')}};
}

Json SubscriptionObject(const StripeProfile& p, SubscriptionStage stage) {
  Json s = Json::object();
  Head(s, p, stage);
  if (stage == SubscriptionStage::kCreated) {
    s["items"] = p.trial ? SubscriptionItems(p, '0', '8', '8') : SubscriptionItems(p, '0', '2', '3');
  } else if (stage == SubscriptionStage::kDeleted) {
    s["items"] = SubscriptionItems(p, '1', '0', '0');
  } else {
    s["items"] = SubscriptionItems(p, '0', '2', '3');
  }
  Tail(s, p, stage);
  return s;
}

}  // namespace subledger::bench
