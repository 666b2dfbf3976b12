// BodyTemplate: a webhook body rendered once, with slots filled per event.
//
// A template is built from a JSON text in which some strings hold slot
// markers "~~Ka~~" (K the slot kind, a one-character argument). Compile()
// splits the text at every marker; Fill() writes the segments with each slot
// replaced by its value for one event. A numeric slot (kind 't', a Unix time)
// must be a whole JSON string "~~t0~~": Compile() drops its quotes, so the
// body holds a JSON integer.
//
// Every slot kind has a fixed width, so a template's filled size is known at
// compile time (size()) and the same for every event.
//
// Slot kinds (argument in parentheses):
//   e  the event's unique token                       24 chars
//   o  a per-event object token (salt)                 24 chars, e.g. in_/pi_/ch_
//   r  a per-event short token (salt)                  14 chars, e.g. req_/il_
//   u  a per-event UUID (salt)                         36 chars, idempotency keys
//   c  the customer's token                            14 chars
//   s  the customer's subscription token               24 chars
//   i  the customer's subscription item token (index)  14 chars
//   p  the customer's payment method token             24 chars
//   t  a Unix time: now + kTimeOffsets[arg - '0']      10 digits
//
// Thread safety: Compile and the template are immutable values; Fill writes
// only to `out`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace subledger::bench {

// Offsets for 't' slots, in seconds from the event's `created`.
inline constexpr int64_t kTimeOffsets[] = {
    0,              // 0: now
    -30 * 86400,    // 1: a month ago
    30 * 86400,     // 2: in a month
    365 * 86400,    // 3: in a year
    -365 * 86400,   // 4: a year ago
    -97 * 86400,    // 5: about three months ago
    3 * 86400,      // 6: in three days (next payment attempt)
    -60,            // 7: a minute ago
    14 * 86400,     // 8: in two weeks (trial end)
    -5 * 86400,     // 9: five days ago
};

// What the slots of one event are filled with.
struct SlotValues {
  uint64_t event = 0;       // the event's serial number (unique per generator)
  uint64_t event_salt = 0;  // per generator: keeps per-event tokens apart across runs
  std::string run_tag;      // 8 characters, leads every unique token
  uint64_t customer = 0;    // the customer's index
  int64_t now = 0;          // the event's `created`
};

// A marker for a slot, for the object builders: Slot('o', '1') == "~~o1~~".
std::string Slot(char kind, char arg = '0');

class BodyTemplate {
 public:
  static BodyTemplate Compile(std::string_view text);

  void Fill(const SlotValues& v, std::string* out) const;  // appends
  size_t size() const { return size_; }

 private:
  struct Piece {
    char kind = 0;  // 0: literal text
    char arg = 0;
    std::string text;
  };
  std::vector<Piece> pieces_;
  size_t size_ = 0;
};

// Width of a slot kind's value (0 for an unknown kind).
size_t SlotWidth(char kind);

// The event token of serial `event` (24 chars: the run tag and 16 base62
// characters of a bijective mix of the serial, so it is unique).
void AppendEventToken(const SlotValues& v, std::string* out);

}  // namespace subledger::bench
