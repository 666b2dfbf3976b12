// EnvelopeWalker: what ExtractEnvelope (event_envelope.h) reads from a body
// simdjson's DOM parser has accepted. The parse has validated the JSON
// (UTF-8, strings unescaped, numbers parsed -- an infinite double refused --,
// nothing after the root); its depth bound is only a backstop (simdjson
// counts non-empty containers only). The walk visits every value once more
// for the rules simdjson does not apply as JsonDocument does -- at most
// JsonDocument::kDefaultMaxDepth nested containers, empty or not; an integer
// must fit an int64 (simdjson keeps 2^63..2^64-1 as uint64) -- and, on the
// way, keeps the envelope's fields and what it saw of each (absent, a
// string, an integer, something else), the top-level keys, and the
// duplicates of the keys the envelope reads inside "data".
// ExtractEnvelope then judges the envelope's rules from these.
//
// The first JSON error ends the walk; json_error says which.
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

  // Walks a parsed document; false on a JSON error (json_error says which).
  // A root that is not an object is only checked as JSON and sets
  // root_is_object = false.
  bool Root(simdjson::dom::element root);
  bool Fail(const char* what);  // records `what` unless an error is already recorded

  std::string json_error;
  EventEnvelope env;
  std::vector<std::string_view>* keys;  // top-level keys, unescaped (into the parser's buffer)
  Seen id = Seen::kAbsent, type = Seen::kAbsent, created = Seen::kAbsent, account = Seen::kAbsent;
  bool duplicate_data_object = false;    // "data" has "object" twice
  bool duplicate_object_id = false;      // data.object has "id" twice
  bool duplicate_object_object = false;  // data.object has "object" twice
  bool root_is_object = true;

 private:
  bool TopLevel(std::string_view key, simdjson::dom::element v);
  // A string into *out (and kString into *seen), or any other value
  // checked at `depth` and ignored (kOther, or kAbsent for null when seen is
  // account's).
  bool Text(simdjson::dom::element v, int depth, std::string* out, Seen* seen);
  bool Created(simdjson::dom::element v);
  bool Data(simdjson::dom::element v);
  bool DataObject(simdjson::dom::element v);
  // Any value and everything inside it, `depth` the number of containers
  // around it: at most kDefaultMaxDepth nested containers, every integer
  // fits an int64.
  bool Value(simdjson::dom::element v, int depth);
};

}  // namespace subledger
