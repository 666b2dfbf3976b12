// Exact: an exact rational number for MRR arithmetic (revenue model v2 §3:
// "exact for every magnitude Stripe allows ... never silently 0, capped or
// marked unpriced because an intermediate value grew large").
//
// The fast path is projections/Rational (128-bit numerator and denominator).
// An operation that would overflow it is redone with Boost.Multiprecision's
// cpp_rational, and the result stays big. So ten stacked 33.33 % coupons or
// 10^12 x 10^7 x 365/12 are exact, and the common case costs no allocation.
//
// Hostile input cannot make it slow: a big value whose numerator or
// denominator passes kMaxBits is "out of range" (sticky through every later
// operation). No price Stripe accepts comes near it (20 items of 10^12 x
// 10^7, 20 stacked discounts of 12-digit percentages stay under 1,000
// bits); the valuation reports such a subscription as unpriced, visibly.
//
// Thread safety: a value; copies share the immutable big representation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "projections/money.h"
#include "projections/rational.h"

namespace subledger {

class Exact {
 public:
  static constexpr unsigned kMaxBits = 4096;

  Exact() = default;
  Exact(int64_t v) : small_(v) {}  // NOLINT: integers convert implicitly
  static Exact Ratio(int64_t num, int64_t den);
  // A value too large to hold (as an operation past kMaxBits yields).
  static Exact OutOfRange();

  // The exact value of a JSON number's text or a decimal string ("1500",
  // "12.5", "1e2", "-0.25", "0.0000001"). nullopt when it is not a decimal
  // number or has more than 60 significant digits or an exponent beyond
  // ±60 (no Stripe amount does).
  static std::optional<Exact> ParseDecimal(std::string_view text);

  Exact operator+(const Exact& o) const;
  Exact operator-(const Exact& o) const;
  Exact operator*(const Exact& o) const;
  bool operator<(const Exact& o) const;
  bool operator==(const Exact& o) const;

  bool out_of_range() const { return out_of_range_; }
  bool is_negative() const;
  Exact ClampAtZero() const { return is_negative() ? Exact() : *this; }
  // Rounded half-up (towards +infinity at .5); nullopt when out of range or
  // beyond 128 bits.
  std::optional<Money> RoundHalfUp() const;
  // Rounded down (towards -infinity); nullopt as RoundHalfUp.
  std::optional<Money> Floor() const;

  // Exact text, "n" or "n/d" in lowest terms; FromText reads it back.
  std::string ToText() const;
  static std::optional<Exact> FromText(std::string_view text);

 private:
  class Big;
  static Exact FromBig(Big value);
  std::optional<Money> Rounded(bool half_up) const;
  Big ToBig() const;

  Rational small_;
  std::shared_ptr<const Big> big_;  // set: the value is big_, small_ unused
  bool out_of_range_ = false;
};

}  // namespace subledger
