// FakeStripeServer's objects: storage per account (Connect), GET of one
// subscription or price, and Stripe's rendering of expandable fields.
#include <algorithm>
#include <cstring>
#include <set>

#include "tests/stripe/fake_stripe_server.h"

namespace subledger::testing {
namespace {

using Json = nlohmann::ordered_json;

struct Collection {
  const char* prefix;  // "/v1/prices/"
  const char* noun;    // "price"
  std::set<std::string> expandable;
};

const Collection kSubscriptions{"/v1/subscriptions/", "subscription",
                                {"discounts", "items.data.price.tiers", "items.data.price.product", "customer",
                                 "latest_invoice", "default_payment_method"}};
const Collection kPrices{"/v1/prices/", "price", {"tiers", "product", "currency_options"}};

Json Error(const std::string& message, const std::string& code = "", const std::string& param = "") {
  Json error;
  if (!code.empty()) error["code"] = code;
  error["message"] = message;
  if (!param.empty()) error["param"] = param;
  error["type"] = "invalid_request_error";
  return Json{{"error", error}};
}

bool Has(const std::vector<std::string>& expand, const char* path) {
  return std::find(expand.begin(), expand.end(), path) != expand.end();
}

// A subscription as Stripe renders it for `expand`.
Json RenderSubscription(Json sub, const std::vector<std::string>& expand) {
  if (!Has(expand, "discounts") && sub.contains("discounts") && sub["discounts"].is_array()) {
    for (Json& d : sub["discounts"]) {
      if (d.is_object()) d = d["id"];
    }
  }
  if (!Has(expand, "items.data.price.tiers") && sub.contains("items") && sub["items"].contains("data")) {
    for (Json& item : sub["items"]["data"]) {
      for (const char* field : {"price", "plan"}) {
        if (item.contains(field) && item[field].is_object()) item[field].erase("tiers");
      }
    }
  }
  return sub;
}

Json RenderPrice(Json price, const std::vector<std::string>& expand) {
  if (!Has(expand, "tiers")) price.erase("tiers");
  return price;
}

void InsertEvents(std::vector<Json>* events, const std::vector<Json>& added) {
  std::set<std::string> ids;
  for (const Json& e : *events) ids.insert(e["id"].get<std::string>());
  for (const Json& e : added) {
    if (ids.insert(e["id"].get<std::string>()).second) events->push_back(e);
  }
  auto created = [](const Json& e) { return e.contains("created") && e["created"].is_number_integer() ? e["created"].get<int64_t>() : 0; };
  std::stable_sort(events->begin(), events->end(), [&](const Json& a, const Json& b) {
    if (created(a) != created(b)) return created(a) > created(b);
    return a["id"].get<std::string>() > b["id"].get<std::string>();
  });
}

}  // namespace

void FakeStripeServer::AddEvents(const std::vector<Json>& events, const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  InsertEvents(&accounts_[account].events, events);
}

void FakeStripeServer::PutSubscription(const Json& subscription, const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[account].subscriptions[subscription["id"].get<std::string>()] = subscription;
}

void FakeStripeServer::PutPrice(const Json& price, const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[account].prices[price["id"].get<std::string>()] = price;
}

void FakeStripeServer::AddAccount(const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[account];
}

FakeStripeServer::AccountData* FakeStripeServer::DataFor(const RecordedRequest& request, Response* error) {
  const std::string account = request.Header("stripe-account");
  auto it = accounts_.find(account);
  if (it != accounts_.end()) return &it->second;
  error->status = 403;
  error->body = Error("The provided key 'sk_test_****" + options_.secret_key.substr(options_.secret_key.size() - 4) +
                          "' does not have access to account '" + account +
                          "' (or that account does not exist). Application access may have been revoked.",
                      "account_invalid")
                    .dump();
  return nullptr;
}

FakeStripeServer::Response FakeStripeServer::GetObject(const RecordedRequest& request) {
  const Collection* collection = nullptr;
  for (const Collection* c : {&kSubscriptions, &kPrices}) {
    if (request.path.rfind(c->prefix, 0) == 0) collection = c;
  }
  if (collection == nullptr) {
    return Response{404, Error("Unrecognized request URL (GET: " + request.path + ").").dump(), {}};
  }
  const std::vector<std::string> expand = request.QueryAll("expand[]");
  for (size_t i = 0; i < expand.size(); ++i) {
    if (!collection->expandable.count(expand[i])) {
      return Response{400, Error("This property cannot be expanded (" + expand[i] + ").", "",
                                 "expand[" + std::to_string(i) + "]").dump(), {}};
    }
  }
  const std::string id = request.path.substr(std::strlen(collection->prefix));
  std::lock_guard<std::mutex> lock(mu_);
  Response error;
  AccountData* data = DataFor(request, &error);
  if (data == nullptr) return error;
  const bool prices = collection == &kPrices;
  auto& objects = prices ? data->prices : data->subscriptions;
  auto it = objects.find(id);
  if (it == objects.end()) {
    return Response{404, Error(std::string("No such ") + collection->noun + ": '" + id + "'", "resource_missing",
                               "id").dump(), {}};
  }
  Json rendered = prices ? RenderPrice(it->second, expand) : RenderSubscription(it->second, expand);
  return Response{200, rendered.dump(), {}};
}

FakeStripeServer::Response FakeStripeServer::GetCustomer(const RecordedRequest& request) {
  const std::string id = request.path.substr(std::strlen("/v1/customers/"));
  std::lock_guard<std::mutex> lock(mu_);
  Response error;
  AccountData* data = DataFor(request, &error);
  if (data == nullptr) return error;
  auto it = data->customers.find(id);
  if (it == data->customers.end()) {
    return Response{404, Error("No such customer: '" + id + "'", "resource_missing", "id").dump(), {}};
  }
  return Response{200, it->second.dump(), {}};
}

}  // namespace subledger::testing
