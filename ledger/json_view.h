// JsonDocument: a validating, zero-copy JSON parser.
//
// Parse() checks the whole text against RFC 8259 in one pass — strict UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF), no control
// characters in strings, valid escapes (unpaired \u surrogates rejected),
// numbers that fit (integers in int64, others a finite double; a number too
// small for a double reads as zero, as in simdjson and nlohmann), a nesting
// depth limit, nothing after the value — and records a flat array of nodes
// that point into the text. No strings are copied; the text must outlive the
// document and its JsonValues.
//
// Keys are compared after unescaping everywhere: operator[] and equals()
// find "id" whether the text spells it `"id"` or `"\u0069d"`.
// Duplicate object keys are accepted by the parser; lookups return the FIRST
// member with the key (standard parsers keep the last), so whoever reads a
// key where that matters must reject duplicates: ExtractEnvelope rejects a
// duplicate top-level key and a duplicate data.object / data.object.id /
// data.object.object.
//
// Thread safety: a parsed document is immutable and may be read from many
// threads; Parse() on one document object is not concurrent.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/status.h"

namespace subledger {

enum class JsonKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

struct JsonNode {
  JsonKind kind;
  bool escaped;      // strings: contains backslash escapes
  bool integer;      // numbers: no fraction or exponent
  uint32_t offset;   // strings: first byte after the quote; others: first byte
  uint32_t length;   // strings: bytes between the quotes; numbers: text length
  uint32_t end;      // index one past this node's subtree
  uint32_t count;    // arrays: elements; objects: members
};

class JsonDocument;

class JsonValue {
 public:
  JsonValue() = default;
  JsonValue(const JsonDocument* doc, uint32_t index) : doc_(doc), index_(index) {}

  bool exists() const { return doc_ != nullptr; }
  JsonKind kind() const;
  bool is_null() const { return exists() && kind() == JsonKind::kNull; }
  bool is_bool() const { return exists() && (kind() == JsonKind::kTrue || kind() == JsonKind::kFalse); }
  bool is_number() const { return exists() && kind() == JsonKind::kNumber; }
  bool is_string() const { return exists() && kind() == JsonKind::kString; }
  bool is_array() const { return exists() && kind() == JsonKind::kArray; }
  bool is_object() const { return exists() && kind() == JsonKind::kObject; }

  // Object member by key (first match), or a non-existent value.
  JsonValue operator[](std::string_view key) const;
  // Number of array elements or object members; 0 otherwise.
  uint32_t size() const;

  // Strings: the raw bytes between the quotes (escapes NOT decoded).
  // Numbers: the number's text. Others: empty.
  std::string_view raw() const;
  // Strings: the decoded value. Others: "".
  std::string str() const;
  // The same, into *out (reusing its capacity).
  void str(std::string* out) const;
  // True when this is a string equal to s (escape-aware).
  bool equals(std::string_view s) const;
  // Integers that fit int64 (no fraction/exponent).
  std::optional<int64_t> as_int64() const;
  std::optional<bool> as_bool() const;

  // Iteration over array elements / object values.
  class Iterator {
   public:
    Iterator(const JsonDocument* doc, uint32_t index, bool object) : doc_(doc), index_(index), object_(object) {}
    JsonValue operator*() const;
    // For objects: the key of the current member.
    JsonValue key() const { return JsonValue(doc_, index_); }
    Iterator& operator++();
    bool operator!=(const Iterator& o) const { return index_ != o.index_; }

   private:
    const JsonDocument* doc_;
    uint32_t index_;
    bool object_;
  };
  Iterator begin() const;
  Iterator end() const;

 private:
  const JsonNode& node() const;
  const JsonDocument* doc_ = nullptr;
  uint32_t index_ = 0;
};

class JsonDocument {
 public:
  static constexpr int kDefaultMaxDepth = 64;

  JsonDocument() = default;
  // Not copyable or movable: its JsonValues point at it.
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;

  // Parses `text`; on failure returns kInvalidArgument "invalid JSON at byte N: why"
  // and the document is empty. Reuses this document's node storage (it grows
  // to the largest text's nodes, at least a node per 8 bytes of text, and is
  // kept).
  Status Parse(std::string_view text, int max_depth = kDefaultMaxDepth);
  JsonValue root() const { return node_count_ == 0 ? JsonValue() : JsonValue(this, 0); }
  std::string_view text() const { return text_; }
  std::span<const JsonNode> nodes() const { return {nodes_.get(), node_count_}; }

 private:
  std::string_view text_;
  std::unique_ptr<JsonNode[]> nodes_;  // node_capacity_ of them, the first node_count_ parsed
  size_t node_capacity_ = 0;
  size_t node_count_ = 0;
  std::vector<uint32_t> stack_;
};

// Decodes the body of a JSON string (between the quotes) that Parse accepted.
std::string JsonUnescape(std::string_view raw);
// The same, appended to *out.
void AppendJsonUnescaped(std::string_view raw, std::string* out);

}  // namespace subledger
