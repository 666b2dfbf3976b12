// The naive oracle's parts (tests/projections/naive_oracle.h is the
// contract): every rule of the revenue model, one inline function each, for
// naive_oracle.cc and for the tests that check a rule or look at the oracle's
// canonical event order. Nothing here is shared with projections/.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>
#include <nlohmann/json.hpp>

#include "ledger/book.h"
#include "projections/money.h"
#include "projections/revenue_report.h"
#include "tests/projections/naive_oracle.h"

namespace subledger::testing::oracle {

using Json = nlohmann::json;
using BigInt = boost::multiprecision::cpp_int;
using BigRational = boost::multiprecision::cpp_rational;

// ---- JSON with exact numbers -------------------------------------------------

// Builds a DOM in which a number with a fraction or an exponent (or too big
// for 64 bits) is kept as a *binary* value holding its exact text: no JSON
// text parses to binary, so it can never be confused with a string.
class ExactSax {
 public:
  Json root;
  bool null() { return Put(Json(nullptr)); }
  bool boolean(bool b) { return Put(Json(b)); }
  bool number_integer(Json::number_integer_t v) { return Put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Put(Json(v)); }
  bool number_float(Json::number_float_t, const Json::string_t& text) {
    return Put(Json::binary(std::vector<std::uint8_t>(text.begin(), text.end())));
  }
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

// A string id, or an expanded object's string `id`.
inline std::string IdOf(const Json& j) { return j.is_object() ? Str(At(j, "id")) : Str(j); }

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

inline BigInt Pow10(int64_t n) {
  BigInt v = 1;
  for (int64_t i = 0; i < n; ++i) v *= 10;
  return v;
}

// The exact value of decimal text: "-12.5", "1e2", "0.375", "2.5E-1".
inline std::optional<BigRational> ParseDecimalText(std::string_view s) {
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
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && e < 100000; ++i, ++m) {
      e = e * 10 + (s[i] - '0');
    }
    if (m == 0 || e >= 100000) return std::nullopt;
    scale += eneg ? e : -e;
  }
  if (i != s.size()) return std::nullopt;
  BigRational v = scale >= 0 ? BigRational(digits, Pow10(scale)) : BigRational(digits * Pow10(-scale));
  return negative ? BigRational(-v) : v;
}

// A JSON number literal, exactly (integers and kept float texts).
inline std::optional<BigRational> Number(const Json& j) {
  if (j.is_number_unsigned()) return BigRational(BigInt(j.get<uint64_t>()));
  if (j.is_number_integer()) return BigRational(BigInt(j.get<int64_t>()));
  if (!j.is_binary()) return std::nullopt;
  const auto& bytes = j.get_binary();
  return ParseDecimalText(std::string(bytes.begin(), bytes.end()));
}

// An amount, percentage or count of §3: a JSON number, or a string holding a
// decimal (Stripe's `*_decimal` fields; accepted for every such field).
inline std::optional<BigRational> Decimal(const Json& j) {
  if (j.is_string()) return ParseDecimalText(j.get<std::string>());
  return Number(j);
}

// A JSON integer literal that fits 64 bits.
inline std::optional<int64_t> Integer(const Json& j) {
  if (j.is_number_unsigned()) {
    const uint64_t u = j.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  return std::nullopt;
}

// ---- exact arithmetic --------------------------------------------------------

// floor(n / d) for d > 0 (cpp_int division truncates towards zero).
inline BigInt FloorDiv(const BigInt& n, const BigInt& d) {
  BigInt q = n / d;
  if (n % d != 0 && n < 0) --q;
  return q;
}

// floor(x + 1/2): half-up, the rounding of §3 and §5's ARPA.
inline BigInt RoundHalfUp(const BigRational& x) {
  const BigInt num = boost::multiprecision::numerator(x), den = boost::multiprecision::denominator(x);
  return FloorDiv(2 * num + den, 2 * den);
}

// The double nearest to num/den (ties to even); nullopt for den == 0.
// Integer long division to 55+ significant bits plus a sticky remainder, so
// no step rounds twice.
inline std::optional<double> NearestDouble(BigInt num, BigInt den) {
  if (den == 0) return std::nullopt;
  if (num == 0) return 0.0;
  const bool negative = (num < 0) != (den < 0);
  num = abs(num);
  den = abs(den);
  const int64_t k = 55 - (static_cast<int64_t>(msb(num)) - static_cast<int64_t>(msb(den)));
  const BigInt a = k >= 0 ? BigInt(num << static_cast<unsigned>(k)) : num;
  const BigInt b = k >= 0 ? den : BigInt(den << static_cast<unsigned>(-k));
  const BigInt q = a / b;
  const bool sticky = a % b != 0;
  const int64_t shift = static_cast<int64_t>(msb(q)) + 1 - 53;
  BigInt mantissa = q >> static_cast<unsigned>(shift);
  const BigInt rest = q - (mantissa << static_cast<unsigned>(shift));
  const BigInt half = BigInt(1) << static_cast<unsigned>(shift - 1);
  if (rest > half || (rest == half && (sticky || bit_test(mantissa, 0)))) ++mantissa;
  const double v = std::ldexp(mantissa.convert_to<double>(), static_cast<int>(shift - k));
  return negative ? -v : v;
}

inline std::optional<double> Rate(const BigInt& num, const BigInt& den) { return NearestDouble(num, den); }

// A 128-bit Money from a big integer (every figure of the model fits).
inline Money ToMoney(const BigInt& v) {
  const BigInt a = abs(v);
  const BigInt mask = (BigInt(1) << 64) - 1;
  const auto low = static_cast<unsigned __int128>((a & mask).convert_to<uint64_t>());
  const auto high = static_cast<unsigned __int128>(((a >> 64) & mask).convert_to<uint64_t>());
  const auto m = static_cast<Money>((high << 64) | low);
  return v < 0 ? -m : m;
}

// ---- calendar (UTC) ----------------------------------------------------------

inline MonthIndex MonthOfSeconds(int64_t t) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(sys_seconds{seconds{t}})};
  const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  return static_cast<MonthIndex>(static_cast<int>(ymd.year()) * 12 + month - 1);
}

