// EnvelopeWalker: the one pass of ExtractEnvelope (event_envelope.h) over a
// body, with simdjson's On-Demand API. Every value is visited, so the whole
// body is validated (strings unescaped, numbers parsed and range-checked,
// nesting at most JsonDocument::kDefaultMaxDepth); on the way the walker
// keeps the envelope's fields and what it saw of each (absent, a string, an
// integer, something else), the top-level keys, and the first duplicate of a
// key the envelope reads inside "data". ExtractEnvelope then judges the
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

  // Walks the document; false on a JSON error (json_error says which).
  bool Root(simdjson::ondemand::document& doc);
  bool Fail(const char* what);  // records `what` unless an error is already recorded
  bool Ok(simdjson::error_code e);  // true on SUCCESS, else Fail(simdjson's message)

  std::string json_error;
  EventEnvelope env;
  std::vector<std::string_view>* keys;  // top-level keys, unescaped (into the parser's buffer)
  Seen id = Seen::kAbsent, type = Seen::kAbsent, created = Seen::kAbsent, account = Seen::kAbsent;
  const char* data_duplicate = nullptr;  // the first duplicate "object"/"id" key inside "data", if any
  bool root_is_object = true;

 private:
  bool TopLevel(std::string_view key, simdjson::ondemand::value& v);
  // A string into *out (and kString into *seen), or any other value
  // validated and ignored (kOther, or kAbsent for null when seen is account's).
  bool Text(simdjson::ondemand::value& v, std::string* out, Seen* seen);
  bool Created(simdjson::ondemand::value& v);
  bool Livemode(simdjson::ondemand::value& v);
  bool Data(simdjson::ondemand::value& v);
  bool DataObject(simdjson::ondemand::value& v);
  // A root that is not an object (simdjson reads a scalar root through the
  // document itself).
  bool RootValue(simdjson::ondemand::document& doc, simdjson::ondemand::json_type t);
  void Duplicate(const char* what);
  // Any value, validated completely; `depth` is the number of open containers around it.
  bool Value(simdjson::ondemand::value& v, int depth);
  // A number that fits: an integer in an int64, else a finite double.
  bool Number(simdjson::ondemand::value& v, simdjson::ondemand::number* n);
  bool Object(simdjson::ondemand::value& v, int depth);
  bool Array(simdjson::ondemand::value& v, int depth);
};

}  // namespace subledger
