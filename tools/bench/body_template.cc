#include "tools/bench/body_template.h"

#include <cstdio>
#include <stdexcept>

#include "tools/eventgen/gen_random.h"

namespace subledger::bench {
namespace {

using eventgen::AppendBase62;
using eventgen::Mix64;

constexpr std::string_view kOpen = "~~";
constexpr size_t kMarkerLen = 6;  // "~~Ka~~"

// Customer tokens: k * kCustomerMultiplier mod 62^6 is a bijection on
// [0, 62^6) because the multiplier is coprime with 62 (odd, not a multiple
// of 31), so 20,000 customers get 20,000 different tokens.
constexpr uint64_t kCustomerSpace = 56800235584ULL;  // 62^6
constexpr uint64_t kCustomerMultiplier = 2654435761ULL;
static_assert(kCustomerMultiplier % 2 == 1 && kCustomerMultiplier % 31 != 0);

uint64_t Salt(char kind, char arg) {
  return (static_cast<uint64_t>(kind) << 8 | static_cast<uint8_t>(arg)) * 0x9e3779b97f4a7c15ULL;
}

void AppendPadded(std::string* out, uint64_t v, int width) {
  // 11 base62 digits hold any 64-bit value; wider fields lead with more digits of another mix.
  if (width > 11) {
    AppendBase62(out, Mix64(v + 1), width - 11);
    width = 11;
  }
  AppendBase62(out, v, width);
}

void AppendUuid(std::string* out, uint64_t a, uint64_t b) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16 & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | (b >> 48 & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  out->append(buf, 36);
}

void AppendTime(std::string* out, int64_t t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%010lld", static_cast<long long>(t));
  out->append(buf, 10);
}

void AppendSlot(char kind, char arg, const SlotValues& v, std::string* out) {
  const uint64_t serial = v.event ^ v.event_salt;
  switch (kind) {
    case 'e': return AppendEventToken(v, out);
    case 'o':
      out->append(v.run_tag, 0, 8);
      return AppendPadded(out, Mix64(serial ^ Salt(kind, arg)), 16);
    case 'r': return AppendPadded(out, Mix64(serial ^ Salt(kind, arg)), 14);
    case 'u': return AppendUuid(out, Mix64(serial ^ Salt(kind, arg)), Mix64(serial ^ Salt(kind, arg) ^ 1));
    case 'c':
      out->append(v.run_tag, 0, 8);
      return AppendBase62(out, v.customer * kCustomerMultiplier % kCustomerSpace, 6);
    case 's':
      out->append(v.run_tag, 0, 8);
      return AppendPadded(out, Mix64(v.customer ^ Salt(kind, arg)), 16);
    case 'i':
      out->append(v.run_tag, 0, 3);
      return AppendBase62(out, Mix64((v.customer * 16 + static_cast<uint64_t>(arg - '0')) ^ Salt(kind, 0)), 11);
    case 'p':
      out->append(v.run_tag, 0, 8);
      return AppendPadded(out, Mix64(v.customer ^ Salt(kind, arg)), 16);
    case 't': return AppendTime(out, v.now + kTimeOffsets[arg - '0']);
  }
}

// True when text[hit..] is a marker "~~Ka~~"; throws on an unknown kind K.
bool IsMarker(std::string_view text, size_t hit) {
  if (hit + kMarkerLen > text.size() || text.substr(hit + 4, 2) != kOpen) return false;
  if (SlotWidth(text[hit + 2]) == 0) throw std::invalid_argument("unknown slot kind in a body template");
  return true;
}

}  // namespace

std::string Slot(char kind, char arg) { return std::string(kOpen) + kind + arg + std::string(kOpen); }

size_t SlotWidth(char kind) {
  switch (kind) {
    case 'e': case 'o': case 's': case 'p': return 24;
    case 'r': case 'c': case 'i': return 14;
    case 'u': return 36;
    case 't': return 10;
  }
  return 0;
}

void AppendEventToken(const SlotValues& v, std::string* out) {
  out->append(v.run_tag, 0, 8);
  AppendPadded(out, Mix64(v.event ^ v.event_salt), 16);
}

BodyTemplate BodyTemplate::Compile(std::string_view text) {
  BodyTemplate t;
  std::string literal;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t hit = text.find(kOpen, pos);
    if (hit == std::string_view::npos || !IsMarker(text, hit)) {
      const size_t end = hit == std::string_view::npos ? text.size() : hit + 1;
      literal.append(text.substr(pos, end - pos));
      pos = end;
      continue;
    }
    const char kind = text[hit + 2], arg = text[hit + 3];
    literal.append(text.substr(pos, hit - pos));
    pos = hit + kMarkerLen;
    if (kind == 't') {  // numeric: "~~t0~~" -> 1767225600
      if (literal.empty() || literal.back() != '"' || pos >= text.size() || text[pos] != '"') {
        throw std::invalid_argument("a time slot must be a whole JSON string");
      }
      literal.pop_back();
      ++pos;
    }
    t.size_ += literal.size() + SlotWidth(kind);
    t.pieces_.push_back(Piece{0, 0, std::move(literal)});
    t.pieces_.push_back(Piece{kind, arg, {}});
    literal.clear();
  }
  t.size_ += literal.size();
  t.pieces_.push_back(Piece{0, 0, std::move(literal)});
  return t;
}

void BodyTemplate::Fill(const SlotValues& v, std::string* out) const {
  for (const Piece& p : pieces_) {
    if (p.kind == 0) {
      out->append(p.text);
    } else {
      AppendSlot(p.kind, p.arg, v, out);
    }
  }
}

}  // namespace subledger::bench
