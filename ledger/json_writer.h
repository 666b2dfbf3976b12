// The one JSON writer of the code base (the readers: simdjson at the log's
// door, ledger/event_envelope.h; ledger/json_view.h for stored bodies;
// nlohmann/json for everything else off the hot path).
//
//  * AppendJsonString: a string as a JSON literal, RFC 8259: '"', '\\' and the
//    control characters (and DEL) escaped -- \n \r \t \b \f by name, the rest
//    as \u00XX --, valid UTF-8 kept as is, every byte of an invalid sequence
//    (truncated, overlong, a surrogate, past U+10FFFF) replaced by \ufffd. Any
//    byte string yields valid JSON.
//  * JsonWriter: an ordered emitter. Indented, its layout is Python's
//    json.dumps(indent=N) -- the layout of the spec's reference report -- so
//    two implementations compare byte for byte; compact with indent < 0
//    ({"a":1,"b":[2]}). Numbers: int64, 128-bit integers exact (Amount), and
//    doubles as Python's repr() (PythonFloat).
//
//   JsonWriter w(-1);
//   w.BeginObject(); w.Key("ok"); w.Bool(true); w.EndObject();
//   std::string json = w.Take();
//
// The caller nests Begin/End correctly and puts a Key before every value in
// an object; the writer does not check.
//
// Thread safety: a JsonWriter is used by one thread; the free functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace subledger {

// Appends `s` as a quoted JSON string to `out`.
void AppendJsonString(std::string& out, std::string_view s);

// Python repr() of a double ("0.0", "0.30948037029529024", "1e-05", "1e+16").
std::string PythonFloat(double v);

// Decimal text of a 128-bit integer ("-12345").
std::string Int128Text(__int128 v);

class JsonWriter {
 public:
  // indent < 0: compact.
  explicit JsonWriter(int indent = 1) : indent_(indent) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view s);
  void Int(int64_t v);
  void Amount(__int128 v);  // exact
  void Double(double v);    // as PythonFloat
  void Bool(bool b);
  void Null();
  void OptInt(const std::optional<int64_t>& v) { v ? Int(*v) : Null(); }
  void OptAmount(const std::optional<__int128>& v) { v ? Amount(*v) : Null(); }
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

}  // namespace subledger
