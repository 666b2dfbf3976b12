#include "stripe/time_arg.h"

#include <string>

namespace subledger {

namespace {

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

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

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

  int64_t year, month, day, hour = 0, minute = 0, second = 0;
  if (!Digits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' || !Digits(text, 5, 2, &month) ||
      text[7] != '-' || !Digits(text, 8, 2, &day)) {
    return Bad(text);
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0)) {
    return Bad(text);
  }
  size_t pos = 10;
  int64_t offset_seconds = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return Bad(text);
    if (!Digits(text, pos + 1, 2, &hour) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, &minute)) {
      return Bad(text);
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, &second)) return Bad(text);
      pos += 3;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return Bad(text);
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return Bad(text);
    if (pos < text.size()) {
      if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
        pos += 1;
      } else if (text[pos] == '+' || text[pos] == '-') {
        int64_t oh, om;
        if (!Digits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !Digits(text, pos + 4, 2, &om) || pos + 6 != text.size() || oh > 23 || om > 59) {
          return Bad(text);
        }
        offset_seconds = (text[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        pos += 6;
      } else {
        return Bad(text);
      }
    }
  }
  if (pos != text.size()) return Bad(text);
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
         minute * 60 + second - offset_seconds;
}

}  // namespace subledger
