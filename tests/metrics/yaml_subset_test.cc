// The YAML subset reader: what it accepts means what YAML means, and what it
// does not support is rejected with the line, never guessed at.
#include "metrics/yaml_subset.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

YamlNode Parse(const std::string& text) {
  Result<YamlNode> r = ParseYamlSubset(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : YamlNode{};
}

std::string ErrorOf(const std::string& text) {
  Result<YamlNode> r = ParseYamlSubset(text);
  EXPECT_FALSE(r.ok()) << "accepted: " << text;
  return r.ok() ? "" : r.status().message();
}

TEST(YamlSubsetTest, NestedMappingsKeepFileOrder) {
  YamlNode doc = Parse("b: 1\na:\n  z: x\n  y:\n    deep: v\nc: 3\n");
  ASSERT_EQ(doc.entries.size(), 3u);
  EXPECT_EQ(doc.entries[0].first, "b");
  EXPECT_EQ(doc.entries[1].first, "a");
  const YamlNode* a = doc.Find("a");
  ASSERT_TRUE(a && a->is_mapping);
  EXPECT_EQ(a->entries[0].first, "z");
  EXPECT_EQ(a->Find("y")->Find("deep")->scalar, "v");
  EXPECT_EQ(doc.Find("c")->scalar, "3");
  EXPECT_EQ(doc.Find("c")->line, 6);
}

TEST(YamlSubsetTest, ScalarStyles) {
  YamlNode doc = Parse(
      "plain: hello world   # comment\n"
      "hash: a#b\n"
      "single: 'it''s {x=\"1\"}[5m] # not a comment'\n"
      "double: \"\\x3C 90% \\\"q\\\" \\u00d7 tab\\tend\"  # comment\n"
      "utf8: \"successful / total × 100\"\n");
  EXPECT_EQ(doc.Find("plain")->scalar, "hello world");
  EXPECT_EQ(doc.Find("hash")->scalar, "a#b");
  EXPECT_EQ(doc.Find("single")->scalar, "it's {x=\"1\"}[5m] # not a comment");
  EXPECT_EQ(doc.Find("double")->scalar, "< 90% \"q\" \xc3\x97 tab\tend");
  EXPECT_EQ(doc.Find("utf8")->scalar, "successful / total \xc3\x97 100");
}

TEST(YamlSubsetTest, CommentsBlankLinesAndCrlfAreIgnored) {
  YamlNode doc = Parse("# top\r\n\r\na:\r\n  # inner\r\n\r\n  b: c\r\n");
  EXPECT_EQ(doc.Find("a")->Find("b")->scalar, "c");
}

TEST(YamlSubsetTest, UnsupportedYamlIsRejectedWithItsLine) {
  EXPECT_EQ(ErrorOf("a: 1\nb:\n  - x\n"), "line 3: sequences are outside the supported YAML subset");
  EXPECT_NE(ErrorOf("a: [1, 2]\n").find("line 1: a value starting with '['"), std::string::npos);
  EXPECT_NE(ErrorOf("a: {b: 1}\n").find("outside the supported YAML subset"), std::string::npos);
  EXPECT_NE(ErrorOf("a: |\n  text\n").find("line 1"), std::string::npos);
  EXPECT_NE(ErrorOf("a: &anchor x\n").find("line 1"), std::string::npos);
  EXPECT_NE(ErrorOf("a: *alias\n").find("line 1"), std::string::npos);
  EXPECT_NE(ErrorOf("a: !!str x\n").find("line 1"), std::string::npos);
  EXPECT_NE(ErrorOf("---\na: 1\n").find("document markers"), std::string::npos);
}

TEST(YamlSubsetTest, MalformedInputIsRejectedWithItsLine) {
  EXPECT_EQ(ErrorOf("a: 1\n\tb: 2\n"), "line 2: tab in indentation (use spaces)");
  EXPECT_EQ(ErrorOf("a: 1\na: 2\n"), "line 2: duplicate key 'a'");
  EXPECT_EQ(ErrorOf("a:\nb: 1\n"), "line 1: 'a:' has no value and no nested mapping");
  EXPECT_EQ(ErrorOf("a: 1\n  b: 2\n"), "line 2: unexpected indentation");
  EXPECT_EQ(ErrorOf("a:\n    b: 1\n  c: 2\n"), "line 3: unexpected indentation");
  EXPECT_NE(ErrorOf("a: 'open\n").find("line 1: unterminated single-quoted"), std::string::npos);
  EXPECT_NE(ErrorOf("a: \"open\n").find("line 1: unterminated double-quoted"), std::string::npos);
  EXPECT_NE(ErrorOf("a: 'x' y\n").find("unexpected text after quoted value"), std::string::npos);
  EXPECT_NE(ErrorOf("a: \"\\q\"\n").find("unsupported escape"), std::string::npos);
  EXPECT_NE(ErrorOf("a: \"\\xZZ\"\n").find("bad hex digit"), std::string::npos);
  EXPECT_NE(ErrorOf("a: b: c\n").find("': ' inside an unquoted value"), std::string::npos);
  EXPECT_NE(ErrorOf("key with space: 1\n").find("line 1: expected 'key: value'"), std::string::npos);
  EXPECT_NE(ErrorOf("a:b\n").find("line 1: expected 'key: value'"), std::string::npos);
  EXPECT_EQ(ErrorOf("# only a comment\n"), "line 1: empty document");
  EXPECT_EQ(ErrorOf("  a: 1\n"), "line 1: the document must start at column 1");
}

TEST(YamlSubsetTest, ArbitraryBytesNeverCrash) {
  // Every prefix of a valid document parses or fails cleanly.
  std::string doc = "group: g\nmetrics:\n  m:\n    healthy: \">= 95%\"\n    ratio: 'a{b=\"c\"}'\n";
  for (size_t n = 0; n <= doc.size(); ++n) (void)ParseYamlSubset(doc.substr(0, n));
  uint32_t x = 7;
  for (int round = 0; round < 2000; ++round) {
    std::string s = doc;
    for (int k = 0; k < 3; ++k) {
      x = x * 1664525 + 1013904223;
      s[(x >> 8) % s.size()] = static_cast<char>(x >> 24);
    }
    (void)ParseYamlSubset(s);
  }
  SUCCEED();
}

}  // namespace
}  // namespace subledger
