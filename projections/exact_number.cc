#include "projections/exact_number.h"

#include <boost/multiprecision/cpp_int.hpp>

namespace subledger {

using BigInt = boost::multiprecision::cpp_int;
using BigRational = boost::multiprecision::cpp_rational;

class Exact::Big {
 public:
  explicit Big(BigRational v) : value(std::move(v)) {}
  BigRational value;
};

namespace {

constexpr int kMaxDigits = 60;
constexpr int kMaxExponent = 60;

BigInt ToBigInt(Rational::Int v) {
  const bool negative = v < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  BigInt out = static_cast<uint64_t>(magnitude >> 64);
  out <<= 64;
  out += static_cast<uint64_t>(magnitude);
  return negative ? BigInt(-out) : out;
}

bool TooBig(const BigRational& v) {
  using boost::multiprecision::msb;
  const BigInt& n = boost::multiprecision::numerator(v);
  const BigInt& d = boost::multiprecision::denominator(v);
  return (n != 0 && msb(abs(n)) >= Exact::kMaxBits) || msb(d) >= Exact::kMaxBits;
}

// value = digits x 10^exponent; the text is validated by the caller.
BigRational Scaled(const BigInt& digits, int exponent) {
  BigInt power = 1;
  for (int i = 0; i < (exponent < 0 ? -exponent : exponent); ++i) power *= 10;
  return exponent >= 0 ? BigRational(digits * power) : BigRational(digits, power);
}

}  // namespace

Exact Exact::Ratio(int64_t num, int64_t den) {
  Exact e;
  e.small_ = Rational::Of(num, den);
  return e;
}

Exact Exact::OutOfRange() {
  Exact e;
  e.out_of_range_ = true;
  return e;
}

Exact Exact::FromBig(Big value) {
  Exact e;
  if (TooBig(value.value)) {
    e.out_of_range_ = true;
    return e;
  }
  // Back to the fast path when it fits again (e.g. after rounding steps).
  const BigInt& n = boost::multiprecision::numerator(value.value);
  const BigInt& d = boost::multiprecision::denominator(value.value);
  if (msb(abs(n) + 1) < 126 && msb(d) < 126) {
    e.small_ = Rational::Of(static_cast<Rational::Int>(n), static_cast<Rational::Int>(d));
    return e;
  }
  e.big_ = std::make_shared<const Big>(std::move(value));
  return e;
}

Exact::Big Exact::ToBig() const {
  if (big_) return *big_;
  return Big(BigRational(ToBigInt(small_.num()), ToBigInt(small_.den())));
}

std::optional<Exact> Exact::ParseDecimal(std::string_view s) {
  if (auto fast = Rational::ParseDecimal(s)) {
    Exact e;
    e.small_ = *fast;
    return e;
  }
  // The slow path: more digits than 128 bits hold.
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  BigInt digits = 0;
  int significant = 0, scale = 0;
  bool any = false, dot = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (digits != 0 || c != '0') ++significant;
      if (significant > kMaxDigits) return std::nullopt;
      digits = digits * 10 + (c - '0');
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
      if (exponent > kMaxExponent + kMaxDigits) return std::nullopt;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  const int net = exponent - scale;
  if (net > kMaxExponent || net < -kMaxExponent - kMaxDigits) return std::nullopt;
  return FromBig(Big(Scaled(negative ? BigInt(-digits) : digits, net)));
}

Exact Exact::operator+(const Exact& o) const {
  if (out_of_range_) return *this;
  if (o.out_of_range_) return o;
  if (!big_ && !o.big_) {
    Rational r = small_ + o.small_;
    if (!r.overflowed()) {
      Exact e;
      e.small_ = r;
      return e;
    }
  }
  return FromBig(Big(ToBig().value + o.ToBig().value));
}

Exact Exact::operator-(const Exact& o) const {
  if (out_of_range_) return *this;
  if (o.out_of_range_) return o;
  if (!big_ && !o.big_) {
    Rational r = small_ - o.small_;
    if (!r.overflowed()) {
      Exact e;
      e.small_ = r;
      return e;
    }
  }
  return FromBig(Big(ToBig().value - o.ToBig().value));
}

Exact Exact::operator*(const Exact& o) const {
  if (out_of_range_) return *this;
  if (o.out_of_range_) return o;
  if (!big_ && !o.big_) {
    Rational r = small_ * o.small_;
    if (!r.overflowed()) {
      Exact e;
      e.small_ = r;
      return e;
    }
  }
  return FromBig(Big(ToBig().value * o.ToBig().value));
}

bool Exact::operator<(const Exact& o) const {
  if (!big_ && !o.big_) {
    Rational::Int a, b;
    if (!__builtin_mul_overflow(small_.num(), o.small_.den(), &a) &&
        !__builtin_mul_overflow(o.small_.num(), small_.den(), &b)) {
      return a < b;
    }
  }
  return ToBig().value < o.ToBig().value;
}

bool Exact::operator==(const Exact& o) const {
  if (out_of_range_ != o.out_of_range_) return false;
  if (!big_ && !o.big_) return small_ == o.small_;
  return ToBig().value == o.ToBig().value;
}

bool Exact::is_negative() const { return big_ ? big_->value < 0 : small_.is_negative(); }

std::optional<Money> Exact::RoundHalfUp() const { return Rounded(true); }

std::optional<Money> Exact::Floor() const { return Rounded(false); }

std::optional<Money> Exact::Rounded(bool half_up) const {
  if (out_of_range_) return std::nullopt;
  if (!big_) {
    const Rational::Int den = small_.den();
    Rational::Int q = small_.num() / den;
    Rational::Int r = small_.num() % den;
    if (r < 0) {
      r += den;
      --q;
    }
    if (half_up && r >= den - r) ++q;
    return q;
  }
  const BigInt& n = boost::multiprecision::numerator(big_->value);
  const BigInt& d = boost::multiprecision::denominator(big_->value);
  BigInt q, r;
  boost::multiprecision::divide_qr(n, d, q, r);
  if (r < 0) {
    r += d;
    --q;
  }
  if (half_up && r * 2 >= d) ++q;
  if (msb(abs(q) + 1) >= 126) return std::nullopt;
  return static_cast<Money>(q);
}

std::string Exact::ToText() const {
  if (out_of_range_) return "out-of-range";
  const Big big = ToBig();
  const BigInt& n = boost::multiprecision::numerator(big.value);
  const BigInt& d = boost::multiprecision::denominator(big.value);
  return d == 1 ? n.str() : n.str() + "/" + d.str();
}

std::optional<Exact> Exact::FromText(std::string_view text) {
  if (text == "out-of-range") return OutOfRange();
  const size_t slash = text.find('/');
  auto integer = [](std::string_view t) -> std::optional<BigInt> {
    if (t.empty() || t.size() > 1300) return std::nullopt;
    for (size_t i = t[0] == '-' ? 1 : 0; i < t.size(); ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
    }
    if (t == "-") return std::nullopt;
    return BigInt(std::string(t));
  };
  auto n = integer(text.substr(0, slash));
  auto d = slash == std::string_view::npos ? std::optional<BigInt>(1) : integer(text.substr(slash + 1));
  if (!n || !d || *d <= 0) return std::nullopt;
  return FromBig(Big(BigRational(*n, *d)));
}

}  // namespace subledger
