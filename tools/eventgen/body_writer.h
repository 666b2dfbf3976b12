// BodyWriter: appends compact JSON to a string, inserting commas itself.
// The generator's strings are its own ASCII ids and names, so no escaping is
// needed beyond what Str() does for quotes and backslashes.
//
// Thread safety: a value used by one thread.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace subledger::eventgen {

class BodyWriter {
 public:
  explicit BodyWriter(std::string* out) : out_(out) {}

  BodyWriter& Key(std::string_view k) {
    Comma();
    out_->push_back('"');
    out_->append(k);
    out_->append("\":");
    comma_ = false;
    return *this;
  }
  void Open() { Comma(); out_->push_back('{'); comma_ = false; }
  void Close() { out_->push_back('}'); comma_ = true; }
  void OpenArray() { Comma(); out_->push_back('['); comma_ = false; }
  void CloseArray() { out_->push_back(']'); comma_ = true; }
  void Str(std::string_view s) {
    Comma();
    out_->push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') out_->push_back('\\');
      out_->push_back(c);
    }
    out_->push_back('"');
    comma_ = true;
  }
  void Int(int64_t v) {
    Comma();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_->append(buf, r.ptr);
    comma_ = true;
  }
  // A timestamp or null when 0.
  void TimeOrNull(int64_t v) { v == 0 ? Null() : Int(v); }
  void Null() { Raw("null"); }
  void Bool(bool b) { Raw(b ? "true" : "false"); }
  // A JSON value written verbatim (a number's text, a literal, a fragment).
  void Raw(std::string_view text) {
    Comma();
    out_->append(text);
    comma_ = true;
  }

  // Shorthands for "key": value.
  void KStr(std::string_view k, std::string_view v) { Key(k).Str(v); }
  void KInt(std::string_view k, int64_t v) { Key(k).Int(v); }
  void KNull(std::string_view k) { Key(k).Null(); }
  void KBool(std::string_view k, bool v) { Key(k).Bool(v); }
  void KRaw(std::string_view k, std::string_view v) { Key(k).Raw(v); }
  void KTime(std::string_view k, int64_t v) { Key(k).TimeOrNull(v); }

 private:
  void Comma() {
    if (comma_) out_->push_back(',');
  }
  std::string* out_;
  bool comma_ = false;
};

}  // namespace subledger::eventgen
