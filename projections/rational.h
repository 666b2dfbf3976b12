// Rational: exact non-float arithmetic for MRR (spec §3: "exact rational
// arithmetic, never < 0", rounded half-up only at the end).
//
// 128-bit numerator and denominator, always reduced, denominator > 0.
// Inputs are bounded (cents, quantities, decimal strings of at most 18
// significant digits, factors with denominators of 12·n), so a reduced value
// stays far inside 128 bits for any realistic subscription.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace subledger {

class Rational {
 public:
  using Int = __int128;

  Rational() = default;
  Rational(int64_t n) : num_(n) {}  // NOLINT: integers convert implicitly
  static Rational Of(Int num, Int den);

  // Parses a JSON number or decimal string exactly ("1500", "12.5", "1e2",
  // "-0.25"). nullopt when it is not a number or has more than 30 digits.
  static std::optional<Rational> ParseDecimal(std::string_view text);

  // True when an operation producing this value overflowed 128 bits; the
  // value is then meaningless and callers must not use it (sticky).
  bool overflowed() const { return overflow_; }
  Int num() const { return num_; }
  Int den() const { return den_; }
  bool is_negative() const { return num_ < 0; }

  Rational operator+(const Rational& o) const;
  Rational operator-(const Rational& o) const;
  Rational operator*(const Rational& o) const;
  bool operator<(const Rational& o) const;
  bool operator==(const Rational& o) const { return num_ == o.num_ && den_ == o.den_; }

  Rational ClampAtZero() const { return num_ < 0 ? Rational() : *this; }
  // Rounded half-up (towards +infinity at .5) to an integer, saturated to
  // the int64 range.
  int64_t RoundHalfUp() const;

 private:
  static Rational Overflow() {
    Rational r;
    r.overflow_ = true;
    return r;
  }
  Int num_ = 0;
  Int den_ = 1;
  bool overflow_ = false;
};

}  // namespace subledger
