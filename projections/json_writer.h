// JsonWriter: a small ordered JSON emitter whose layout matches Python's
// json.dumps(indent=N) — the layout of the spec's reference report — so two
// implementations can be compared byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "projections/money.h"

namespace subledger {

class JsonWriter {
 public:
  // indent < 0: compact ("{"a":1,"b":2}").
  explicit JsonWriter(int indent = 1) : indent_(indent) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(int64_t v);
  void Amount(Money v);  // a 128-bit integer, exact
  void Double(double v);
  void Bool(bool b);
  void Null();
  void OptInt(const std::optional<int64_t>& v) { v ? Int(*v) : Null(); }
  void OptAmount(const std::optional<Money>& v) { v ? Amount(*v) : Null(); }
  void OptDouble(const std::optional<double>& v) { v ? Double(*v) : Null(); }
  // Splices an already-rendered JSON value.
  void Raw(std::string_view json);

  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  void Newline();
  struct Frame {
    bool array;
    bool empty;
  };
  int indent_;
  std::string out_;
  std::vector<Frame> stack_;
  bool after_key_ = false;
};

// Appends s as a JSON string literal (quotes, escapes, non-ASCII as is).
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace subledger
