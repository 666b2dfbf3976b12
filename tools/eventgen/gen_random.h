// Deterministic randomness and Stripe-looking ids for the event generator.
//
// The generator must give the same stream for the same seed on every
// platform, so it uses its own SplitMix64 generator and its own integer
// distributions (the std:: distributions are implementation-defined).
//
// Ids: "<prefix>1" + 11 base62 characters of a bijective 64-bit mix of a
// serial number + 11 more characters. The first block is unique per serial,
// and since base62 digits are in ASCII order, comparing ids byte-wise equals
// comparing their mixed values: IdKey() gives that value for fast sorting.
//
// Thread safety: Rng is a value owned by one thread; the rest are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace subledger::eventgen {

// Bijective on 64 bits (the SplitMix64 finaliser).
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix64(state_);
  }
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64); }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t state_;
};

// The unique 64-bit value behind an id (see the header comment).
inline uint64_t IdKey(uint64_t serial, uint64_t salt) { return Mix64(serial ^ salt); }

inline void AppendBase62(std::string* out, uint64_t v, int width) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  char buf[16];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = kDigits[v % 62];
    v /= 62;
  }
  out->append(buf, static_cast<size_t>(width));
}

// "<prefix>1" + 22 base62 characters, unique per (serial, salt).
inline void AppendId(std::string* out, std::string_view prefix, uint64_t serial, uint64_t salt) {
  out->append(prefix);
  out->push_back('1');
  AppendBase62(out, IdKey(serial, salt), 11);  // 62^11 > 2^64: fixed width keeps byte order
  AppendBase62(out, Mix64(serial + salt * 31 + 7), 11);
}

inline std::string MakeId(std::string_view prefix, uint64_t serial, uint64_t salt) {
  std::string s;
  AppendId(&s, prefix, serial, salt);
  return s;
}

}  // namespace subledger::eventgen