inline int64_t FirstSecondOf(MonthIndex m) {
  using namespace std::chrono;
  const int y = m >= 0 ? m / 12 : (m - 11) / 12;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m - y * 12 + 1)}, day{1}};
  return static_cast<int64_t>(sys_days{ymd}.time_since_epoch().count()) * 86400LL;
}

// ---- events (§0, §1) ---------------------------------------------------------

struct Event {
  std::string id, type;
  int64_t created = 0;
  int rank = 1;
  Book book;
  Json object;  // data.object (null when absent)
};

// §1 type rank: *.created 0, *.deleted 2, customer.discount.deleted 3, else 1.
inline int TypeRank(const std::string& type) {
  if (type == "customer.discount.deleted") return 3;
  if (EndsWith(type, ".created")) return 0;
  return EndsWith(type, ".deleted") ? 2 : 1;
}

// §0: `account` (absent, null, "" or not a string: the platform), `livemode` true or test.
inline Book BookOf(const Json& event) {
  Book b;
  b.account = Str(At(event, "account"));
  b.livemode = At(event, "livemode").is_boolean() && At(event, "livemode").get<bool>();
  return b;
}

inline bool CanonicalLess(const Event& a, const Event& b) {
  if (a.created != b.created) return a.created < b.created;
  if (a.rank != b.rank) return a.rank < b.rank;
  return a.id < b.id;
}

inline std::optional<Event> ReadEvent(std::string_view body) {
  auto j = ParseExact(body);
  if (!j || !j->is_object() || !At(*j, "id").is_string() || !At(*j, "type").is_string()) return std::nullopt;
  const auto created = Integer(At(*j, "created"));
  if (!created) return std::nullopt;
  Event e;
  e.id = At(*j, "id").get<std::string>();
  e.type = At(*j, "type").get<std::string>();
  e.created = *created;
  e.rank = TypeRank(e.type);
  e.book = BookOf(*j);
  e.object = At(At(*j, "data"), "object");
  return e;
}

// The set of events of every book: first body of an id wins, canonical order.
inline std::vector<Event> CanonicalEvents(const std::vector<std::string>& bodies) {
  std::vector<Event> out;
  std::set<std::string> ids;
  for (const std::string& body : bodies) {
    auto e = ReadEvent(body);
    if (e && ids.insert(e->id).second) out.push_back(std::move(*e));
  }
  std::sort(out.begin(), out.end(), CanonicalLess);
  return out;
}

inline bool IsSubscriptionType(const std::string& t) {
  static const std::set<std::string> kTypes = {
      "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
      "customer.subscription.paused", "customer.subscription.resumed", "customer.subscription.pending_update_applied",
      "customer.subscription.pending_update_expired", "customer.subscription.trial_will_end",
      "subledger.subscription.snapshot"};
  return kTypes.count(t) > 0;
}

// ---- positions of a customer walk (§4) --------------------------------------

// Within a second, expiry points (phase 0, by discount id) come before events
// (phase 1, by type rank then event id). Strings compare bytewise.
struct Position {
  int64_t second = 0;
  int phase = 0;
  std::string discount;
  int rank = 0;
  std::string event;
  auto operator<=>(const Position&) const = default;
};

inline Position EventPosition(const Event& e) { return Position{e.created, 1, "", e.rank, e.id}; }
inline Position ExpiryPosition(int64_t end, const std::string& discount) { return Position{end, 0, discount, 0, ""}; }

// The walk cut at a position: what happened before it (exclusive) or up to it.
struct Cut {
  Position at;
  bool inclusive = false;
  bool Includes(const Position& p) const { return inclusive ? p <= at : p < at; }
};

// Just before the first point of second t.
inline Cut StartOfSecond(int64_t t) { return Cut{Position{t, 0, "", 0, ""}, false}; }

// ---- known prices, discounts and coupons (§3) ------------------------------

// Pointers into the book's events; the canonically-last carrier wins.
struct Known {
  std::map<std::string, const Json*> tiers;      // price id -> tiers array
  std::map<std::string, const Json*> discounts;  // discount id -> discount object
  std::map<std::string, const Json*> coupons;    // coupon id -> coupon object
  std::map<std::string, Position> deletions;     // discount id -> its first customer.discount.deleted
};

