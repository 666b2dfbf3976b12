// GeneratedStream: a structural index of an event stream from tools/eventgen,
// for the generator's own tests. It parses every body (nlohmann::json) and
// counts, per book (spec §0), the revenue-model-v2 shapes the stream holds:
// books, Accounts v2 customers, id-only discounts and what resolves them,
// clover coupon ids, silent expiries, tier modes and tier sources, transforms,
// negative quantities, trial outcomes, extremes, and ids shared across books.
//
// It computes no figure of the revenue model (no MRR, no movement): those
// are the projections' and the oracle's business. Expects distinct events in
// canonical order (no shuffle, no duplicates).
//
// Thread safety: a value; build and read on one thread.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/eventgen/event_generator.h"

namespace subledger::eventgen::test_support {

using nlohmann::json;

struct Coverage {
  std::map<std::string, int> books;  // "platform/live", "platform/test", "connect/live", "connect/test"
  int account_null = 0, account_empty = 0;
  int customer_account_null = 0, customer_account_absent = 0;  // subscription events
  // Distinct (book, discount id) named only by id in discounts[].
  // Resolved by a customer.discount.* event (late: after the first state naming it), else by
  // an acacia `discount` object, else by a snapshot's expanded entry only, else unresolved.
  int id_only_by_event = 0, id_only_late_event = 0, id_only_by_legacy = 0, id_only_by_snapshot_only = 0,
      id_only_unresolved = 0;
  int legacy_discount = 0, discount_deleted = 0, silent_expiry = 0;
  int clover_coupon_announced = 0, clover_coupon_unannounced = 0;  // distinct (book, coupon id)
  int amount_off_upper = 0, amount_off_lower = 0;
  std::map<std::string, int> tiers_mode;   // volume, graduated (items)
  std::map<std::string, int> tier_source;  // item, price_event, price_snapshot, none: distinct (book, price id)
  int transform_quantity = 0, transform_usage = 0, negative_quantity = 0, metered = 0;
  std::map<std::string, int> trial_end;    // first status after trialing: active, canceled, paused, incomplete
  int trial_incomplete_expired = 0;        // trials that became incomplete_expired without paying
  int64_t max_unit_amount = 0, max_quantity = 0;
  size_t max_discounts = 0;
  int fractional_percent = 0;
  std::map<std::string, int> ids, shared_ids;  // kind (cus, sub, di, price) -> distinct ids, ids in 2+ books
};

class GeneratedStream {
 public:
  explicit GeneratedStream(const std::vector<GeneratedEvent>& events) {
    for (const GeneratedEvent& e : events) Index(json::parse(e.body));
    Summarize();
  }
  const Coverage& coverage() const { return c_; }

 private:
  using BookId = std::pair<std::string, std::string>;  // book, object id
  enum class From { kEvent, kLegacyField, kExpandedEntry };

  static std::string Str(const json& j) { return j.get<std::string>(); }

  static std::string BookOf(const json& e) {
    const bool live = e.value("livemode", false);
    const bool connect = e.contains("account") && e.at("account").is_string() && !e.at("account").get<std::string>().empty();
    return std::string(connect ? "connect/" : "platform/") + (live ? "live" : "test") +
           (connect ? ":" + e.at("account").get<std::string>() : "");
  }
  static std::string Kind(const std::string& book) { return book.substr(0, book.find(':')); }

  void Index(const json& e) {
    const std::string book = BookOf(e), type = Str(e.at("type")), kind = Kind(book);
    ++c_.books[kind];
    if (e.contains("account") && e.at("account").is_null()) ++c_.account_null;
    if (e.contains("account") && e.at("account") == "") ++c_.account_empty;
    const json& o = e.at("data").at("object");
    const int64_t created = e.at("created");
    last_created_ = std::max(last_created_, created);
    if (type.rfind("customer.discount.", 0) == 0) DiscountCarrier(book, o, created, type);
    if (type == "coupon.created") announced_coupons_.insert({book, Str(o.at("id"))});
    if (type == "price.created" || type == "price.updated") price_events_.insert({book, Str(o.at("id"))});
    if (type == "subledger.price.snapshot") price_snapshots_.insert({book, Str(o.at("id"))});
    if (o.value("object", "") == "subscription") Subscription(book, o, created);
  }

