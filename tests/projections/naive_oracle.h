// NaiveOracle: a deliberately simple, independent implementation of the
// revenue model (shared/spec/revenue-model.md), used to check the real
// projections. It shares NO code with projections/ except the final JSON
// rendering (RenderReportJson of a RevenueReport filled here), so a figure
// both agree on was computed twice, differently.
//
// How it works, by brute force:
//  * bodies parsed with nlohmann (a SAX handler keeps every non-integer
//    number as its exact decimal text), de-duplicated by event id (first
//    delivery wins, like the log), sorted in canonical order (spec §1);
//  * MRR with exact big rationals (boost::multiprecision::cpp_rational);
//  * movements by replaying every event with a full subscription map,
//    comparing customer MRR before/after per spec §4;
//  * every stock figure at a month boundary from the state of every
//    subscription = its last event strictly before that second.
//
// Thread safety: pure functions.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>
#include <nlohmann/json.hpp>

#include "projections/revenue_report.h"

namespace subledger::testing::oracle {

using Json = nlohmann::json;
using BigRational = boost::multiprecision::cpp_rational;
using BigInt = boost::multiprecision::cpp_int;

// ---- parsing ---------------------------------------------------------------

// Builds a DOM; a number with a fraction or exponent is stored as a string
// holding its exact text (doubles would lose "12.5" vs "12.499999...").
class ExactSax {
 public:
  Json root;
  bool null() { return Put(Json(nullptr)); }
  bool boolean(bool b) { return Put(Json(b)); }
  bool number_integer(Json::number_integer_t v) { return Put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Put(Json(v)); }
  bool number_float(Json::number_float_t, const Json::string_t& text) { return Put(Json(text)); }
  bool string(Json::string_t& s) { return Put(Json(s)); }
  bool binary(Json::binary_t&) { return false; }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool key(Json::string_t& k) {
    key_ = k;
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  Json* Place(Json v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(std::move(v));
      return &top->back();
    }
    Json& slot = (*top)[key_];
    slot = std::move(v);
    return &slot;
  }
  bool Put(Json v) {
    Place(std::move(v));
    return true;
  }
  bool Open(Json v) {
    stack_.push_back(Place(std::move(v)));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }
  std::vector<Json*> stack_;
  std::string key_;
};

inline std::optional<Json> ParseExact(std::string_view text) {
  ExactSax sax;
  if (!Json::sax_parse(text.begin(), text.end(), &sax)) return std::nullopt;
  return std::move(sax.root);
}

inline const Json& At(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

inline std::string Str(const Json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A JSON integer, or a decimal string ("1250.5", "12.5", "1e2"), exactly.
inline std::optional<BigRational> Decimal(const Json& j) {
  if (j.is_number_integer()) return BigRational(BigInt(j.get<int64_t>()));
  if (!j.is_string()) return std::nullopt;
  const std::string s = j.get<std::string>();
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  BigInt digits = 0;
  int64_t scale = 0, n = 0;
  bool dot = false;
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'); ++i) {
    if (s[i] == '.') {
      if (dot) return std::nullopt;
      dot = true;
      continue;
    }
    digits = digits * 10 + (s[i] - '0');
    ++n;
    if (dot) ++scale;
  }
  if (n == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
    int64_t e = 0, m = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++m) e = e * 10 + (s[i] - '0');
    if (m == 0) return std::nullopt;
    scale += eneg ? e : -e;
  }
  if (i != s.size()) return std::nullopt;
  BigRational v(digits);
  BigInt ten = 1;
  for (int64_t k = 0; k < (scale < 0 ? -scale : scale); ++k) ten *= 10;
  v = scale >= 0 ? v / BigRational(ten) : v * BigRational(ten);
  return negative ? -v : v;
}

// floor(x + 1/2) for x >= 0 (half-up).
inline int64_t RoundHalfUp(const BigRational& x) {
  BigInt num = boost::multiprecision::numerator(x), den = boost::multiprecision::denominator(x);
  BigInt q = (2 * num + den) / (2 * den);
  return q.convert_to<int64_t>();
}

// ---- one subscription (spec §2-§3) ----------------------------------------

struct Sub {
  std::string id, customer, status, currency;
  BigRational exact_mrr;
  int64_t mrr = 0;  // reported cents
  bool counted = false, scheduled = false, involuntary = false;
  int64_t unpriced = 0;
};

inline BigRational Factor(const std::string& interval, int64_t n) {
  if (n <= 0) n = 1;
  if (interval == "month") return BigRational(1) / n;
  if (interval == "year") return BigRational(1) / (12 * n);
  if (interval == "week") return BigRational(52) / (12 * n);
  if (interval == "day") return BigRational(365) / (12 * n);
  return BigRational(-1);  // unknown interval: no factor
}

inline Sub ReadSub(const Json& o) {
  Sub s;
  s.id = Str(At(o, "id"));
  const Json& cust = At(o, "customer");
  s.customer = cust.is_object() ? Str(At(cust, "id")) : Str(cust);
  s.status = Str(At(o, "status"));
  s.counted = s.status == "active" || s.status == "past_due";
  const Json& items = At(At(o, "items"), "data");
  s.currency = Str(At(o, "currency"));
  if (s.currency.empty() && items.is_array() && !items.empty()) {
    const Json& first = items[0];
    s.currency = Str(At(At(first, "price"), "currency"));
    if (s.currency.empty()) s.currency = Str(At(At(first, "plan"), "currency"));
  }
  s.currency = Lower(s.currency);

  BigRational total = 0, first_factor = 0;
  int64_t unpriced = 0;
  bool first = true;
  if (items.is_array()) {
    for (const Json& it : items) {
      if (!it.is_object()) continue;
      std::optional<BigRational> unit;
      std::string interval, usage;
      int64_t count = 1;
      const Json& price = At(it, "price");
      const Json& plan = At(it, "plan");
      if (price.is_object()) {
        unit = Decimal(At(price, "unit_amount_decimal"));
        if (!unit) unit = Decimal(At(price, "unit_amount"));
        const Json& rec = At(price, "recurring");
        interval = Str(At(rec, "interval"));
        if (At(rec, "interval_count").is_number_integer()) count = At(rec, "interval_count").get<int64_t>();
        usage = Str(At(rec, "usage_type"));
      } else if (plan.is_object()) {
        unit = Decimal(At(plan, "amount_decimal"));
        if (!unit) unit = Decimal(At(plan, "amount"));
        interval = Str(At(plan, "interval"));
        if (At(plan, "interval_count").is_number_integer()) count = At(plan, "interval_count").get<int64_t>();
        usage = Str(At(plan, "usage_type"));
      }
      int64_t quantity = 1;
      if (At(it, "quantity").is_number_integer() && At(it, "quantity").get<int64_t>() >= 0) {
        quantity = At(it, "quantity").get<int64_t>();
      }
      BigRational factor = Factor(interval, count);
      if (first) first_factor = factor < 0 ? BigRational(0) : factor;
      first = false;
      if (usage == "metered" || !unit || factor < 0) {
        ++unpriced;
        continue;
      }
      total += *unit * quantity * factor;
    }
  }
  // Discounts: legacy `discount`, then expanded discounts[]; same id once.
  std::vector<const Json*> discounts;
  if (At(o, "discount").is_object()) discounts.push_back(&At(o, "discount"));
  if (At(o, "discounts").is_array()) {
    for (const Json& d : At(o, "discounts")) {
      if (d.is_object()) discounts.push_back(&d);
    }
  }
  std::set<std::string> seen;
  for (const Json* d : discounts) {
    const std::string id = Str(At(*d, "id"));
    if (!id.empty() && !seen.insert(id).second) continue;
    const Json* coupon = &At(*d, "coupon");
    if (!coupon->is_object()) coupon = &At(At(*d, "source"), "coupon");
    if (!coupon->is_object()) continue;
    const std::string duration = Str(At(*coupon, "duration"));
    if (duration != "forever" && duration != "repeating") continue;
    if (auto p = Decimal(At(*coupon, "percent_off"))) {
      total = total * (BigRational(1) - *p / 100);
    } else if (At(*coupon, "amount_off").is_number_integer() && Lower(Str(At(*coupon, "currency"))) == s.currency) {
      total -= BigRational(At(*coupon, "amount_off").get<int64_t>()) * first_factor;
    }
    if (total < 0) total = 0;
  }
  const Json& pause = At(o, "pause_collection");
  const bool paused = !pause.is_null();
  s.exact_mrr = s.counted && !paused ? total : BigRational(0);
  s.mrr = RoundHalfUp(s.exact_mrr);
  const bool cancel_at_period_end = At(o, "cancel_at_period_end").is_boolean() && At(o, "cancel_at_period_end").get<bool>();
  s.scheduled = s.counted && (cancel_at_period_end || At(o, "cancel_at").is_number_integer());
  const std::string reason = Str(At(At(o, "cancellation_details"), "reason"));
  s.involuntary = s.status == "unpaid" || reason == "payment_failed" || reason == "payment_disputed";
  s.unpriced = s.counted ? unpriced : 0;
  return s;
}

// ---- events ------------------------------------------------------------------

struct Event {
  std::string id, type;
  int64_t created = 0;
  int rank = 1;
  Json object;  // data.object
};

inline bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

inline bool IsSubscriptionType(const std::string& t) {
  static const std::set<std::string> kTypes = {
      "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
      "customer.subscription.paused", "customer.subscription.resumed", "customer.subscription.pending_update_applied",
      "customer.subscription.pending_update_expired", "customer.subscription.trial_will_end",
      "subledger.subscription.snapshot"};
  return kTypes.count(t) > 0;
}

// Distinct by id (first wins), canonical order. Bodies that are not events are skipped.
inline std::vector<Event> CanonicalEvents(const std::vector<std::string>& bodies) {
  std::vector<Event> out;
  std::set<std::string> ids;
  for (const std::string& body : bodies) {
    auto j = ParseExact(body);
    if (!j || !At(*j, "id").is_string() || !At(*j, "type").is_string() || !At(*j, "created").is_number_integer()) continue;
    Event e;
    e.id = At(*j, "id").get<std::string>();
    if (!ids.insert(e.id).second) continue;
    e.type = At(*j, "type").get<std::string>();
    e.created = At(*j, "created").get<int64_t>();
    e.rank = EndsWith(e.type, ".created") ? 0 : EndsWith(e.type, ".deleted") ? 2 : 1;
    e.object = At(At(*j, "data"), "object");
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    if (a.created != b.created) return a.created < b.created;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.id < b.id;
  });
  return out;
}

