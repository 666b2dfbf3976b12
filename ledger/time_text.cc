#include "ledger/time_text.h"

#include <string>

namespace subledger {
namespace {

using namespace std::chrono;

bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Status Bad(std::string_view text) {
  return Status::InvalidArgument("time '" + std::string(text) +
                                 "': expected Unix seconds, YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS[Z|+HH:MM]");
}

// "YYYY-MM-DD" at the start of `text`, a real calendar day.
std::optional<year_month_day> DatePart(std::string_view text) {
  int64_t y = 0, m = 0, d = 0;
  if (text.size() < 10 || !Digits(text, 0, 4, &y) || text[4] != '-' || !Digits(text, 5, 2, &m) ||
      text[7] != '-' || !Digits(text, 8, 2, &d)) {
    return std::nullopt;
  }
  const year_month_day date{year(static_cast<int>(y)), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

// "[T ]HH:MM[:SS[.fff]]" from text[pos]: seconds into the day; advances pos.
std::optional<int64_t> ClockPart(std::string_view text, size_t& pos) {
  int64_t hour = 0, minute = 0, second = 0;
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  if (!Digits(text, pos + 1, 2, &hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
      !Digits(text, pos + 4, 2, &minute)) {
    return std::nullopt;
  }
  pos += 6;
  if (pos < text.size() && text[pos] == ':') {
    if (!Digits(text, pos + 1, 2, &second)) return std::nullopt;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      const size_t start = ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return hour * 3600 + minute * 60 + second;
}

// "Z" or "+HH:MM"/"-HH:MM" ending the text: the zone's offset east of UTC.
std::optional<int64_t> ZonePart(std::string_view text, size_t pos) {
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return 0;
  int64_t oh = 0, om = 0;
  if ((text[pos] != '+' && text[pos] != '-') || !Digits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() ||
      text[pos + 3] != ':' || !Digits(text, pos + 4, 2, &om) || pos + 6 != text.size() || oh > 23 || om > 59) {
    return std::nullopt;
  }
  return (text[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
}

}  // namespace

Result<int64_t> ParseDurationSeconds(std::string_view text) {
  int64_t unit = 1;
  std::string_view digits = text;
  if (!text.empty()) {
    switch (text.back()) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      default: unit = 0; break;
    }
    if (unit != 0) digits = text.substr(0, text.size() - 1);
    if (unit == 0) unit = 1;
  }
  int64_t value = 0;
  if (digits.empty() || digits.size() > 9 || !Digits(digits, 0, digits.size(), &value)) {
    return Status::InvalidArgument("duration '" + std::string(text) +
                                   "': expected a whole number with an optional unit s, m, h or d (e.g. 15m)");
  }
  return value * unit;
}

Result<int64_t> ParseTimeArg(std::string_view text) {
  if (text.empty()) return Bad(text);
  int64_t unix_seconds = 0;
  if (text.size() <= 12 && Digits(text, 0, text.size(), &unix_seconds)) return unix_seconds;
  const std::optional<year_month_day> date = DatePart(text);
  if (!date) return Bad(text);
  size_t pos = 10;
  int64_t clock = 0, offset = 0;
  if (pos < text.size()) {
    const std::optional<int64_t> time_of_day = ClockPart(text, pos);
    if (!time_of_day) return Bad(text);
    clock = *time_of_day;
    if (pos < text.size()) {
      const std::optional<int64_t> zone = ZonePart(text, pos);
      if (!zone) return Bad(text);
      offset = *zone;
      pos = text.size();
    }
  }
  if (pos != text.size()) return Bad(text);
  return UnixSecondsOf(*date) + clock - offset;
}

year_month_day CivilDateOf(int64_t unix_seconds) {
  return year_month_day{floor<days>(sys_seconds{seconds{unix_seconds}})};
}

int64_t UnixSecondsOf(year_month_day date) {
  return duration_cast<seconds>(sys_days{date}.time_since_epoch()).count();
}

}  // namespace subledger