template <typename T>
const T* Find(const std::map<std::string, T>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

// An item as §3 reads it: its price (`price` when an object, else the legacy
// `plan`, which then is its price throughout) and its quantity.
struct ItemRef {
  const Json* price = nullptr;  // nullptr: no price object (unpriced)
  bool plan = false;            // the price is a legacy plan
  const Json* quantity = nullptr;
};

inline ItemRef ItemOf(const Json& item) {
  if (At(item, "price").is_object()) return ItemRef{&At(item, "price"), false, &At(item, "quantity")};
  if (At(item, "plan").is_object()) return ItemRef{&At(item, "plan"), true, &At(item, "quantity")};
  return ItemRef{nullptr, false, &At(item, "quantity")};
}

// The items of a state; pre-2018 shape (no items.data): the top-level plan and quantity.
inline std::vector<ItemRef> ItemsOf(const Json& state) {
  std::vector<ItemRef> out;
  const Json& data = At(At(state, "items"), "data");
  if (data.is_array()) {
    for (const Json& item : data) {
      if (item.is_object()) out.push_back(ItemOf(item));
    }
  } else if (At(state, "plan").is_object()) {
    out.push_back(ItemRef{&At(state, "plan"), true, &At(state, "quantity")});
  }
  return out;
}

// A discount's coupon field: `coupon`, else `source.coupon` (object or id).
inline const Json& CouponField(const Json& discount) {
  const Json& c = At(discount, "coupon");
  return c.is_null() ? At(At(discount, "source"), "coupon") : c;
}

inline void LearnTiers(const Json& price, Known* k) {
  const std::string id = Str(At(price, "id"));
  if (!id.empty() && At(price, "tiers").is_array()) k->tiers[id] = &At(price, "tiers");
}

inline void LearnCoupon(const Json& coupon, Known* k) {
  const std::string id = Str(At(coupon, "id"));
  if (coupon.is_object() && !id.empty()) k->coupons[id] = &coupon;
}

inline void LearnDiscount(const Json& d, Known* k) {
  if (!d.is_object()) return;
  const std::string id = Str(At(d, "id"));
  if (!id.empty()) k->discounts[id] = &d;
  LearnCoupon(CouponField(d), k);
}

inline void LearnSubscription(const Json& state, Known* k) {
  for (const ItemRef& item : ItemsOf(state)) {
    if (item.price) LearnTiers(*item.price, k);
  }
  LearnDiscount(At(state, "discount"), k);
  if (At(state, "discounts").is_array()) {
    for (const Json& d : At(state, "discounts")) LearnDiscount(d, k);
  }
}

// Folds one event (in canonical order) into the known objects.
inline void Learn(const Event& e, Known* k) {
  const std::string& t = e.type;
  if (t == "price.created" || t == "price.updated" || t == "subledger.price.snapshot") LearnTiers(e.object, k);
  if (t == "coupon.created" || t == "coupon.updated" || t == "coupon.deleted") LearnCoupon(e.object, k);
  if (t == "customer.discount.created" || t == "customer.discount.updated" || t == "customer.discount.deleted") {
    LearnDiscount(e.object, k);
  }
  if (t == "customer.discount.deleted" && !Str(At(e.object, "id")).empty()) {
    k->deletions.emplace(Str(At(e.object, "id")), EventPosition(e));  // emplace keeps the first
  }
  if (IsSubscriptionType(t)) LearnSubscription(e.object, k);
}

// ---- one item's MRR (§3) ----------------------------------------------------

// factor(interval, n); nullopt for an unknown interval.
inline std::optional<BigRational> Factor(const std::string& interval, const Json& count) {
  int64_t n = Integer(count).value_or(1);
  if (n <= 0) n = 1;
  if (interval == "month") return BigRational(1, n);
  if (interval == "year") return BigRational(1, 12 * n);
  if (interval == "week") return BigRational(52, 12 * n);
  if (interval == "day") return BigRational(365, 12 * n);
  return std::nullopt;
}

// What §3 reads from a price, whatever its shape (price or legacy plan).
struct PriceTerms {
  std::optional<BigRational> unit, factor;
  bool metered = false, tiered = false;
  std::string tiers_mode;
  const Json* tiers = nullptr;      // own tiers, else the known ones
  const Json* transform = nullptr;  // transform_quantity / transform_usage
};

inline PriceTerms ReadPrice(const Json& p, bool plan, const Known& k) {
  PriceTerms t;
  const Json& rec = plan ? p : At(p, "recurring");
  t.unit = Decimal(At(p, plan ? "amount_decimal" : "unit_amount_decimal"));
  if (!t.unit) t.unit = Decimal(At(p, plan ? "amount" : "unit_amount"));
  t.factor = Factor(Str(At(rec, "interval")), At(rec, "interval_count"));
  t.metered = Str(At(rec, "usage_type")) == "metered";
  t.tiered = Str(At(p, "billing_scheme")) == "tiered";
  t.tiers_mode = Str(At(p, "tiers_mode"));
  t.tiers = At(p, "tiers").is_array() ? &At(p, "tiers") : nullptr;
  if (!t.tiers) {
    const Json* const* known = Find(k.tiers, Str(At(p, "id")));
    t.tiers = known ? *known : nullptr;
  }
  t.transform = &At(p, plan ? "transform_usage" : "transform_quantity");
  return t;
}

// A tier amount: `*_decimal` where present, else the integer field, null as 0.
inline std::optional<BigRational> TierAmount(const Json& tier, const char* decimal, const char* integer) {
  if (!At(tier, decimal).is_null()) return Decimal(At(tier, decimal));
  if (At(tier, integer).is_null()) return BigRational(0);
  return Decimal(At(tier, integer));
}

struct Tier {
  std::optional<BigRational> up_to;  // nullopt: no limit
  BigRational unit, flat;
};

inline std::optional<std::vector<Tier>> ReadTiers(const Json& tiers) {
  std::vector<Tier> out;
  for (const Json& t : tiers) {
    if (!t.is_object()) return std::nullopt;
    Tier tier;
    if (!At(t, "up_to").is_null()) {
      tier.up_to = Decimal(At(t, "up_to"));
      if (!tier.up_to) return std::nullopt;
    }
    auto unit = TierAmount(t, "unit_amount_decimal", "unit_amount");
    auto flat = TierAmount(t, "flat_amount_decimal", "flat_amount");
    if (!unit || !flat) return std::nullopt;
    tier.unit = *unit;
    tier.flat = *flat;
    out.push_back(tier);
  }
  return out;
}

// Volume: the first tier with up_to >= q prices every unit, plus its flat.
inline std::optional<BigRational> VolumeAmount(const std::vector<Tier>& tiers, const BigRational& q) {
  for (const Tier& t : tiers) {
    if (!t.up_to || *t.up_to >= q) return q * t.unit + t.flat;
  }
  return std::nullopt;
}

// Graduated: each tier prices its own units and adds its flat when it has any.
inline std::optional<BigRational> GraduatedAmount(const std::vector<Tier>& tiers, const BigRational& q) {
  BigRational below = 0, amount = 0;
  for (const Tier& t : tiers) {
    const BigRational top = t.up_to ? std::min(q, *t.up_to) : q;
    if (top > below) amount += (top - below) * t.unit + t.flat;
    if (!t.up_to || *t.up_to >= q) return amount;
    below = std::max(below, *t.up_to);
  }
  return std::nullopt;
}

inline std::optional<BigRational> TieredAmount(const PriceTerms& p, const BigRational& q) {
  if (!p.tiers) return std::nullopt;
  if (p.tiers_mode != "volume" && p.tiers_mode != "graduated") return std::nullopt;
  if (q == 0) return BigRational(0);
  const auto tiers = ReadTiers(*p.tiers);
  if (!tiers) return std::nullopt;
  return p.tiers_mode == "volume" ? VolumeAmount(*tiers, q) : GraduatedAmount(*tiers, q);
}

// transform_quantity {divide_by, round}: q / d rounded up or (otherwise) down.
inline BigRational Transformed(const BigRational& q, const Json& transform) {
  const auto d = Decimal(At(transform, "divide_by"));
  if (!transform.is_object() || !d || *d <= 0) return q;
  const BigRational x = q / *d;
  const BigInt num = boost::multiprecision::numerator(x), den = boost::multiprecision::denominator(x);
  const BigInt down = FloorDiv(num, den);
  return BigRational(Str(At(transform, "round")) == "up" && down * den != num ? BigInt(down + 1) : down);
}

// quantity: a number (exact), default 1, negative 0.
inline BigRational Quantity(const Json& quantity) {
  const auto q = Decimal(quantity);
  if (!q) return BigRational(1);
  return *q < 0 ? BigRational(0) : *q;
}

// item_mrr, or nullopt when the item is unpriced.
inline std::optional<BigRational> ItemMrr(const ItemRef& item, const Known& k) {
  if (!item.price) return std::nullopt;
  const PriceTerms p = ReadPrice(*item.price, item.plan, k);
  if (p.metered || !p.factor) return std::nullopt;
  const BigRational q = Quantity(*item.quantity);
  if (p.tiered) {
    const auto amount = TieredAmount(p, q);
    if (!amount) return std::nullopt;
    return *amount * *p.factor;
  }
  if (!p.unit) return std::nullopt;
  return *p.unit * Transformed(q, *p.transform) * *p.factor;
}

// ---- one state, as far as it is timeless (§3) ------------------------------

// A discount of a state, resolved through the known objects.
struct DiscountRef {
  std::string id;                // "" for a legacy discount without id
  std::optional<int64_t> end;    // its expiry second
  const Json* coupon = nullptr;  // the coupon object, nullptr when none or unresolved
  bool unresolved = false;       // unknown discount id, or unknown coupon id
};

inline DiscountRef ResolveDiscount(const Json& entry, const Known& k) {
  DiscountRef r;
  r.id = IdOf(entry);
  const Json* d = &entry;
  if (!entry.is_object()) {
    const Json* const* known = Find(k.discounts, r.id);
    if (!known) {
      r.unresolved = true;
      return r;
    }
    d = *known;
  }
  r.end = Integer(At(*d, "end"));
  const Json& coupon = CouponField(*d);
  if (coupon.is_object()) r.coupon = &coupon;
  if (coupon.is_string()) {
    const Json* const* known = Find(k.coupons, coupon.get<std::string>());
    r.coupon = known ? *known : nullptr;
    r.unresolved = !known;
  }
  return r;
}

// The legacy `discount`, then `discounts[]`; an id counts once, at its first occurrence.
inline std::vector<DiscountRef> DiscountsOf(const Json& state, const Known& k) {
  std::vector<const Json*> entries;
  entries.push_back(&At(state, "discount"));
  if (At(state, "discounts").is_array()) {
    for (const Json& d : At(state, "discounts")) entries.push_back(&d);
  }
  std::vector<DiscountRef> out;
  std::set<std::string> seen;
  for (const Json* e : entries) {
    if (!e->is_object() && IdOf(*e).empty()) continue;
    const std::string id = IdOf(*e);
    if (!id.empty() && !seen.insert(id).second) continue;
    out.push_back(ResolveDiscount(*e, k));
  }
  return out;
}

struct Valuation {
  std::string status;
  bool counted = false, paused = false, scheduled = false, involuntary = false;
  BigRational items = 0;         // Σ item_mrr
  BigRational first_factor = 0;  // factor of the first item (amount_off)
  int64_t unpriced = 0;          // unpriced items (whether counted or not)
  std::vector<DiscountRef> discounts;
};

inline Valuation Value(const Json& state, const Known& k) {
  Valuation v;
  v.status = Str(At(state, "status"));
  v.counted = v.status == "active" || v.status == "past_due";
  v.paused = !At(state, "pause_collection").is_null();
  v.scheduled = At(state, "cancel_at_period_end") == true || !At(state, "cancel_at").is_null();
  const std::string reason = Str(At(At(state, "cancellation_details"), "reason"));
  v.involuntary = v.status == "unpaid" || reason == "payment_failed" || reason == "payment_disputed";
  bool first = true;
  for (const ItemRef& item : ItemsOf(state)) {
    if (first && item.price) v.first_factor = ReadPrice(*item.price, item.plan, k).factor.value_or(0);
    first = false;
    const auto mrr = ItemMrr(item, k);
    if (mrr) v.items += *mrr;
    else ++v.unpriced;
  }
  v.discounts = DiscountsOf(state, k);
  return v;
}

// ---- one book -----------------------------------------------------------------

struct State {
  Position at;
  const Event* event = nullptr;
  Valuation value;
};

struct Subscription {
  std::string id, customer, currency;  // customer and currency of the first state (§2)
  std::vector<State> states;           // canonical order
};

// One book's events and everything derived from them without a position.
// Not copyable: Known and State point into `events`.
struct Model {
  Book book;
  std::vector<Event> events;  // canonical order
  int64_t as_of = 0;          // valid when events is not empty
  Known known;
  std::map<std::string, Subscription> subscriptions;

  Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
};

inline std::string CustomerOf(const Json& state) {
  std::string c = IdOf(At(state, "customer"));
  if (c.empty()) c = IdOf(At(state, "customer_account"));
  return c.empty() ? Str(At(state, "id")) : c;
}

inline std::string CurrencyOf(const Json& state) {
  std::string c = Str(At(state, "currency"));
  const auto items = ItemsOf(state);
  if (c.empty() && !items.empty() && items.front().price) c = Str(At(*items.front().price, "currency"));
  return Lower(c);
}

inline std::unique_ptr<Model> BuildModel(const Book& book, std::vector<Event> events) {
  auto m = std::make_unique<Model>();
  m->book = book;
  m->events = std::move(events);
  if (m->events.empty()) return m;
  m->as_of = m->events.back().created;
  for (const Event& e : m->events) Learn(e, &m->known);
  for (const Event& e : m->events) {
    const std::string id = Str(At(e.object, "id"));
    if (!IsSubscriptionType(e.type) || id.empty()) continue;
    Subscription& s = m->subscriptions[id];
    if (s.states.empty()) {
      s.id = id;
      s.customer = CustomerOf(e.object);
      s.currency = CurrencyOf(e.object);
    }
    s.states.push_back(State{EventPosition(e), &e, Value(e.object, m->known)});
  }
  return m;
}

// ---- a subscription at a position ------------------------------------------

// The subscription's last state inside the cut, or nullptr.
inline const State* StateAt(const Subscription& s, const Cut& cut) {
  const State* last = nullptr;
  for (const State& st : s.states) {
    if (cut.Includes(st.at)) last = &st;
  }
  return last;
}

// §3: a discount stops at its expiry point (when end <= as_of) or at its first deletion.
inline bool Stopped(const DiscountRef& d, const Model& m, const Cut& cut) {
  if (d.end && *d.end <= m.as_of && cut.Includes(ExpiryPosition(*d.end, d.id))) return true;
  const Position* deleted = d.id.empty() ? nullptr : Find(m.known.deletions, d.id);
  return deleted && cut.Includes(*deleted);
}

inline BigRational ApplyCoupon(const BigRational& x, const Json& coupon, const Valuation& v,
                               const std::string& currency) {
  const std::string duration = Str(At(coupon, "duration"));
  if (duration != "forever" && duration != "repeating") return x;
  if (const auto p = Decimal(At(coupon, "percent_off"))) return x * (BigRational(1) - *p / 100);
  const auto a = Decimal(At(coupon, "amount_off"));
  if (a && Lower(Str(At(coupon, "currency"))) == currency) return x - *a * v.first_factor;
  return x;
}

// sub_mrr (exact) of a state at a cut: items, then the applying discounts.
inline BigRational ExactMrr(const Valuation& v, const std::string& currency, const Model& m, const Cut& cut) {
  if (!v.counted || v.paused) return 0;
  BigRational x = std::max(v.items, BigRational(0));
  for (const DiscountRef& d : v.discounts) {
    if (d.unresolved || !d.coupon || Stopped(d, m, cut)) continue;
    x = std::max(ApplyCoupon(x, *d.coupon, v, currency), BigRational(0));
  }
  return x;
}

// The reported (rounded) MRR of a subscription at a cut; 0 before its first state.
inline BigInt ReportedMrr(const Subscription& s, const Model& m, const Cut& cut) {
  const State* st = StateAt(s, cut);
  return st ? RoundHalfUp(ExactMrr(st->value, s.currency, m, cut)) : BigInt(0);
}

// ---- the customer walk (§4) -------------------------------------------------


struct Point {
  Position at;
  const Subscription* sub = nullptr;  // a subscription event, else a discount point
  const State* state = nullptr;
};

using Subs = std::vector<const Subscription*>;

// Every point of one customer's walk, in order.
inline std::vector<Point> PointsOf(const Model& m, const Subs& subs) {
  std::map<Position, Point> points;
  for (const Subscription* s : subs) {
    for (const State& st : s->states) {
      points[st.at] = Point{st.at, s, &st};
      for (const DiscountRef& d : st.value.discounts) {
        if (d.end && *d.end <= m.as_of) {
          const Position expiry = ExpiryPosition(*d.end, d.id);
          points.emplace(expiry, Point{expiry, nullptr, nullptr});
        }
        const Position* deleted = d.id.empty() ? nullptr : Find(m.known.deletions, d.id);
        if (deleted) points.emplace(*deleted, Point{*deleted, nullptr, nullptr});
      }
    }
  }
  std::vector<Point> out;
  for (auto& [at, p] : points) out.push_back(p);
  return out;
}

// A customer's MRR and retention per currency at a cut.
struct CustomerFigures {
  std::map<std::string, BigInt> mrr;
  std::set<std::string> retained;
};

inline CustomerFigures FiguresAt(const Model& m, const Subs& subs, const Cut& cut) {
  CustomerFigures f;
  for (const Subscription* s : subs) {
    const State* st = StateAt(*s, cut);
    if (!st) continue;
    f.mrr[s->currency] += ReportedMrr(*s, m, cut);
    if (st->value.counted) f.retained.insert(s->currency);
  }
  return f;
}

// The §4 table for one currency at one point; "" when a == b.
inline std::pair<std::string, BigInt> Classify(const BigInt& b, const BigInt& a, bool retained_before,
                                               bool retained_after, bool had_mrr) {
  if (a > b && b == 0 && !retained_before) return {had_mrr ? "reactivation" : "new", a};
  if (a > b) return {"expansion", a - b};
  if (a < b && retained_after) return {"contraction", b - a};
  if (a < b) return {"churn", b};
  return {"", 0};
}

inline std::vector<Movement> WalkCustomer(const Model& m, const std::string& customer, const Subs& subs) {
  std::set<std::string> currencies, had_mrr;
  for (const Subscription* s : subs) currencies.insert(s->currency);
  std::vector<Movement> out;
  for (const Point& p : PointsOf(m, subs)) {
    const CustomerFigures before = FiguresAt(m, subs, Cut{p.at, false});
    const CustomerFigures after = FiguresAt(m, subs, Cut{p.at, true});
    for (const std::string& c : currencies) {
      const BigInt b = before.mrr.count(c) ? before.mrr.at(c) : BigInt(0);
      const BigInt a = after.mrr.count(c) ? after.mrr.at(c) : BigInt(0);
      const auto [kind, amount] =
          Classify(b, a, before.retained.count(c) > 0, after.retained.count(c) > 0, had_mrr.count(c) > 0);
      if (a > 0) had_mrr.insert(c);
      if (kind.empty()) continue;
      const bool involuntary = kind == "churn" && p.state && p.state->value.involuntary;
      out.push_back(Movement{p.at.event, customer, p.sub ? p.sub->id : "", c, kind, p.at.second, ToMoney(amount),
                             involuntary});
    }
  }
  return out;
}

// Every customer's movements: customers by id, each in walk order.
inline std::vector<Movement> AllMovements(const Model& m) {
  std::map<std::string, Subs> by_customer;
  for (const auto& [id, s] : m.subscriptions) by_customer[s.customer].push_back(&s);
  std::vector<Movement> out;
  for (const auto& [customer, subs] : by_customer) {
    for (Movement& mv : WalkCustomer(m, customer, subs)) out.push_back(std::move(mv));
  }
  return out;
}

// ---- stocks at an instant (§5, §7) -----------------------------------------

struct Stock {
  BigInt mrr = 0, scheduled = 0;
  std::map<std::string, BigInt> by_customer;
  std::set<std::string> positive;  // customers with MRR > 0
  std::set<std::string> retained;  // customers with a counted subscription
  std::set<std::string> counted;   // counted subscriptions
  int64_t unpriced = 0;
  std::set<std::string> unresolved;  // discount ids
};

inline void AddSubscription(const Subscription& s, const State& st, const Model& m, const Cut& cut, Stock* out) {
  const BigInt mrr = ReportedMrr(s, m, cut);
  out->mrr += mrr;
  out->by_customer[s.customer] += mrr;
  if (!st.value.counted) return;
  out->retained.insert(s.customer);
  out->counted.insert(s.id);
  if (st.value.scheduled) out->scheduled += mrr;
  out->unpriced += st.value.unpriced;
  for (const DiscountRef& d : st.value.discounts) {
    if (d.unresolved && !d.id.empty()) out->unresolved.insert(d.id);
  }
}

inline Stock StockAt(const Model& m, const std::string& currency, const Cut& cut) {
  Stock out;
  for (const auto& [id, s] : m.subscriptions) {
    const State* st = StateAt(s, cut);
    if (s.currency == currency && st) AddSubscription(s, *st, m, cut, &out);
  }
  for (const auto& [customer, mrr] : out.by_customer) {
    if (mrr > 0) out.positive.insert(customer);
  }
  return out;
}

// After the last point of the book (its as_of).
inline Cut EndOfBook(const Model& m) { return StartOfSecond(m.as_of + 1); }

// ---- month rows (§5, §6) ----------------------------------------------------

struct Flows {
  BigInt new_mrr = 0, expansion = 0, reactivation = 0, contraction = 0, churn_voluntary = 0, churn_involuntary = 0;
  std::map<std::string, bool> last_churn_involuntary;  // customer -> kind of its last churn in the month
};

inline BigInt Big(Money v) {
  BigInt out = 0;
  const bool negative = v < 0;
  auto u = static_cast<unsigned __int128>(negative ? -v : v);
  out = BigInt(static_cast<uint64_t>(u >> 64));
  out <<= 64;
  out += BigInt(static_cast<uint64_t>(u));
  return negative ? BigInt(-out) : out;
}

inline Flows FlowsIn(const std::vector<Movement>& movements, const std::string& currency, MonthIndex month) {
  Flows f;
  for (const Movement& mv : movements) {
    if (mv.currency != currency || MonthOfSeconds(mv.created) != month) continue;
    const BigInt amount = Big(mv.amount);
    if (mv.kind == "new") f.new_mrr += amount;
    if (mv.kind == "expansion") f.expansion += amount;
    if (mv.kind == "reactivation") f.reactivation += amount;
    if (mv.kind == "contraction") f.contraction += amount;
    if (mv.kind == "churn") {
      (mv.involuntary ? f.churn_involuntary : f.churn_voluntary) += amount;
      f.last_churn_involuntary[mv.customer] = mv.involuntary;
    }
  }
  return f;
}

struct Payments {
  int64_t succeeded = 0, failed = 0;
  BigInt amount = 0;
};

inline Payments PaymentsIn(const Model& m, const std::string& currency, MonthIndex month) {
  Payments p;
  for (const Event& e : m.events) {
    if (MonthOfSeconds(e.created) != month || Lower(Str(At(e.object, "currency"))) != currency) continue;
    if (e.type == "payment_intent.succeeded") {
      ++p.succeeded;
      const auto amount = Decimal(At(e.object, "amount_received"));
      if (amount && denominator(*amount) == 1) p.amount += numerator(*amount);
    } else if (e.type == "payment_intent.payment_failed") {
      ++p.failed;
    }
  }
  return p;
}

struct Trials {
  int64_t started = 0, ended = 0, converted = 0;
};

// §5 trials: each state against the subscription's previous state (none for the first).
inline Trials TrialsIn(const Model& m, const std::string& currency, MonthIndex month) {
  Trials t;
  for (const auto& [id, s] : m.subscriptions) {
    if (s.currency != currency) continue;
    const std::string* before = nullptr;
    for (const State& st : s.states) {
      const bool was = before && *before == "trialing", is = st.value.status == "trialing";
      if (MonthOfSeconds(st.at.second) == month) {
        t.started += is && !was;
        t.ended += was && !is;
        t.converted += was && st.value.counted;
      }
      before = &st.value.status;
    }
  }
  return t;
}

inline std::optional<Money> HalfUpQuotient(const BigInt& num, int64_t den) {
  if (den == 0) return std::nullopt;
  return ToMoney(RoundHalfUp(BigRational(num, BigInt(den))));
}

// Customers of `start` not retained at `end`, split by their last churn's kind.
inline void ChurnedCustomers(const Stock& start, const Stock& end, const Flows& f, MonthRow* row) {
  for (const std::string& c : start.positive) {
    if (end.retained.count(c)) continue;
    auto k = f.last_churn_involuntary.find(c);
    (k != f.last_churn_involuntary.end() && k->second ? row->customers_churned_involuntary
                                                       : row->customers_churned_voluntary)++;
  }
  row->customers_churned = row->customers_churned_voluntary + row->customers_churned_involuntary;
}

inline void FillFlows(const Flows& f, const Stock& start, MonthRow* row) {
  const BigInt churn = f.churn_voluntary + f.churn_involuntary, gained = f.new_mrr + f.expansion + f.reactivation;
  row->new_mrr = ToMoney(f.new_mrr);
  row->expansion = ToMoney(f.expansion);
  row->reactivation = ToMoney(f.reactivation);
  row->contraction = ToMoney(f.contraction);
  row->churn = ToMoney(churn);
  row->churn_voluntary = ToMoney(f.churn_voluntary);
  row->churn_involuntary = ToMoney(f.churn_involuntary);
  row->net_new = ToMoney(gained - f.contraction - churn);
  row->gross_mrr_churn_rate = Rate(churn + f.contraction, start.mrr);
  row->net_mrr_churn_rate = Rate(churn + f.contraction - f.expansion - f.reactivation, start.mrr);
  row->quick_ratio = Rate(gained, f.contraction + churn);
  row->nrr = Rate(start.mrr + f.expansion + f.reactivation - f.contraction - churn, start.mrr);
  row->grr = Rate(start.mrr - f.contraction - churn, start.mrr);
}

inline void FillStocks(const Stock& start, const Stock& end, MonthRow* row) {
  row->mrr_start = ToMoney(start.mrr);
  row->mrr_end = ToMoney(end.mrr);
  row->customers_start = static_cast<int64_t>(start.positive.size());
  row->customers_end = static_cast<int64_t>(end.positive.size());
  row->subscriptions_start = static_cast<int64_t>(start.counted.size());
  for (const std::string& id : start.counted) row->subscriptions_churned += end.counted.count(id) ? 0 : 1;
  row->arpa = HalfUpQuotient(end.mrr, row->customers_end);
  row->scheduled_churn = ToMoney(end.scheduled);
}

inline MonthRow MonthRowOf(const Model& m, const std::string& currency, MonthIndex month,
                           const std::vector<Movement>& movements) {
  MonthRow row;
  row.month = month;
  row.currency = currency;
  const Stock start = StockAt(m, currency, StartOfSecond(FirstSecondOf(month)));
  const Stock end = StockAt(m, currency, StartOfSecond(FirstSecondOf(month + 1)));
  const Flows f = FlowsIn(movements, currency, month);
  FillStocks(start, end, &row);
  FillFlows(f, start, &row);
  ChurnedCustomers(start, end, f, &row);
  row.customer_churn_rate = Rate(row.customers_churned, row.customers_start);
  row.subscription_churn_rate = Rate(row.subscriptions_churned, row.subscriptions_start);
  row.involuntary_churn_share = Rate(row.customers_churned_involuntary, row.customers_churned);
  const Payments p = PaymentsIn(m, currency, month);
  row.payments_succeeded = p.succeeded;
  row.payments_failed = p.failed;
  row.amount_succeeded = ToMoney(p.amount);
  row.payment_success_rate = Rate(p.succeeded, p.succeeded + p.failed);
  const Trials t = TrialsIn(m, currency, month);
  row.trials_started = t.started;
  row.trials_ended = t.ended;
  row.trials_converted = t.converted;
  row.trial_conversion_rate = Rate(t.converted, t.ended);
  return row;
}

inline CurrencyRow CurrencyRowOf(const Model& m, const std::string& currency) {
  const Stock now = StockAt(m, currency, EndOfBook(m));
  CurrencyRow c;
  c.currency = currency;
  c.mrr = ToMoney(now.mrr);
  c.arr = ToMoney(now.mrr * 12);
  c.customers = static_cast<int64_t>(now.positive.size());
  c.arpa = HalfUpQuotient(now.mrr, c.customers);
  c.scheduled_churn = ToMoney(now.scheduled);
  c.unpriced_items = now.unpriced;
  c.unresolved_discounts = static_cast<int64_t>(now.unresolved.size());
  return c;
}

// §7: subscription currencies and succeeded/failed payment currencies.
inline std::set<std::string> CurrenciesOf(const Model& m) {
  std::set<std::string> out;
  for (const auto& [id, s] : m.subscriptions) out.insert(s.currency);
  for (const Event& e : m.events) {
    if (e.type == "payment_intent.succeeded" || e.type == "payment_intent.payment_failed") {
      out.insert(Lower(Str(At(e.object, "currency"))));
    }
  }
  out.erase("");
  return out;
}

// ---- the report --------------------------------------------------------------



inline Details DetailsOf(const Model& m) {
  Details d;
  d.report.book = m.book;
  d.report.events = m.events.size();
  if (m.events.empty()) return d;
  d.report.as_of = m.as_of;
  d.movements = AllMovements(m);
  for (const auto& [id, s] : m.subscriptions) {
    const State* st = StateAt(s, EndOfBook(m));
    ++d.report.subscriptions_by_status[st->value.status];
    const Money mrr = ToMoney(ReportedMrr(s, m, EndOfBook(m)));
    d.final_state[id] = SubscriptionNow{id, s.customer, s.currency, st->value.status, mrr};
  }
  const MonthIndex first = MonthOfSeconds(m.events.front().created), last = MonthOfSeconds(m.as_of);
  for (const std::string& c : CurrenciesOf(m)) {
    for (MonthIndex month = first; month <= last; ++month) {
      d.report.months.push_back(MonthRowOf(m, c, month, d.movements));
    }
    d.report.currencies.push_back(CurrencyRowOf(m, c));
  }
  return d;
}

// The events of every book, each in canonical order.
inline std::map<Book, std::vector<Event>> EventsByBook(const std::vector<std::string>& bodies) {
  std::map<Book, std::vector<Event>> out;
  for (Event& e : CanonicalEvents(bodies)) out[e.book].push_back(std::move(e));
  return out;
}

}  // namespace subledger::testing::oracle
