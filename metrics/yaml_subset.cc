#include "metrics/yaml_subset.h"

#include <cstdint>

namespace subledger {
namespace {

struct Line {
  int number = 0;
  size_t indent = 0;
  std::string_view content;  // after the indentation, trailing spaces removed
};

Status Error(int line, const std::string& what) {
  return Status::InvalidArgument("line " + std::to_string(line) + ": " + what);
}

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Only whitespace or a comment may follow a quoted scalar.
Status CheckRest(std::string_view rest, int line) {
  size_t i = rest.find_first_not_of(' ');
  if (i == std::string_view::npos || rest[i] == '#') return Status::Ok();
  return Error(line, "unexpected text after quoted value: '" + std::string(rest.substr(i)) + "'");
}

Result<std::string> SingleQuoted(std::string_view v, int line) {
  std::string out;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] != '\'') {
      out += v[i];
    } else if (i + 1 < v.size() && v[i + 1] == '\'') {
      out += '\'';
      ++i;
    } else {
      Status rest = CheckRest(v.substr(i + 1), line);
      if (!rest.ok()) return rest;
      return out;
    }
  }
  return Error(line, "unterminated single-quoted value (multi-line values are not supported)");
}

Result<std::string> DoubleQuoted(std::string_view v, int line) {
  std::string out;
  for (size_t i = 1; i < v.size(); ++i) {
    char c = v[i];
    if (c == '"') {
      Status rest = CheckRest(v.substr(i + 1), line);
      if (!rest.ok()) return rest;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= v.size()) break;
    char e = v[i];
    if (e == '\\' || e == '"' || e == '/') {
      out += e;
    } else if (e == 'n') {
      out += '\n';
    } else if (e == 't') {
      out += '\t';
    } else if (e == 'x' || e == 'u') {
      size_t digits = e == 'x' ? 2 : 4;
      if (i + digits >= v.size()) return Error(line, "truncated \\" + std::string(1, e) + " escape");
      uint32_t cp = 0;
      for (size_t k = 1; k <= digits; ++k) {
        char h = v[i + k];
        int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                                                 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
        if (d < 0) return Error(line, "bad hex digit in \\" + std::string(1, e) + " escape");
        cp = cp * 16 + static_cast<uint32_t>(d);
      }
      AppendUtf8(out, cp);
      i += digits;
    } else {
      return Error(line, std::string("unsupported escape \\") + e);
    }
  }
  return Error(line, "unterminated double-quoted value (multi-line values are not supported)");
}

Result<std::string> PlainScalar(std::string_view v, int line) {
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(v[0]) != std::string_view::npos) {
    return Error(line, std::string("a value starting with '") + v[0] +
                           "' is outside the supported YAML subset (quote it)");
  }
  size_t comment = v.find(" #");
  if (comment != std::string_view::npos) v = v.substr(0, comment);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.find(": ") != std::string_view::npos) return Error(line, "': ' inside an unquoted value (quote it)");
  return std::string(v);
}

class Parser {
 public:
  explicit Parser(std::vector<Line> lines) : lines_(std::move(lines)) {}

  Result<YamlNode> Document() {
    if (lines_.empty()) return Error(1, "empty document");
    if (lines_[0].indent != 0) return Error(lines_[0].number, "the document must start at column 1");
    Result<YamlNode> root = Mapping(0);
    if (!root.ok()) return root;
    if (pos_ < lines_.size()) return Error(lines_[pos_].number, "unexpected indentation");
    return root;
  }

 private:
  Result<YamlNode> Mapping(size_t indent) {
    YamlNode node;
    node.is_mapping = true;
    node.line = lines_[pos_].number;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
      const Line& l = lines_[pos_++];
      std::string_view c = l.content;
      if (c.rfind("- ", 0) == 0 || c == "-") return Error(l.number, "sequences are outside the supported YAML subset");
      size_t k = 0;
      while (k < c.size() && IsKeyChar(c[k])) ++k;
      if (k == 0 || k >= c.size() || c[k] != ':' || (k + 1 < c.size() && c[k + 1] != ' ')) {
        return Error(l.number, "expected 'key: value' with a key of letters, digits, '_', '.' or '-'");
      }
      std::string key(c.substr(0, k));
      if (node.Find(key) != nullptr) return Error(l.number, "duplicate key '" + key + "'");
      std::string_view v = c.substr(k + 1);
      size_t start = v.find_first_not_of(' ');
      v = start == std::string_view::npos ? std::string_view() : v.substr(start);

      YamlNode child;
      child.line = l.number;
      if (v.empty() || v[0] == '#') {
        if (pos_ >= lines_.size() || lines_[pos_].indent <= indent) {
          return Error(l.number, "'" + key + ":' has no value and no nested mapping");
        }
        Result<YamlNode> nested = Mapping(lines_[pos_].indent);
        if (!nested.ok()) return nested;
        child = std::move(*nested);
      } else {
        Result<std::string> s = v[0] == '\'' ? SingleQuoted(v, l.number)
                                : v[0] == '"' ? DoubleQuoted(v, l.number)
                                              : PlainScalar(v, l.number);
        if (!s.ok()) return s.status();
        child.scalar = std::move(*s);
      }
      node.entries.emplace_back(std::move(key), std::move(child));
    }
    if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
      return Error(lines_[pos_].number, "unexpected indentation");
    }
    return node;
  }

  std::vector<Line> lines_;
  size_t pos_ = 0;
};

}  // namespace

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

Result<YamlNode> ParseYamlSubset(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    size_t indent = 0;
    while (indent < raw.size() && (raw[indent] == ' ' || raw[indent] == '\t')) {
      if (raw[indent] == '\t') return Error(number, "tab in indentation (use spaces)");
      ++indent;
    }
    std::string_view content = raw.substr(indent);
    while (!content.empty() && (content.back() == ' ' || content.back() == '\t')) content.remove_suffix(1);
    if (content.empty() || content[0] == '#') continue;
    if (content.rfind("---", 0) == 0 || content.rfind("...", 0) == 0) {
      return Error(number, "document markers are outside the supported YAML subset");
    }
    lines.push_back(Line{number, indent, content});
    if (end == text.size()) break;
  }
  return Parser(std::move(lines)).Document();
}

}  // namespace subledger
