#include "projections/money.h"

#include "ledger/json_writer.h"

#include <boost/multiprecision/cpp_int.hpp>

namespace subledger {
namespace {

using BigInt = boost::multiprecision::cpp_int;
using BigRational = boost::multiprecision::cpp_rational;

constexpr Money kExactInDouble = Money{1} << 53;

BigInt ToBig(Money v) {
  const bool negative = v < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  BigInt out = static_cast<uint64_t>(magnitude >> 64);
  out <<= 64;
  out += static_cast<uint64_t>(magnitude);
  return negative ? BigInt(-out) : out;
}

}  // namespace

std::string MoneyToString(Money v) { return Int128Text(v); }

std::optional<Money> DivideRoundHalfUp(Money num, Money den) {
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  // floor(n/d + 1/2) = floor(n/d) + (2 * remainder >= d), without overflow.
  Money q = num / den;
  Money r = num % den;
  if (r < 0) {
    r += den;
    --q;
  }
  if (r >= den - r) ++q;
  return q;
}

std::optional<double> NearestRatio(Money num, Money den) {
  if (den == 0) return std::nullopt;
  if (num > -kExactInDouble && num < kExactInDouble && den > -kExactInDouble && den < kExactInDouble) {
    // Both operands are exact doubles; IEEE division rounds the exact
    // quotient to nearest.
    return static_cast<double>(num) / static_cast<double>(den);
  }
  return BigRational(ToBig(num), ToBig(den)).convert_to<double>();
}

}  // namespace subledger
