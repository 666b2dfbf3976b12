// FlagTable: a program's (or a CLI subcommand's) flags, declared once, and
// read with Boost.Program_options. The one table yields the parser, the
// --help text, "did you mean" for a mistyped flag, and the names a config
// file may use (subledgerd's --config JSON keys are the flag names).
//
//   FlagTable table;
//   table.Section("flags:")
//        .Value("data-dir", "DIR", "event log directory (./data)")
//        .Switch("json", "print JSON");
//   Result<ParsedFlags> flags = table.Parse(args, /*allow_positional=*/false);
//   std::string dir = flags->Last("data-dir").value_or("./data");
//
// Accepted: "--name value" and "--name=value" for a value flag (a value may
// start with '-': "--max-body-bytes -1" reaches the caller's validation),
// "--name" (= "true") and "--name=true|false|1|0" for a switch. Names are
// never guessed from a prefix. Errors (kInvalidArgument, one line):
//   unknown flag --nme (did you mean --name?)      -- or "(see --help)"
//   --name: missing value
//   --json: expected true or false, got "maybe"
//   unexpected argument "x" (see --help)           -- when positional is not allowed
//
// Thread safety: a built table is read-only; Parse is const and pure.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/status.h"

namespace subledger {

struct Flag {
  std::string name;        // without dashes: "data-dir"
  std::string value_name;  // "DIR"; "" for a switch
  std::string help;        // lines separated by '\n'
  bool is_switch() const { return value_name.empty(); }
};

// What Parse found, in command-line order.
struct ParsedFlags {
  std::vector<std::pair<std::string, std::string>> values;  // (name, value); a switch's is "true" or "false"
  std::vector<std::string> positional;

  bool Has(std::string_view name) const;                          // given at all
  std::optional<std::string> Last(std::string_view name) const;   // the last value given
  std::vector<std::string> All(std::string_view name) const;      // every value, in order
  bool On(std::string_view name) const { return Last(name) == "true"; }  // a switch that is on
};

class FlagTable {
 public:
  // Starts a group of flags in the help text under `caption` ("" = none).
  FlagTable& Section(std::string caption);
  FlagTable& Value(std::string name, std::string value_name, std::string help);
  FlagTable& Switch(std::string name, std::string help);

  Result<ParsedFlags> Parse(const std::vector<std::string>& args, bool allow_positional) const;

  // nullptr when the table has no flag of that name.
  const Flag* Find(std::string_view name) const;
  // " (did you mean --x?)" for the nearest name within two edits, else "".
  std::string Suggestion(std::string_view unknown) const;
  // Every section: its caption, then "  --name VALUE   help" per flag.
  std::string Help() const;

 private:
  struct Entry {
    std::string section;
    Flag flag;
  };
  std::vector<std::string> TakeSwitchValues(std::vector<std::string> args,
                                            std::map<std::string, std::deque<std::string>>* values) const;
  std::vector<Entry> entries_;
  std::string section_;
};

}  // namespace subledger
