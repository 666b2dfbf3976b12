// EnvelopeWalker: the one pass of ExtractEnvelope (event_envelope.h) over a
// body, with simdjson's On-Demand API. Every value is visited, so the whole
// body is validated (strings unescaped, numbers parsed and range-checked,
// nesting at most JsonDocument::kDefaultMaxDepth); on the way the walker
// keeps the envelope's fields and what it saw of each (absent, a string, an
// integer, something else), the top-level keys, and the duplicates of the
// keys the envelope reads inside "data". ExtractEnvelope then judges the
// envelope's rules from these.
//
// The first JSON error ends the walk; json_error holds simdjson's message.
// Internal to ledger/ (its interface is simdjson's types).
// Thread safety: one walker per document.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ledger/event_record.h"

namespace subledger {

// What the walk saw of one top-level field.
enum class Seen { kAbsent, kString, kInteger, kOther };

class EnvelopeWalker {
 public:
  explicit EnvelopeWalker(std::vector<std::string_view>* keys) : keys(keys) {}

  // Walks the document; false on a JSON error (json_error says which). A
  // root that is not an object only sets root_is_object = false: simdjson
  // reads a scalar root through special cases (trailing spaces after `true`
  // fail, `nullx` passes), so such a body is judged by WalkWrapped instead.
  bool Root(simdjson::ondemand::document& doc);
  // Walks a document made of the body wrapped in `[` `]`: false unless the
  // body is exactly one valid JSON value.
  bool WalkWrapped(simdjson::ondemand::document& wrapper);
  bool Fail(const char* what);  // records `what` unless an error is already recorded
  bool Ok(simdjson::error_code e);  // true on SUCCESS, else Fail(simdjson's message)

  std::string json_error;
  EventEnvelope env;
  std::vector<std::string_view>* keys;  // top-level keys, unescaped (into the parser's buffer)
  Seen id = Seen::kAbsent, type = Seen::kAbsent, created = Seen::kAbsent, account = Seen::kAbsent;
  bool duplicate_data_object = false;    // "data" has "object" twice
  bool duplicate_object_id = false;      // data.object has "id" twice
  bool duplicate_object_object = false;  // data.object has "object" twice
  bool root_is_object = true;

 private:
  bool TopLevel(std::string_view key, simdjson::ondemand::value& v);
  // A string into *out (and kString into *seen), or any other value
  // validated at `depth` and ignored (kOther, or kAbsent for null when seen is
  // account's).
  bool Text(simdjson::ondemand::value& v, int depth, std::string* out, Seen* seen);
  bool Created(simdjson::ondemand::value& v);
  bool Livemode(simdjson::ondemand::value& v);
  bool Data(simdjson::ondemand::value& v);
  bool DataObject(simdjson::ondemand::value& v);
  // Any value, validated completely; `depth` is the number of open containers around it.
  bool Value(simdjson::ondemand::value& v, int depth);
  // A number that fits: an integer in an int64, else a finite double.
  bool Number(simdjson::ondemand::value& v, simdjson::ondemand::number* n);
  bool Object(simdjson::ondemand::value& v, int depth);
  bool Array(simdjson::ondemand::value& v, int depth);
};

}  // namespace subledger