  void DiscountCarrier(const std::string& book, const json& d, int64_t created, const std::string& type) {
    const BookId key{book, Str(d.at("id"))};
    discount_events_.insert(key);
    if (!first_discount_event_.count(key)) first_discount_event_[key] = created;
    if (type == "customer.discount.deleted") {
      ++c_.discount_deleted;
      deletions_.insert(key);
    }
    DiscountObject(book, d, From::kEvent);
  }

  void DiscountObject(const std::string& book, const json& d, From from) {
    const BookId key{book, Str(d.at("id"))};
    if (from == From::kLegacyField) legacy_discounts_.insert(key);
    if (from == From::kExpandedEntry) expanded_discounts_.insert(key);
    Share("di", book, key.second);
    const json* coupon = d.contains("coupon") ? &d.at("coupon") : &d.at("source").at("coupon");
    if (coupon->is_string()) {
      clover_coupons_.insert({book, Str(*coupon)});
    } else {
      expanded_coupons_.insert({book, Str((*coupon).at("id"))});
      if ((*coupon).at("amount_off").is_number_integer()) {
        const std::string cur = Str((*coupon).at("currency"));
        ++(cur == "usd" || cur == "eur" || cur == "gbp" ? c_.amount_off_lower : c_.amount_off_upper);
      }
      if ((*coupon).at("percent_off").is_number_float()) ++c_.fractional_percent;
    }
    if (d.at("end").is_number_integer() && d.at("subscription").is_string()) {
      ends_[key] = {d.at("end").get<int64_t>(), Str(d.at("subscription"))};
    }
  }

  void Subscription(const std::string& book, const json& o, int64_t created) {
    const std::string sub = Str(o.at("id"));
    Share("sub", book, sub);
    if (o.contains("customer_account")) ++(o.contains("customer") ? c_.customer_account_null : c_.customer_account_absent);
    const bool cus = o.contains("customer") && o.at("customer").is_string();
    Share("cus", book, Str(cus ? o.at("customer") : o.at("customer_account")));
    states_[{book, sub}].push_back({created, Str(o.at("status"))});
    if (o.contains("discount") && o.at("discount").is_object()) {
      ++c_.legacy_discount;
      DiscountObject(book, o.at("discount"), From::kLegacyField);
    }
    const json& ds = o.contains("discounts") ? o.at("discounts") : json::array();
    c_.max_discounts = std::max(c_.max_discounts, ds.size());
    for (const json& d : ds) {
      if (d.is_object()) {
        DiscountObject(book, d, From::kExpandedEntry);
        continue;
      }
      Share("di", book, Str(d));
      first_named_.insert({{book, Str(d)}, created});
    }
    for (const json& item : o.at("items").at("data")) Item(book, item);
  }

  void Item(const std::string& book, const json& item) {
    const json& p = item.contains("price") ? item.at("price") : item.at("plan");
    const BookId key{book, Str(p.at("id"))};
    Share("price", book, key.second);
    if (p.at("billing_scheme") == "tiered") {
      ++c_.tiers_mode[Str(p.at("tiers_mode"))];
      tiered_.insert(key);
      if (p.contains("tiers")) tiers_on_items_.insert(key);
    }
    if (p.contains("transform_quantity") && p.at("transform_quantity").is_object()) ++c_.transform_quantity;
    if (p.contains("transform_usage") && p.at("transform_usage").is_object()) ++c_.transform_usage;
    const json& rec = p.contains("recurring") ? p.at("recurring") : p;
    if (rec.at("usage_type") == "metered") ++c_.metered;
    const json& unit = p.contains("unit_amount") ? p.at("unit_amount") : p.at("amount");
    if (unit.is_number_integer()) c_.max_unit_amount = std::max(c_.max_unit_amount, unit.get<int64_t>());
    if (item.contains("quantity")) {
      const int64_t q = item.at("quantity");
      if (q < 0) ++c_.negative_quantity;
      c_.max_quantity = std::max(c_.max_quantity, q);
    }
  }

