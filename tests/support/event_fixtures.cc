#include "tests/support/event_fixtures.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {

std::vector<EventFixture> StripeEventFixtures() {
  std::vector<EventFixture> out;
  const std::filesystem::path root = std::filesystem::path(SharedDir()) / "fixtures" / "stripe";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string body = ReadFile(entry.path().string());
    auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("object") || j["object"] != "event") continue;
    if (!j.contains("id") || !j["id"].is_string() || !j.contains("type") || !j["type"].is_string()) continue;
    out.push_back({entry.path().string(), std::move(body), j["id"].get<std::string>(),
                   j["type"].get<std::string>()});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

std::string SyntheticEvent(const std::string& id, int64_t created, const std::string& type) {
  const std::string sub = "sub_" + id.substr(id.size() > 12 ? id.size() - 12 : 0);
  const std::string ts = std::to_string(created);
  return std::string(R"({"id":")") + id + R"(","object":"event","api_version":"2024-06-20","created":)" + ts +
         R"(,"data":{"object":{"id":")" + sub +
         R"(","object":"subscription","application":null,"billing_cycle_anchor":)" + ts +
         R"(,"cancel_at":null,"cancel_at_period_end":false,"canceled_at":null,"collection_method":"charge_automatically","created":)" +
         ts + R"(,"currency":"usd","current_period_end":)" + std::to_string(created + 2592000) +
         R"(,"current_period_start":)" + ts +
         R"(,"customer":"cus_Q1w2e3r4t5y6u7","default_payment_method":"pm_1PgHqK2eZvKYlo2C","description":null,"discount":null,"ended_at":null,)"
         R"("items":{"object":"list","data":[{"id":"si_Q9a8s7d6f5g4h3","object":"subscription_item","created":)" + ts +
         R"(,"metadata":{},"price":{"id":"price_1PgHq02eZvKYlo2CkLmN","object":"price","active":true,"billing_scheme":"per_unit","created":1719000000,"currency":"usd","livemode":false,"lookup_key":null,"metadata":{},"nickname":"Pro monthly","product":"prod_QXyZ12345","recurring":{"aggregate_usage":null,"interval":"month","interval_count":1,"trial_period_days":null,"usage_type":"licensed"},"tax_behavior":"exclusive","type":"recurring","unit_amount":2900,"unit_amount_decimal":"2900"},"quantity":1,"subscription":")" +
         sub + R"(","tax_rates":[]}],"has_more":false,"total_count":1,"url":"/v1/subscription_items?subscription=)" + sub +
         R"("},"latest_invoice":"in_1PgHqL2eZvKYlo2C","livemode":false,"metadata":{"plan":"pro"},"start_date":)" + ts +
         R"(,"status":"active","trial_end":null,"trial_start":null},"previous_attributes":{"status":"trialing"}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_8d7f6g5h4j3k2l","idempotency_key":"6b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"},"type":")" +
         type + R"("})";
}

}  // namespace subledger::testing
