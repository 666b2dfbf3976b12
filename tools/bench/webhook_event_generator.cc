#include "tools/bench/webhook_event_generator.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>

#include <nlohmann/json.hpp>

namespace subledger::bench {

namespace {

using nlohmann::ordered_json;

// Slots in the templates, replaced per event (widths as in real Stripe ids):
//   kSlot         the event's unique token                      (24 chars)
//   kSubSlot      its customer's subscription token             (24 chars)
//   kCustomerSlot its customer's token                          (14 chars)
// Events go round-robin over kCustomers customers with one subscription
// each, so the projector sees a realistic spread of customers (a single
// customer owning every event would be a different, pathological benchmark).
constexpr const char* kSlot = "@@@@@@@@@@@@@@@@@@@@@@@@";
constexpr const char* kSubSlot = "########################";
constexpr const char* kCustomerSlot = "%%%%%%%%%%%%%%";
constexpr size_t kTokenWidth = 24;
constexpr uint64_t kCustomers = 20000;

ordered_json Envelope(const std::string& type, ordered_json object) {
  ordered_json e;
  e["id"] = std::string("evt_") + kSlot;
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

ordered_json Price() {
  return {{"id", "price_1PgHq02eZvKYlo2CkLmN"}, {"object", "price"}, {"active", true},
          {"billing_scheme", "per_unit"}, {"created", 1719000000}, {"currency", "usd"},
          {"livemode", false}, {"lookup_key", nullptr}, {"metadata", ordered_json::object()},
          {"nickname", "Pro monthly"}, {"product", "prod_QXyZ12345"},
          {"recurring", {{"aggregate_usage", nullptr}, {"interval", "month"}, {"interval_count", 1},
                         {"trial_period_days", nullptr}, {"usage_type", "licensed"}}},
          {"tax_behavior", "exclusive"}, {"type", "recurring"}, {"unit_amount", 2900},
          {"unit_amount_decimal", "2900"}};
}

ordered_json Subscription() {
  ordered_json item = {{"id", "si_Q9a8s7d6f5g4h3"}, {"object", "subscription_item"}, {"created", 1731000000},
                       {"current_period_end", 1733592000}, {"current_period_start", 1731000000},
                       {"metadata", ordered_json::object()}, {"price", Price()}, {"quantity", 3},
                       {"subscription", std::string("sub_") + kSubSlot}, {"tax_rates", ordered_json::array()}};
  return {{"id", std::string("sub_") + kSubSlot}, {"object", "subscription"}, {"application", nullptr},
          {"billing_cycle_anchor", 1731000000}, {"cancel_at", nullptr}, {"cancel_at_period_end", false},
          {"canceled_at", nullptr}, {"collection_method", "charge_automatically"}, {"created", 1731000000},
          {"currency", "usd"}, {"customer", std::string("cus_") + kCustomerSlot}, {"default_payment_method", "pm_1PgHqK2eZvKYlo2C"},
          {"discounts", ordered_json::array()}, {"ended_at", nullptr},
          {"items", {{"object", "list"}, {"data", {item}}, {"has_more", false}, {"total_count", 1},
                     {"url", std::string("/v1/subscription_items?subscription=sub_") + kSubSlot}}},
          {"latest_invoice", "in_1PgHqL2eZvKYlo2C"}, {"livemode", false}, {"metadata", {{"plan", "pro"}}},
          {"start_date", 1731000000}, {"status", "active"}, {"trial_end", nullptr}, {"trial_start", nullptr}};
}

ordered_json Invoice() {
  ordered_json line = {{"id", "il_1PgHqL2eZvKYlo2Cabcd"}, {"object", "line_item"}, {"amount", 8700},
                       {"currency", "usd"}, {"description", "3 x Pro (at $29.00 / month)"},
                       {"discountable", true}, {"livemode", false}, {"metadata", ordered_json::object()},
                       {"period", {{"end", 1733592000}, {"start", 1731000000}}}, {"price", Price()},
                       {"proration", false}, {"quantity", 3}, {"subscription", std::string("sub_") + kSubSlot},
                       {"type", "subscription"}};
  return {{"id", std::string("in_") + kSlot}, {"object", "invoice"}, {"account_country", "US"},
          {"amount_due", 8700}, {"amount_paid", 8700}, {"amount_remaining", 0}, {"attempt_count", 1},
          {"attempted", true}, {"billing_reason", "subscription_cycle"}, {"collection_method", "charge_automatically"},
          {"created", 1731000000}, {"currency", "usd"}, {"customer", std::string("cus_") + kCustomerSlot},
          {"customer_email", "jenny.rosen@example.com"}, {"lines", {{"object", "list"}, {"data", {line}},
                                                                    {"has_more", false}, {"total_count", 1}}},
          {"livemode", false}, {"paid", true}, {"period_end", 1731000000}, {"period_start", 1728408000},
          {"status", "paid"}, {"subscription", std::string("sub_") + kSubSlot}, {"subtotal", 8700}, {"tax", nullptr},
          {"total", 8700}, {"total_discount_amounts", ordered_json::array()}};
}

ordered_json PaymentIntent() {
  return {{"id", std::string("pi_") + kSlot}, {"object", "payment_intent"}, {"amount", 8700},
          {"amount_capturable", 0}, {"amount_received", 8700}, {"application", nullptr},
          {"capture_method", "automatic"}, {"created", 1731000000}, {"currency", "usd"},
          {"customer", std::string("cus_") + kCustomerSlot}, {"description", "Subscription update"},
          {"invoice", std::string("in_") + kSlot}, {"last_payment_error", nullptr},
          {"latest_charge", std::string("ch_") + kSlot}, {"livemode", false}, {"metadata", ordered_json::object()},
          {"payment_method", "pm_1PgHqK2eZvKYlo2C"},
          {"payment_method_options", {{"card", {{"installments", nullptr}, {"network", nullptr},
                                                {"request_three_d_secure", "automatic"}}}}},
          {"payment_method_types", {"card"}}, {"status", "succeeded"}};
}

// Pads metadata so the pretty-printed body is `target` bytes, then splits
// the body at each slot.
WebhookEventGenerator::Template Build(ordered_json event, size_t target) {
  std::string body = event.dump(2);
  if (body.size() < target) {
    event["data"]["object"]["metadata"]["note"] = "";
    size_t base = event.dump(2).size();
    event["data"]["object"]["metadata"]["note"] = std::string(target > base ? target - base : 0, 'x');
    body = event.dump(2);
  }
  WebhookEventGenerator::Template t;
  size_t pos = 0;
  for (;;) {
    size_t best = std::string::npos;
    char kind = 0;
    size_t width = 0;
    for (auto [slot, k] : {std::pair{kSlot, 'e'}, std::pair{kSubSlot, 's'}, std::pair{kCustomerSlot, 'c'}}) {
      size_t hit = body.find(slot, pos);
      if (hit < best) best = hit, kind = k, width = std::char_traits<char>::length(slot);
    }
    if (best == std::string::npos) break;
    t.segments.push_back(body.substr(pos, best - pos));
    t.slots.push_back(kind);
    pos = best + width;
  }
  t.segments.push_back(body.substr(pos));
  return t;
}

}  // namespace

WebhookEventGenerator::WebhookEventGenerator(std::string secret, std::string run_tag)
    : secret_(std::move(secret)), run_tag_(std::move(run_tag)) {
  run_tag_.resize(8, '0');
  templates_.push_back(Build(Envelope("customer.subscription.updated", Subscription()), 3200));
  templates_.push_back(Build(Envelope("invoice.paid", Invoice()), 3900));
  templates_.push_back(Build(Envelope("payment_intent.succeeded", PaymentIntent()), 2300));
}

std::vector<size_t> WebhookEventGenerator::TemplateSizes() const {
  std::vector<size_t> sizes;
  for (const auto& t : templates_) {
    size_t n = 0;
    for (char k : t.slots) n += k == 'c' ? std::char_traits<char>::length(kCustomerSlot) : kTokenWidth;
    for (const auto& s : t.segments) n += s.size();
    sizes.push_back(n);
  }
  return sizes;
}

void WebhookEventGenerator::NextRequest(const std::string& host_header, const std::string& path, int64_t now,
                                        std::string* out) {
  const uint64_t n = counter_++;
  const Template& t = templates_[n % templates_.size()];
  const auto customer = static_cast<unsigned long long>(n % kCustomers);
  char token[kTokenWidth + 1], sub[kTokenWidth + 1], cus[kTokenWidth + 1];
  std::snprintf(token, sizeof token, "%s%016llu", run_tag_.c_str(), static_cast<unsigned long long>(n));
  std::snprintf(sub, sizeof sub, "%ss%015llu", run_tag_.c_str(), customer);
  std::snprintf(cus, sizeof cus, "%s%06llu", run_tag_.c_str(), customer);
  body_.clear();
  for (size_t i = 0; i < t.segments.size(); ++i) {
    if (i > 0) body_ += t.slots[i - 1] == 'e' ? token : t.slots[i - 1] == 's' ? sub : cus;
    body_ += t.segments[i];
  }
  // Stripe-Signature: t=<now>,v1=hex(HMAC-SHA256(secret, "<now>.<body>")).
  const std::string ts = std::to_string(now);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  std::string signed_payload;
  signed_payload.reserve(ts.size() + 1 + body_.size());
  signed_payload.append(ts).append(".").append(body_);
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(signed_payload.data()), signed_payload.size(), mac, &mac_len);
  static const char kHex[] = "0123456789abcdef";
  out->clear();
  out->reserve(body_.size() + 400);
  out->append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host_header);
  out->append("\r\nUser-Agent: Stripe/1.0 (+https://stripe.com/docs/webhooks)\r\n"
              "Content-Type: application/json; charset=utf-8\r\nStripe-Signature: t=");
  out->append(ts).append(",v1=");
  for (unsigned int i = 0; i < mac_len; ++i) {
    out->push_back(kHex[mac[i] >> 4]);
    out->push_back(kHex[mac[i] & 0xf]);
  }
  out->append("\r\nContent-Length: ").append(std::to_string(body_.size())).append("\r\n\r\n");
  out->append(body_);
}

}  // namespace subledger::bench
