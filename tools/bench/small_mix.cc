// SmallMix (contract: body_mix.h): the three bodies the ingest benchmark
// sent before issue 11, unchanged but for the slot syntax, so old and new
// numbers can be compared. Each is padded (metadata.note) to a fixed size.
#include "tools/bench/body_mix.h"

#include <nlohmann/json.hpp>

namespace subledger::bench {
namespace {

using Json = nlohmann::ordered_json;

Json Envelope(const std::string& type, Json object) {
  Json e;
  e["id"] = "evt_" + Slot('e');
  e["object"] = "event";
  e["api_version"] = "2024-06-20";
  e["created"] = 1731000000;
  e["data"] = {{"object", std::move(object)},
               {"previous_attributes", {{"status", "trialing"}}}};
  e["livemode"] = false;
  e["pending_webhooks"] = 1;
  e["request"] = {{"id", "req_Qk8dJ2mN4pL7sV"}, {"idempotency_key", "0f6a5c1e-7b2d-4e8f-9a3c-5d7e1f2b4c6a"}};
  e["type"] = type;
  return e;
}

Json Price() {
  return {{"id", "price_1PgHq02eZvKYlo2CkLmN"}, {"object", "price"}, {"active", true},
          {"billing_scheme", "per_unit"}, {"created", 1719000000}, {"currency", "usd"},
          {"livemode", false}, {"lookup_key", nullptr}, {"metadata", Json::object()},
          {"nickname", "Pro monthly"}, {"product", "prod_QXyZ12345"},
          {"recurring", {{"aggregate_usage", nullptr}, {"interval", "month"}, {"interval_count", 1},
                         {"trial_period_days", nullptr}, {"usage_type", "licensed"}}},
          {"tax_behavior", "exclusive"}, {"type", "recurring"}, {"unit_amount", 2900},
          {"unit_amount_decimal", "2900"}};
}

Json Subscription() {
  Json item = {{"id", "si_Q9a8s7d6f5g4h3"}, {"object", "subscription_item"}, {"created", 1731000000},
                       {"current_period_end", 1733592000}, {"current_period_start", 1731000000},
                       {"metadata", Json::object()}, {"price", Price()}, {"quantity", 3},
                       {"subscription", "sub_" + Slot('s')}, {"tax_rates", Json::array()}};
  return {{"id", "sub_" + Slot('s')}, {"object", "subscription"}, {"application", nullptr},
          {"billing_cycle_anchor", 1731000000}, {"cancel_at", nullptr}, {"cancel_at_period_end", false},
          {"canceled_at", nullptr}, {"collection_method", "charge_automatically"}, {"created", 1731000000},
          {"currency", "usd"}, {"customer", "cus_" + Slot('c')}, {"default_payment_method", "pm_1PgHqK2eZvKYlo2C"},
          {"discounts", Json::array()}, {"ended_at", nullptr},
          {"items", {{"object", "list"}, {"data", {item}}, {"has_more", false}, {"total_count", 1},
                     {"url", "/v1/subscription_items?subscription=sub_" + Slot('s')}}},
          {"latest_invoice", "in_1PgHqL2eZvKYlo2C"}, {"livemode", false}, {"metadata", {{"plan", "pro"}}},
          {"start_date", 1731000000}, {"status", "active"}, {"trial_end", nullptr}, {"trial_start", nullptr}};
}

Json Invoice() {
  Json line = {{"id", "il_1PgHqL2eZvKYlo2Cabcd"}, {"object", "line_item"}, {"amount", 8700},
                       {"currency", "usd"}, {"description", "3 x Pro (at $29.00 / month)"},
                       {"discountable", true}, {"livemode", false}, {"metadata", Json::object()},
                       {"period", {{"end", 1733592000}, {"start", 1731000000}}}, {"price", Price()},
                       {"proration", false}, {"quantity", 3}, {"subscription", "sub_" + Slot('s')},
                       {"type", "subscription"}};
  return {{"id", "in_" + Slot('e')}, {"object", "invoice"}, {"account_country", "US"},
          {"amount_due", 8700}, {"amount_paid", 8700}, {"amount_remaining", 0}, {"attempt_count", 1},
          {"attempted", true}, {"billing_reason", "subscription_cycle"}, {"collection_method", "charge_automatically"},
          {"created", 1731000000}, {"currency", "usd"}, {"customer", "cus_" + Slot('c')},
          {"customer_email", "jenny.rosen@example.com"}, {"lines", {{"object", "list"}, {"data", {line}},
                                                                    {"has_more", false}, {"total_count", 1}}},
          {"livemode", false}, {"paid", true}, {"period_end", 1731000000}, {"period_start", 1728408000},
          {"status", "paid"}, {"subscription", "sub_" + Slot('s')}, {"subtotal", 8700}, {"tax", nullptr},
          {"total", 8700}, {"total_discount_amounts", Json::array()}};
}

Json PaymentIntent() {
  return {{"id", "pi_" + Slot('e')}, {"object", "payment_intent"}, {"amount", 8700},
          {"amount_capturable", 0}, {"amount_received", 8700}, {"application", nullptr},
          {"capture_method", "automatic"}, {"created", 1731000000}, {"currency", "usd"},
          {"customer", "cus_" + Slot('c')}, {"description", "Subscription update"},
          {"invoice", "in_" + Slot('e')}, {"last_payment_error", nullptr},
          {"latest_charge", "ch_" + Slot('e')}, {"livemode", false}, {"metadata", Json::object()},
          {"payment_method", "pm_1PgHqK2eZvKYlo2C"},
          {"payment_method_options", {{"card", {{"installments", nullptr}, {"network", nullptr},
                                                {"request_three_d_secure", "automatic"}}}}},
          {"payment_method_types", {"card"}}, {"status", "succeeded"}};
}

// Pads metadata so the pretty-printed body is `target` bytes once the slots
// are filled (as the old generator did).
BodyVariant Build(Json event, size_t target) {
  auto filled = [&] { return BodyTemplate::Compile(event.dump(2)).size(); };
  if (filled() < target) {
    event["data"]["object"]["metadata"]["note"] = "";
    const size_t base = filled();
    event["data"]["object"]["metadata"]["note"] = std::string(target > base ? target - base : 0, 'x');
  }
  return MakeVariant(1, event.dump(2), event["data"]["object"].dump());
}

}  // namespace

BodyMix SmallMix() {
  BodyMix mix;
  mix.name = "small";
  mix.types = {{"customer.subscription.updated", 100.0 / 3}, {"invoice.paid", 100.0 / 3},
               {"payment_intent.succeeded", 100.0 / 3}};
  mix.pool = {{{Build(Envelope("customer.subscription.updated", Subscription()), 3200)}},
              {{Build(Envelope("invoice.paid", Invoice()), 3900)}},
              {{Build(Envelope("payment_intent.succeeded", PaymentIntent()), 2300)}}};
  return mix;
}

}  // namespace subledger::bench