inline MonthIndex MonthOfSeconds(int64_t t) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(sys_seconds{seconds{t}})};
  return static_cast<MonthIndex>(static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1);
}

inline int64_t FirstSecondOf(MonthIndex m) {
  using namespace std::chrono;
  const year_month_day ymd{year{m / 12}, month{static_cast<unsigned>(m % 12 + 1)}, day{1}};
  return sys_days{ymd}.time_since_epoch().count() * 86400LL;
}

// ---- the report ----------------------------------------------------------------

struct Movement {
  std::string event_id, customer, subscription, currency, kind;
  int64_t created = 0, amount = 0;
  bool involuntary = false;
};

struct Result {
  RevenueReport report;
  std::string json;                  // RenderReportJson(report)
  std::vector<Movement> movements;   // canonical order
  std::map<std::string, Sub> final_state;
};

using State = std::map<std::string, Sub>;  // subscription id -> its latest state

inline int64_t CustomerMrr(const State& st, const std::string& customer, const std::string& currency) {
  int64_t sum = 0;
  for (const auto& [id, s] : st) {
    if (s.customer == customer && s.currency == currency) sum += s.mrr;
  }
  return sum;
}

inline bool Retained(const State& st, const std::string& customer, const std::string& currency) {
  for (const auto& [id, s] : st) {
    if (s.customer == customer && s.currency == currency && s.counted) return true;
  }
  return false;
}

