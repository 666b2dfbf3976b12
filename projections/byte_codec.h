// ByteWriter/ByteReader: the little-endian varint encoding used for the
// projection state (docs/storage.md). Readers fail soft: ok() turns false on
// truncated or malformed input and every later read returns zero values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace subledger {

class ByteWriter {
 public:
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }  // zigzag
  // 128-bit values (Money): the same varint over 128 bits, zig-zag signed.
  void U128(unsigned __int128 v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(static_cast<uint8_t>(v) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I128(__int128 v) {
    U128((static_cast<unsigned __int128>(v) << 1) ^ static_cast<unsigned __int128>(v >> 127));
  }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  void Bool(bool b) { out_.push_back(b ? 1 : 0); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  int64_t I64() {
    uint64_t u = U64();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  unsigned __int128 U128() {
    unsigned __int128 v = 0;
    for (int shift = 0; shift < 128; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<unsigned __int128>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  __int128 I128() {
    unsigned __int128 u = U128();
    return static_cast<__int128>((u >> 1) ^ (~(u & 1) + 1));
  }
  std::string Str() {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  bool Bool() {
    if (pos_ >= in_.size()) return Fail() != 0;
    return in_[pos_++] != 0;
  }
  // Marks the input malformed (a caller's own check failed).
  void Invalidate() { Fail(); }
  bool ok() const { return ok_; }
  size_t consumed() const { return pos_; }
  bool done() const { return pos_ == in_.size(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace subledger
