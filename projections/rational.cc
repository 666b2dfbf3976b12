#include "projections/rational.h"

#include <cstdint>

namespace subledger {
namespace {

Rational::Int Abs(Rational::Int v) { return v < 0 ? -v : v; }

Rational::Int Gcd(Rational::Int a, Rational::Int b) {
  a = Abs(a);
  b = Abs(b);
  while (b != 0) {
    Rational::Int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

}  // namespace

Rational Rational::Of(Int num, Int den) {
  Rational r;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Int g = Gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  r.num_ = num;
  r.den_ = den == 0 ? 1 : den;
  return r;
}

std::optional<Rational> Rational::ParseDecimal(std::string_view s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  Int mantissa = 0;
  int digits = 0;
  int scale = 0;  // number of fraction digits
  bool any = false, dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (mantissa != 0 || c != '0') ++digits;
      if (digits > 30) return std::nullopt;
      mantissa = mantissa * 10 + (c - '0');
      if (dot) ++scale;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  int exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) exp_negative = s[i++] == '-';
    if (i >= s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 30) return std::nullopt;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  int net = exponent - scale;  // value = mantissa * 10^net
  if (net > 30 || net < -36) return std::nullopt;
  Int pow = 1;
  for (int k = 0; k < (net < 0 ? -net : net); ++k) pow *= 10;
  if (negative) mantissa = -mantissa;
  if (net >= 0) {
    if (digits + net > 36) return std::nullopt;
    return Of(mantissa * pow, 1);
  }
  return Of(mantissa, pow);
}

Rational Rational::operator+(const Rational& o) const {
  if (overflow_ || o.overflow_) return Overflow();
  Int g = Gcd(den_, o.den_);
  Int a, b, sum, den;
  if (__builtin_mul_overflow(num_, o.den_ / g, &a) || __builtin_mul_overflow(o.num_, den_ / g, &b) ||
      __builtin_add_overflow(a, b, &sum) || __builtin_mul_overflow(den_ / g, o.den_, &den)) {
    return Overflow();
  }
  return Of(sum, den);
}

Rational Rational::operator-(const Rational& o) const {
  if (o.overflow_) return Overflow();
  return *this + Rational::Of(-o.num_, o.den_);
}

Rational Rational::operator*(const Rational& o) const {
  if (overflow_ || o.overflow_) return Overflow();
  Int g1 = Gcd(num_, o.den_);
  Int g2 = Gcd(o.num_, den_);
  if (g1 == 0) g1 = 1;
  if (g2 == 0) g2 = 1;
  Int num, den;
  if (__builtin_mul_overflow(num_ / g1, o.num_ / g2, &num) || __builtin_mul_overflow(den_ / g2, o.den_ / g1, &den)) {
    return Overflow();
  }
  return Of(num, den);
}

bool Rational::operator<(const Rational& o) const {
  Int a, b;
  if (!__builtin_mul_overflow(num_, o.den_, &a) && !__builtin_mul_overflow(o.num_, den_, &b)) return a < b;
  // Too large to cross-multiply: compare integer parts, then the fractions.
  Int qa = num_ / den_, qb = o.num_ / o.den_;
  if (qa != qb) return qa < qb;
  return static_cast<long double>(num_ - qa * den_) / static_cast<long double>(den_) <
         static_cast<long double>(o.num_ - qb * o.den_) / static_cast<long double>(o.den_);
}

int64_t Rational::RoundHalfUp() const {
  // floor(n/d + 1/2) = floor(n/d) + (remainder*2 >= d), without overflow.
  Int q = num_ / den_;
  Int r = num_ % den_;
  if (r < 0) {
    r += den_;
    --q;
  }
  if (r >= den_ - r) ++q;
  if (q > INT64_MAX) return INT64_MAX;
  if (q < INT64_MIN) return INT64_MIN;
  return static_cast<int64_t>(q);
}

}  // namespace subledger
