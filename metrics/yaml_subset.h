// ParseYamlSubset: a reader for the small subset of YAML that
// metrics/monitoring-spec.yaml is written in (no YAML library is in the
// stack). Every document in the subset is also valid YAML 1.2 with the same
// meaning; anything outside the subset is rejected with a line number, never
// guessed at.
//
// The subset:
//  * A document is a block mapping. Nesting is by indentation with spaces
//    (tabs are an error); a nested mapping is indented deeper than its key.
//  * A key is [A-Za-z0-9_.-]+ followed by ':'. Keys are unique per mapping;
//    order is kept.
//  * A value is, on the same line as its key, one of
//      - a plain scalar: the rest of the line, trimmed, up to a " #" comment;
//        it may not start with one of - ? : , [ ] { } # & * ! | > ' " % @ `
//        nor contain ": ";
//      - a 'single-quoted' scalar ('' is a quote);
//      - a "double-quoted" scalar with the escapes \\ \" \/ \n \t \xHH \uHHHH;
//    or nothing, in which case a nested mapping must follow.
//  * Full-line comments (#), blank lines and trailing " # comments" are
//    ignored.
//  * Not supported (rejected): sequences, flow collections, block scalars
//    (| >), anchors, aliases, tags, multi-line scalars, documents markers.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/status.h"

namespace subledger {

struct YamlNode {
  bool is_mapping = false;
  std::string scalar;                                  // when !is_mapping
  std::vector<std::pair<std::string, YamlNode>> entries;  // when is_mapping, in file order
  int line = 0;                                        // 1-based line of the value

  // The value of `key` in a mapping, or nullptr.
  const YamlNode* Find(std::string_view key) const;
};

// Errors are kInvalidArgument: "line N: what is wrong".
Result<YamlNode> ParseYamlSubset(std::string_view text);

}  // namespace subledger
