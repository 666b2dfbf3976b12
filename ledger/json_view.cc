#include "ledger/json_view.h"

#include <charconv>
#include <cstring>

#include "ledger/ascii.h"

namespace subledger {
namespace {

constexpr uint32_t kNoIndex = UINT32_MAX;

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string JsonUnescape(std::string_view raw) {
  std::string out;
  AppendJsonUnescaped(raw, &out);
  return out;
}

void AppendJsonUnescaped(std::string_view raw, std::string* out_ptr) {
  std::string& out = *out_ptr;
  out.reserve(out.size() + raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out.push_back(c);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto hex4 = [&](size_t at) {
          uint32_t v = 0;
          for (size_t k = 0; k < 4 && at + k < raw.size(); ++k) v = v * 16 + static_cast<uint32_t>(HexDigitValue(raw[at + k]));
          return v;
        };
        uint32_t cp = hex4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < raw.size()) {
          uint32_t lo = hex4(i + 3);
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        AppendUtf8(&out, cp);
        break;
      }
      default: out.push_back(e); break;  // " \ /
    }
  }
}

// ---- JsonValue ----

const JsonNode& JsonValue::node() const { return doc_->nodes()[index_]; }

JsonKind JsonValue::kind() const { return node().kind; }

JsonValue JsonValue::operator[](std::string_view key) const {
  if (!is_object()) return JsonValue();
  const auto& nodes = doc_->nodes();
  uint32_t i = index_ + 1;
  uint32_t end = node().end;
  const char* text = doc_->text().data();
  while (i < end) {
    const JsonNode& k = nodes[i];
    const uint32_t value_index = i + 1;
    if (k.escaped ? JsonValue(doc_, i).equals(key)
                  : (k.length == key.size() && std::memcmp(text + k.offset, key.data(), key.size()) == 0)) {
      return JsonValue(doc_, value_index);
    }
    i = nodes[value_index].end;
  }
  return JsonValue();
}

uint32_t JsonValue::size() const {
  if (!exists()) return 0;
  const JsonNode& n = node();
  return (n.kind == JsonKind::kArray || n.kind == JsonKind::kObject) ? n.count : 0;
}

std::string_view JsonValue::raw() const {
  if (!exists()) return {};
  const JsonNode& n = node();
  if (n.kind != JsonKind::kString && n.kind != JsonKind::kNumber) return {};
  return doc_->text().substr(n.offset, n.length);
}

std::string JsonValue::str() const {
  if (!is_string()) return {};
  const JsonNode& n = node();
  std::string_view r = raw();
  return n.escaped ? JsonUnescape(r) : std::string(r);
}

void JsonValue::str(std::string* out) const {
  out->clear();
  if (!is_string()) return;
  if (node().escaped) {
    AppendJsonUnescaped(raw(), out);
  } else {
    out->assign(raw());
  }
}

bool JsonValue::equals(std::string_view s) const {
  if (!is_string()) return false;
  const JsonNode& n = node();
  if (!n.escaped) return raw() == s;
  return JsonUnescape(raw()) == s;
}

std::optional<int64_t> JsonValue::as_int64() const {
  if (!is_number() || !node().integer) return std::nullopt;
  std::string_view r = raw();
  int64_t v = 0;
  auto res = std::from_chars(r.data(), r.data() + r.size(), v);
  if (res.ec != std::errc()) return std::nullopt;
  return v;
}

std::optional<bool> JsonValue::as_bool() const {
  if (!is_bool()) return std::nullopt;
  return kind() == JsonKind::kTrue;
}

JsonValue JsonValue::Iterator::operator*() const {
  return JsonValue(doc_, object_ ? index_ + 1 : index_);
}

JsonValue::Iterator& JsonValue::Iterator::operator++() {
  const auto& nodes = doc_->nodes();
  index_ = object_ ? nodes[index_ + 1].end : nodes[index_].end;
  return *this;
}

JsonValue::Iterator JsonValue::begin() const {
  if (!is_array() && !is_object()) return end();
  return Iterator(doc_, index_ + 1, is_object());
}

JsonValue::Iterator JsonValue::end() const {
  if (!is_array() && !is_object()) return Iterator(doc_, kNoIndex, false);
  return Iterator(doc_, node().end, is_object());
}

}  // namespace subledger