// State of every subscription from the events with created < t; subs[i]
// is events[i] read as a subscription (nullopt for other events).
inline State StateBefore(const std::vector<Event>& events, const std::vector<std::optional<Sub>>& subs, int64_t t) {
  State st;
  for (size_t i = 0; i < events.size() && events[i].created < t; ++i) {
    if (subs[i]) st[subs[i]->id] = *subs[i];
  }
  return st;
}

inline std::optional<int64_t> HalfUpDivision(int64_t num, int64_t den) {
  if (den == 0) return std::nullopt;
  return RoundHalfUp(BigRational(num) / den);
}

inline std::optional<double> Ratio(int64_t num, int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

inline Result NaiveReport(const std::vector<std::string>& bodies) {
  Result r;
  const std::vector<Event> events = CanonicalEvents(bodies);
  r.report.events = events.size();
  if (events.empty()) {
    r.json = RenderReportJson(r.report);
    return r;
  }
  r.report.as_of = events.back().created;
  const MonthIndex first = MonthOfSeconds(events.front().created);
  const MonthIndex last = MonthOfSeconds(events.back().created);

  std::vector<std::optional<Sub>> subs(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    if (!IsSubscriptionType(events[i].type)) continue;
    Sub s = ReadSub(events[i].object);
    if (!s.id.empty()) subs[i] = std::move(s);
  }
  // Currencies named by any subscription state or payment intent.
  std::set<std::string> currencies;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (subs[i]) {
      if (!subs[i]->currency.empty()) currencies.insert(subs[i]->currency);
    } else if (e.type.rfind("payment_intent.", 0) == 0) {
      const std::string c = Lower(Str(At(e.object, "currency")));
      if (!c.empty()) currencies.insert(c);
    }
  }

  // Movements: replay with the full state map (spec §4).
  State st;
  std::set<std::pair<std::string, std::string>> had_mrr;  // (customer, currency)
  for (size_t i = 0; i < events.size(); ++i) {
    if (!subs[i]) continue;
    const Event& e = events[i];
    const Sub& next = *subs[i];
    std::set<std::pair<std::string, std::string>> affected;
    auto old = st.find(next.id);
    for (const std::string& c : {next.currency, old == st.end() ? std::string() : old->second.currency}) {
      if (c.empty()) continue;
      affected.insert({next.customer, c});
      if (old != st.end()) affected.insert({old->second.customer, c});
    }
    std::map<std::pair<std::string, std::string>, std::pair<int64_t, bool>> before;
    for (const auto& key : affected) before[key] = {CustomerMrr(st, key.first, key.second), Retained(st, key.first, key.second)};
    st[next.id] = next;
    for (const auto& key : affected) {
      const int64_t b = before[key].first, a = CustomerMrr(st, key.first, key.second);
      const bool retained_before = before[key].second, retained_after = Retained(st, key.first, key.second);
      Movement m{e.id, key.first, next.id, key.second, "", e.created, 0, false};
      if (a > b) {
        if (b > 0 || retained_before) m.kind = "expansion", m.amount = a - b;
        else if (had_mrr.count(key)) m.kind = "reactivation", m.amount = a;
        else m.kind = "new", m.amount = a;
      } else if (a < b) {
        if (!retained_after) m.kind = "churn", m.amount = b, m.involuntary = next.involuntary;
        else m.kind = "contraction", m.amount = b - a;
      }
      if (!m.kind.empty()) r.movements.push_back(m);
      if (a > 0) had_mrr.insert(key);
    }
  }
  r.final_state = st;
  for (const auto& [id, s] : st) ++r.report.subscriptions_by_status[s.status];

  // Month rows: stocks from boundary states, flows from movements and payments.
  std::vector<State> boundary;  // boundary[i] = state at the first second of month first+i
  for (MonthIndex m = first; m <= last + 1; ++m) boundary.push_back(StateBefore(events, subs, FirstSecondOf(m)));
  auto stock = [](const State& s, const std::string& c, int64_t* mrr, int64_t* customers, int64_t* scheduled,
                  int64_t* unpriced, std::set<std::string>* positive, std::set<std::string>* retained,
                  std::set<std::string>* counted) {
    std::map<std::string, int64_t> per_customer;
    *mrr = *scheduled = *unpriced = 0;
    for (const auto& [id, sub] : s) {
      if (sub.currency != c) continue;
      *mrr += sub.mrr;
      per_customer[sub.customer] += sub.mrr;
      if (sub.counted) {
        *scheduled += sub.scheduled ? sub.mrr : 0;
        *unpriced += sub.unpriced;
        retained->insert(sub.customer);
        counted->insert(id);
      }
    }
    *customers = 0;
    for (const auto& [cust, v] : per_customer) {
      if (v > 0) {
        ++*customers;
        positive->insert(cust);
      }
    }
  };

  for (const std::string& c : currencies) {
    for (MonthIndex m = first; m <= last; ++m) {
      MonthRow row;
      row.month = m;
      row.currency = c;
      int64_t scheduled_start, unpriced_start, unpriced_end;
      std::set<std::string> positive_start, retained_start, counted_start, positive_end, retained_end, counted_end;
      stock(boundary[m - first], c, &row.mrr_start, &row.customers_start, &scheduled_start, &unpriced_start,
            &positive_start, &retained_start, &counted_start);
      stock(boundary[m - first + 1], c, &row.mrr_end, &row.customers_end, &row.scheduled_churn, &unpriced_end,
            &positive_end, &retained_end, &counted_end);
      row.subscriptions_start = static_cast<int64_t>(counted_start.size());
      for (const std::string& id : counted_start) row.subscriptions_churned += counted_end.count(id) ? 0 : 1;
      std::map<std::string, bool> last_churn_involuntary;  // customer -> kind of its last churn in M
      for (const Movement& mv : r.movements) {
        if (mv.currency != c || MonthOfSeconds(mv.created) != m) continue;
        if (mv.kind == "new") row.new_mrr += mv.amount;
        if (mv.kind == "expansion") row.expansion += mv.amount;
        if (mv.kind == "reactivation") row.reactivation += mv.amount;
        if (mv.kind == "contraction") row.contraction += mv.amount;
        if (mv.kind == "churn") {
          (mv.involuntary ? row.churn_involuntary : row.churn_voluntary) += mv.amount;
          last_churn_involuntary[mv.customer] = mv.involuntary;
        }
      }
      row.churn = row.churn_voluntary + row.churn_involuntary;
      row.net_new = row.new_mrr + row.expansion + row.reactivation - row.contraction - row.churn;
      for (const std::string& cust : positive_start) {
        if (retained_end.count(cust)) continue;
        auto k = last_churn_involuntary.find(cust);
        (k != last_churn_involuntary.end() && k->second ? row.customers_churned_involuntary
                                                         : row.customers_churned_voluntary)++;
      }
      row.customers_churned = row.customers_churned_voluntary + row.customers_churned_involuntary;
      for (const Event& e : events) {
        if (MonthOfSeconds(e.created) != m || Lower(Str(At(e.object, "currency"))) != c) continue;
        if (e.type == "payment_intent.succeeded") {
          ++row.payments_succeeded;
          const Json& amount = At(e.object, "amount_received");
          row.amount_succeeded += amount.is_number_integer() ? amount.get<int64_t>() : 0;
        } else if (e.type == "payment_intent.payment_failed") {
          ++row.payments_failed;
        }
      }
      row.customer_churn_rate = Ratio(row.customers_churned, row.customers_start);
      row.gross_mrr_churn_rate = Ratio(row.churn + row.contraction, row.mrr_start);
      row.net_mrr_churn_rate = Ratio(row.churn + row.contraction - row.expansion - row.reactivation, row.mrr_start);
      row.subscription_churn_rate = Ratio(row.subscriptions_churned, row.subscriptions_start);
      row.involuntary_churn_share = Ratio(row.customers_churned_involuntary, row.customers_churned);
      row.arpa = HalfUpDivision(row.mrr_end, row.customers_end);
      row.payment_success_rate = Ratio(row.payments_succeeded, row.payments_succeeded + row.payments_failed);
      r.report.months.push_back(row);
    }
    CurrencyRow cr;
    cr.currency = c;
    std::set<std::string> a, b, d;
    stock(st, c, &cr.mrr, &cr.customers, &cr.scheduled_churn, &cr.unpriced_items, &a, &b, &d);
    cr.arr = cr.mrr * 12;
    cr.arpa = HalfUpDivision(cr.mrr, cr.customers);
    r.report.currencies.push_back(cr);
  }
  r.json = RenderReportJson(r.report);
  return r;
}

}  // namespace subledger::testing::oracle