  void Share(const std::string& kind, const std::string& book, const std::string& id) { books_of_[kind][id].insert(book); }

  void Summarize() {
    for (const auto& [key, named_at] : first_named_) IdOnlyDiscount(key, named_at);
    for (const auto& key : clover_coupons_) {
      ++(announced_coupons_.count(key) || expanded_coupons_.count(key) ? c_.clover_coupon_announced
                                                                       : c_.clover_coupon_unannounced);
    }
    for (const auto& key : tiered_) {
      ++c_.tier_source[tiers_on_items_.count(key) ? "item" : price_events_.count(key) ? "price_event"
                       : price_snapshots_.count(key) ? "price_snapshot" : "none"];
    }
    for (const auto& [key, end_and_sub] : ends_) SilentExpiry(key, end_and_sub.first, end_and_sub.second);
    for (const auto& [key, states] : states_) Trial(states);
    for (const auto& [kind, ids] : books_of_) {
      c_.ids[kind] = static_cast<int>(ids.size());
      for (const auto& [id, books] : ids) c_.shared_ids[kind] += books.size() > 1 ? 1 : 0;
    }
  }

  void IdOnlyDiscount(const BookId& key, int64_t named_at) {
    if (discount_events_.count(key)) {
      ++c_.id_only_by_event;
      if (first_discount_event_.at(key) > named_at) ++c_.id_only_late_event;
    } else if (legacy_discounts_.count(key)) {
      ++c_.id_only_by_legacy;
    } else {
      ++(expanded_discounts_.count(key) ? c_.id_only_by_snapshot_only : c_.id_only_unresolved);
    }
  }

  // The discount reached `end` while its subscription lived, and nothing was sent then.
  void SilentExpiry(const BookId& key, int64_t end, const std::string& sub) {
    if (end > last_created_ || deletions_.count(key)) return;
    const auto it = states_.find({key.first, sub});
    if (it == states_.end()) return;
    std::string status_at_end;
    for (const auto& [created, status] : it->second) {
      if (created == end) return;
      if (created < end) status_at_end = status;
    }
    if (status_at_end != "" && status_at_end != "canceled" && status_at_end != "incomplete_expired") ++c_.silent_expiry;
  }

  void Trial(const std::vector<std::pair<int64_t, std::string>>& states) {
    bool trialed = false, paid = false;
    for (const auto& [created, status] : states) {
      trialed |= status == "trialing";
      paid |= status == "active" || status == "past_due";
      if (trialed && !paid && status == "incomplete_expired") ++c_.trial_incomplete_expired;
    }
    for (size_t i = 1; i < states.size(); ++i) {
      if (states[i - 1].second == "trialing" && states[i].second != "trialing") ++c_.trial_end[states[i].second];
    }
  }

  Coverage c_;
  int64_t last_created_ = 0;
  std::set<BookId> discount_events_, legacy_discounts_, expanded_discounts_, deletions_, announced_coupons_, expanded_coupons_,
      clover_coupons_, price_events_, price_snapshots_, tiered_, tiers_on_items_;
  std::map<BookId, int64_t> first_named_, first_discount_event_;
  std::map<BookId, std::pair<int64_t, std::string>> ends_;
  std::map<BookId, std::vector<std::pair<int64_t, std::string>>> states_;
  std::map<std::string, std::map<std::string, std::set<std::string>>> books_of_;
};

}  // namespace subledger::eventgen::test_support
