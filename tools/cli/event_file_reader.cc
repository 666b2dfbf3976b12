#include "tools/cli/event_file_reader.h"

#include <algorithm>

#include "ledger/json_view.h"
#include "ledger/plausible_event.h"

namespace subledger::cli {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Line numbers of positions visited in increasing order.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  size_t LineAt(size_t pos) {
    pos = std::min(pos, text_.size());
    line_ += static_cast<size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                            text_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    pos_ = pos;
    return line_;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

// ExtractPlausibleEnvelope, plus: a top-level "object" member, when present,
// must be "event" (so a file of customers or invoices is not taken for events).
Result<EventEnvelope> CheckEvent(std::string_view body, const Clock& clock) {
  Result<EventEnvelope> envelope = ExtractPlausibleEnvelope(body, clock);
  if (!envelope.ok()) return envelope;
  thread_local JsonDocument doc;
  if (Status s = doc.Parse(body); !s.ok()) return s;
  JsonValue object = doc.root()["object"];
  if (object.exists() && !object.equals("event")) {
    return Status::InvalidArgument("not a Stripe event: \"object\" is " +
                                   (object.is_string() ? "\"" + object.str() + "\""
                                                       : std::string("not a string")) +
                                   ", expected \"event\"");
  }
  return envelope;
}

// What one file is read with.
struct Reading {
  const Clock& clock;
  const std::function<void(EventFileItem&)>& fn;
};

void Emit(size_t line, std::string_view body, const Reading& r) {
  EventFileItem item;
  item.line = line;
  item.body = body;
  item.envelope = CheckEvent(body, r.clock);
  r.fn(item);
}

// End (exclusive) of the JSON value starting at `pos`, found by bracket and
// string matching only (the value is validated afterwards); npos when the
// text ends first.
size_t ValueEnd(std::string_view text, size_t pos) {
  const char first = text[pos];
  if (first != '{' && first != '[' && first != '"') {
    while (pos < text.size() && text[pos] != ',' && text[pos] != ']' && !IsSpace(text[pos])) ++pos;
    return pos;
  }
  int depth = 0;
  bool in_string = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (in_string) {
      if (c == '\\') {
        ++pos;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return pos + 1;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return pos + 1;
    }
  }
  return std::string_view::npos;
}

Status ReadArray(std::string_view text, size_t open, const Reading& r, size_t* problem_line) {
  LineCounter lines(text);
  size_t pos = open + 1;
  auto skip_space = [&] {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
  };
  auto fail = [&](size_t at, const std::string& what) {
    *problem_line = lines.LineAt(at);
    return Status::InvalidArgument(what + "; the rest of the file was not imported");
  };
  skip_space();
  if (pos < text.size() && text[pos] == ']') {
    ++pos;
  } else {
    for (;;) {
      skip_space();
      if (pos >= text.size()) return fail(pos, "the JSON array is not closed with ']'");
      const size_t start = pos;
      const size_t end = ValueEnd(text, pos);
      if (end == std::string_view::npos) return fail(start, "unterminated array element");
      if (end == start) return fail(start, "expected an array element");
      Emit(lines.LineAt(start), text.substr(start, end - start), r);
      pos = end;
      skip_space();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        break;
      }
      return fail(pos, "expected ',' or ']' after the array element starting at line " +
                           std::to_string(lines.LineAt(start)));
    }
  }
  skip_space();
  if (pos < text.size()) return fail(pos, "unexpected text after the JSON array");
  return Status::Ok();
}

Status ReadLines(std::string_view text, const Reading& r, size_t* problem_line) {
  // A whole file that is one multi-line JSON value is one event.
  const std::string_view whole = Trim(text);
  const size_t first_newline = whole.find('\n');
  if (first_newline != std::string_view::npos) {
    Result<EventEnvelope> single = CheckEvent(whole, r.clock);
    const size_t whole_line =
        1 + static_cast<size_t>(std::count(text.begin(), text.begin() + (whole.data() - text.data()), '\n'));
    if (single.ok()) {
      EventFileItem item;
      item.line = whole_line;
      item.body = whole;
      item.envelope = std::move(single);
      r.fn(item);
      return Status::Ok();
    }
    if (Trim(whole.substr(0, first_newline)) == "{") {
      *problem_line = whole_line;
      return Status::InvalidArgument("the file is one JSON object over several lines, but not a valid event: " +
                                     single.status().message());
    }
  }
  size_t line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    ++line;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view body = Trim(text.substr(pos, end - pos));
    if (!body.empty()) Emit(line, body, r);
    pos = end + 1;
  }
  return Status::Ok();
}

}  // namespace

Status ReadEventFile(std::string_view text, const Clock& clock,
                     const std::function<void(EventFileItem&)>& fn, size_t* problem_line) {
  const Reading r{clock, fn};
  *problem_line = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  size_t first = 0;
  while (first < text.size() && IsSpace(text[first])) ++first;
  if (first == text.size()) return Status::Ok();  // empty: no events
  if (text[first] == '[') return ReadArray(text, first, r, problem_line);
  if (text[first] == '{') return ReadLines(text, r, problem_line);
  *problem_line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(first), '\n'));
  return Status::InvalidArgument(
      "neither JSON Lines nor a JSON array of events (the first character is not '{' or '[')");
}

}  // namespace subledger::cli
