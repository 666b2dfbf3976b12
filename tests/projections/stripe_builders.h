// Builders for hand-written Stripe events in projection tests, and Fold: the
// projections' own pipeline (ExtractEnvelope -> ExtractFact -> ProjectionState
// -> BuildReport) in memory.
//
// Thread safety: values and pure functions.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledger/event_envelope.h"
#include "projections/calendar.h"
#include "projections/customer_walk.h"
#include "projections/event_fact.h"
#include "projections/projection_state.h"
#include "projections/revenue_report.h"

namespace subledger::testing::build {

using nlohmann::json;

// UTC seconds of a date and time.
inline int64_t At(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) {
  return MonthStartUnix(year * 12 + month - 1) + (day - 1) * 86400LL + hour * 3600LL + minute * 60LL + second;
}

// A recurring price. `unit` is an integer number of cents, a decimal string
// (unit_amount_decimal with unit_amount null), or null (tiered).
inline json Price(const std::string& id, json unit, const std::string& interval = "month", int count = 1,
                  const std::string& currency = "usd", const std::string& usage = "licensed") {
  json p = {{"id", id},
            {"object", "price"},
            {"billing_scheme", unit.is_null() ? "tiered" : "per_unit"},
            {"currency", currency},
            {"recurring", {{"interval", interval}, {"interval_count", count}, {"usage_type", usage}}},
            {"type", "recurring"}};
  if (unit.is_string()) {
    p["unit_amount"] = nullptr;
    p["unit_amount_decimal"] = unit;
  } else if (unit.is_null()) {
    p["unit_amount"] = nullptr;
    p["unit_amount_decimal"] = nullptr;
  } else {
    p["unit_amount"] = unit;
    p["unit_amount_decimal"] = std::to_string(unit.get<int64_t>());
  }
  return p;
}

inline json Item(json price, int64_t quantity = 1) {
  return {{"id", "si_" + price["id"].get<std::string>()}, {"object", "subscription_item"}, {"price", price},
          {"quantity", quantity}};
}

// A current-shape (basil) subscription with no discount, pause or cancellation.
inline json Subscription(const std::string& id, const std::string& customer, const std::string& status,
                         std::vector<json> items, const std::string& currency = "usd") {
  return {{"id", id},
          {"object", "subscription"},
          {"customer", customer},
          {"status", status},
          {"currency", currency},
          {"items", {{"object", "list"}, {"data", items}}},
          {"cancel_at", nullptr},
          {"cancel_at_period_end", false},
          {"cancellation_details", {{"comment", nullptr}, {"feedback", nullptr}, {"reason", nullptr}}},
          {"pause_collection", nullptr},
          {"discounts", json::array()},
          {"trial_end", nullptr}};
}

// A monthly subscription of `quantity` × `cents`.
inline json Monthly(const std::string& id, const std::string& customer, int64_t cents, int64_t quantity = 1,
                    const std::string& currency = "usd") {
  return Subscription(id, customer, "active", {Item(Price("price_" + id, cents, "month", 1, currency), quantity)},
                      currency);
}

inline json Coupon(const std::string& duration, json percent_off, json amount_off = nullptr, json currency = nullptr) {
  return {{"id", "co_" + duration}, {"object", "coupon"}, {"duration", duration}, {"percent_off", percent_off},
          {"amount_off", amount_off}, {"currency", currency}};
}

inline json Discount(const std::string& id, json coupon) {
  return {{"id", id}, {"object", "discount"}, {"coupon", coupon}};
}

// An event envelope around `object`, as Stripe sends it.
inline std::string Event(const std::string& id, const std::string& type, int64_t created, const json& object) {
  json e = {{"id", id},
            {"object", "event"},
            {"api_version", "2025-03-31.basil"},
            {"created", created},
            {"data", {{"object", object}}},
            {"livemode", false},
            {"pending_webhooks", 1},
            {"request", {{"id", nullptr}, {"idempotency_key", nullptr}}},
            {"type", type}};
  return e.dump();
}

inline std::string PaymentIntent(const std::string& id, const std::string& type, int64_t created, int64_t amount,
                                 const std::string& currency = "usd") {
  json pi = {{"id", "pi_" + id}, {"object", "payment_intent"}, {"amount", amount},
             {"amount_received", type == "payment_intent.succeeded" ? amount : 0}, {"currency", currency}};
  return Event(id, type, created, pi);
}

// The projections' pipeline, in memory: every Add is one ApplyBatch.
class Fold {
 public:
  void Add(const std::string& body) {
    auto env = ExtractEnvelope(body);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    bodies_.push_back(body);
    facts_.push_back(ExtractFact(++seq_, *env, body));
    ASSERT_TRUE(state_.ApplyBatch({facts_.back()}, seq_).ok());
    state_.TakeWrites();
    snapshot_ = state_.Snapshot(snapshot_);
  }
  // The report of the default book (§0).
  RevenueReport Report() const {
    if (!snapshot_) return BuildReport(RevenueTotals());
    return BuildReport(*snapshot_->Find(snapshot_->DefaultBook()));
  }
  std::string Json() const { return RenderReportJson(Report()); }
  // Every book's report, labelled.
  std::string AllBooks() const {
    std::string out;
    if (!snapshot_) return out;
    for (const auto& [book, totals] : snapshot_->books) {
      out += BookLabel(book) + "\n" + RenderReportJson(BuildReport(*totals));
    }
    return out;
  }

  CurrencyRow Currency(const std::string& currency) const {
    for (const CurrencyRow& c : Report().currencies) {
      if (c.currency == currency) return c;
    }
    ADD_FAILURE() << "no currency row " << currency;
    return CurrencyRow{};
  }
  MonthRow Month(const std::string& currency, int year, int month) const {
    for (const MonthRow& m : Report().months) {
      if (m.currency == currency && m.month == year * 12 + month - 1) return m;
    }
    ADD_FAILURE() << "no month row " << currency << " " << year << "-" << month;
    return MonthRow{};
  }
  // Movements of one customer of the default book, derived by the
  // projections from its facts and the book's known objects.
  std::vector<Movement> Movements(const std::string& customer) {
    if (!snapshot_) return {};
    BookState* book = state_.FindBook(snapshot_->DefaultBook());
    if (book == nullptr) return {};
    auto record = book->Customer(customer);
    EXPECT_TRUE(record.ok());
    if (!record.ok() || *record == nullptr) return {};
    return DeriveCustomer((*record)->facts, WalkContext{&book->catalog(), book->totals().max_created}).movements;
  }
  const std::vector<EventFact>& facts() const { return facts_; }
  const std::vector<std::string>& bodies() const { return bodies_; }

 private:
  ProjectionState state_;
  std::shared_ptr<const ProjectionSnapshot> snapshot_;
  SequenceNumber seq_ = 0;
  std::vector<EventFact> facts_;
  std::vector<std::string> bodies_;
};

}  // namespace subledger::testing::build
