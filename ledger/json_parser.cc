// The validating parser behind JsonDocument::Parse (ledger/json_view.h): one
// pass over the text that checks RFC 8259 and records the node table.
#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ledger/ascii.h"
#include "ledger/json_view.h"

namespace subledger {
namespace {

// JSON's four whitespace bytes, as a table: one load per byte in the loop
// that skips indentation.
constexpr auto kWhitespace = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {' ', '\n', '\r', '\t'}) table[c] = true;
  return table;
}();
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Parser {
 public:
  // Writes the nodes into *storage (*capacity of them), which it replaces
  // with a larger one when full.
  Parser(std::string_view text, int max_depth, std::unique_ptr<JsonNode[]>* storage, size_t* capacity,
         std::vector<uint32_t>* stack)
      : s_(text.data()), n_(text.size()), max_depth_(max_depth), storage_(storage), capacity_(capacity),
        nodes_(storage->get()), stack_(stack) {}

  // Nodes written (the document's, after a successful Run).
  size_t count() const { return count_; }

  Status Run() {
    if (Document()) return Status::Ok();
    return Status::InvalidArgument("invalid JSON at byte " + std::to_string(pos_) + ": " + why_);
  }

 private:
  // The parse. A step that fails records why (Error) and returns false, with
  // pos_ at the failing byte; the Status is made once, by Run().
  bool Document() {
    if (n_ >= UINT32_MAX) return Error("document too large");
    stack_->clear();
    // Room for the nodes of a typical text (a node per 8 bytes or fewer);
    // the room is kept from text to text.
    if (*capacity_ < n_ / 8 + 16) Replace(n_ / 8 + 16);
    SkipWs();
    for (;;) {
      // Expect a value.
      if (pos_ >= n_) return Error("unexpected end of input");
      if (!Value()) return false;
      // After a value: close containers or continue them.
      for (;;) {
        if (stack_->empty()) {
          SkipWs();
          if (pos_ != n_) return Error("unexpected data after the JSON value");
          return true;
        }
        SkipWs();
        if (pos_ >= n_) return Error("unexpected end of input");
        JsonNode& top = nodes_[stack_->back()];
        char c = s_[pos_];
        if (c == ',') {
          ++pos_;
          SkipWs();
          ++top.count;
          // Key() may move the nodes (Push): `top` is not used after it.
          if (top.kind == JsonKind::kObject && !Key()) return false;
          break;  // expect the next value
        }
        if ((c == '}' && top.kind == JsonKind::kObject) || (c == ']' && top.kind == JsonKind::kArray)) {
          ++pos_;
          top.end = static_cast<uint32_t>(count_);
          stack_->pop_back();
          continue;
        }
        return Error(top.kind == JsonKind::kObject ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  bool Error(const char* why) {
    why_ = why;
    return false;
  }
  void SkipWs() {
    if (pos_ < n_ && s_[pos_] == '\n') {  // pretty-printed: a newline, then indentation
      ++pos_;
      constexpr uint64_t kEightSpaces = 0x2020202020202020ULL;
      for (uint64_t w; n_ - pos_ >= 8 && (std::memcpy(&w, s_ + pos_, 8), w == kEightSpaces);) pos_ += 8;
    }
    while (pos_ < n_ && kWhitespace[static_cast<unsigned char>(s_[pos_])]) ++pos_;
  }
  // Appends a node; returns it (valid until the next Push) and, in *index,
  // its index.
  JsonNode& Push(JsonKind kind, size_t offset, uint32_t* index = nullptr) {
    if (count_ == *capacity_) [[unlikely]] Replace(2 * count_);
    const uint32_t at = static_cast<uint32_t>(count_++);
    if (index != nullptr) *index = at;
    return nodes_[at] = JsonNode{kind, false, false, static_cast<uint32_t>(offset), 0, at + 1, 0};
  }

  // Moves the nodes so far into new room for `capacity` nodes (the old room
  // stays the document's if the allocation throws).
  [[gnu::noinline]] void Replace(size_t capacity) {
    auto room = std::make_unique_for_overwrite<JsonNode[]>(capacity);
    std::copy_n(nodes_, count_, room.get());
    *storage_ = std::move(room);
    *capacity_ = capacity;
    nodes_ = storage_->get();
  }

  // Parses `"key" :` inside an object; leaves pos_ at the value.
  bool Key() {
    if (pos_ >= n_ || s_[pos_] != '"') return Error("expected a string key");
    if (!String()) return false;
    SkipWs();
    if (pos_ >= n_ || s_[pos_] != ':') return Error("expected ':'");
    ++pos_;
    SkipWs();
    return true;
  }

  bool Value() {
    char c = s_[pos_];
    switch (c) {
      case '{':
      case '[': {
        if (static_cast<int>(stack_->size()) >= max_depth_) return Error("nesting too deep");
        uint32_t idx;
        Push(c == '{' ? JsonKind::kObject : JsonKind::kArray, pos_, &idx);
        ++pos_;
        SkipWs();
        if (pos_ >= n_) return Error("unexpected end of input");
        char close = c == '{' ? '}' : ']';
        if (s_[pos_] == close) {
          ++pos_;
          nodes_[idx].end = static_cast<uint32_t>(count_);
          return true;  // caller's loop continues with "after value"
        }
        stack_->push_back(idx);
        nodes_[idx].count = 1;
        if (c == '{' && !Key()) return false;
        if (pos_ >= n_) return Error("unexpected end of input");
        return Value();  // recursion depth bounded: only until the first scalar
      }
      case '"':
        return String();
      case 't':
        return Literal("true", JsonKind::kTrue);
      case 'f':
        return Literal("false", JsonKind::kFalse);
      case 'n':
        return Literal("null", JsonKind::kNull);
      default:
        if (c == '-' || IsDigit(c)) return Number();
        return Error("unexpected character");
    }
  }

  bool Literal(const char* word, JsonKind kind) {
    size_t len = std::strlen(word);
    if (n_ - pos_ < len || std::memcmp(s_ + pos_, word, len) != 0) return Error("invalid literal");
    Push(kind, pos_).length = static_cast<uint32_t>(len);
    pos_ += len;
    return true;
  }

  bool Number() {
    size_t start = pos_;
    bool integer = true;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= n_ || !IsDigit(s_[pos_])) return Error("invalid number");
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < n_ && IsDigit(s_[pos_])) ++pos_;
    }
    if (pos_ < n_ && s_[pos_] == '.') {
      integer = false;
      ++pos_;
      if (pos_ >= n_ || !IsDigit(s_[pos_])) return Error("invalid number");
      while (pos_ < n_ && IsDigit(s_[pos_])) ++pos_;
    }
    if (pos_ < n_ && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integer = false;
      ++pos_;
      if (pos_ < n_ && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (pos_ >= n_ || !IsDigit(s_[pos_])) return Error("invalid number");
      while (pos_ < n_ && IsDigit(s_[pos_])) ++pos_;
    }
    const char* first = s_ + start;
    const char* last = s_ + pos_;
    if (integer) {
      // Up to 18 digits always fits (no leading zeros here); from_chars
      // decides a longer one.
      const ptrdiff_t digits = last - first - (*first == '-' ? 1 : 0);
      if (digits > 18) {
        int64_t v;
        auto r = std::from_chars(first, last, v);
        if (r.ec != std::errc() || r.ptr != last) return Error("integer does not fit in 64 bits");
      }
    } else {
      double d = 0;
      auto r = std::from_chars(first, last, d);
      if (r.ec == std::errc::result_out_of_range) {
        // from_chars does not say which way; strtod does (the C locale: this
        // code never sets one; a copy, for the terminating NUL). Too small for a
        // double (1e-400) reads as zero, as in simdjson and nlohmann; too large
        // (1e400) is refused.
        if (std::isinf(std::strtod(std::string(first, last).c_str(), nullptr))) return Error("number out of range");
      } else if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) {
        return Error("number out of range");
      }
    }
    JsonNode& node = Push(JsonKind::kNumber, start);
    node.integer = integer;
    node.length = static_cast<uint32_t>(pos_ - start);
    return true;
  }

  // pos_ at the opening quote.
  bool String() {
    ++pos_;
    size_t start = pos_;
    bool escaped = false;
    for (;;) {
      // To the next special byte: a quote, a backslash, a control character
      // or non-ASCII.
#if defined(__SSE2__)
      if (n_ - pos_ >= 16) {
        // 16 bytes at a time (SSE2, in every x86-64): a quote, a backslash,
        // or a byte below 0x20 as a signed char (a control character or
        // non-ASCII).
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_ + pos_));
        const __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
        const unsigned hit = static_cast<unsigned>(_mm_movemask_epi8(special));
        if (hit == 0) {
          pos_ += 16;
          continue;
        }
        pos_ += static_cast<size_t>(std::countr_zero(hit));
      } else
#endif
      if (n_ - pos_ >= 8) {
        // 8 bytes at a time (SWAR; memcpy keeps it alignment-safe).
        uint64_t w;
        std::memcpy(&w, s_ + pos_, 8);
        constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
        const uint64_t quote = w ^ (kOnes * '"');
        const uint64_t backslash = w ^ (kOnes * '\\');
        const uint64_t special = ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                                 ((w - kOnes * 0x20) & ~w) | w;
        const uint64_t hit = special & kHigh;
        if (hit == 0) {
          pos_ += 8;
          continue;
        }
        // The lowest flagged byte is exact (a borrow only flags bytes above
        // a real hit): the bytes before it are plain ASCII.
        static_assert(std::endian::native == std::endian::little, "the word's first byte is its lowest");
        pos_ += static_cast<size_t>(std::countr_zero(hit)) / 8;
      } else {
        // The last few bytes of the text: one at a time.
        while (pos_ < n_) {
          unsigned char c = static_cast<unsigned char>(s_[pos_]);
          if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
          ++pos_;
        }
        if (pos_ >= n_) return Error("unterminated string");
      }
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') break;
      if (c < 0x20) return Error("control character in string");
      if (c == '\\') {
        escaped = true;
        if (!Escape()) return false;
        continue;
      }
      if (!Utf8()) return false;
    }
    JsonNode& node = Push(JsonKind::kString, start);
    node.escaped = escaped;
    node.length = static_cast<uint32_t>(pos_ - start);
    ++pos_;  // closing quote
    return true;
  }

  bool Escape() {
    ++pos_;  // backslash
    if (pos_ >= n_) return Error("unterminated string");
    char e = s_[pos_];
    switch (e) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        ++pos_;
        return true;
      case 'u': {
        int cp = Hex4(pos_ + 1);
        if (cp < 0) return Error("invalid \\u escape");
        pos_ += 5;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (n_ - pos_ < 6 || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') return Error("unpaired surrogate escape");
          int lo = Hex4(pos_ + 2);
          if (lo < 0xDC00 || lo > 0xDFFF) return Error("unpaired surrogate escape");
          pos_ += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return Error("unpaired surrogate escape");
        }
        return true;
      }
      default:
        return Error("invalid escape");
    }
  }

  int Hex4(size_t at) const {
    if (n_ < at + 4) return -1;
    int v = 0;
    for (size_t i = 0; i < 4; ++i) {
      int h = HexDigitValue(s_[at + i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  // One multi-byte UTF-8 sequence at pos_ (first byte >= 0x80).
  bool Utf8() {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s_ + pos_);
    size_t left = n_ - pos_;
    unsigned char c = p[0];
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return Error("invalid UTF-8");
    }
    if (left < len) return Error("invalid UTF-8");
    for (size_t i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return Error("invalid UTF-8");
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return Error("invalid UTF-8");
    }
    pos_ += len;
    return true;
  }

  const char* s_;
  size_t n_;
  size_t pos_ = 0;
  int max_depth_;
  std::unique_ptr<JsonNode[]>* storage_;
  size_t* capacity_;
  JsonNode* nodes_;  // storage_->get()
  size_t count_ = 0;
  std::vector<uint32_t>* stack_;
  const char* why_ = "";
};

}  // namespace

Status JsonDocument::Parse(std::string_view text, int max_depth) {
  text_ = text;
  node_count_ = 0;
  Parser parser(text, max_depth, &nodes_, &node_capacity_, &stack_);
  Status st = parser.Run();
  if (st.ok()) node_count_ = parser.count();
  return st;
}

}  // namespace subledger
