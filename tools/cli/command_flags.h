// CommandFlags: a subcommand's flags, read through the one flag table of the
// code base (daemon/flag_table.h, Boost.Program_options). Unknown flags
// ("did you mean"), missing values and bad switch values are usage errors
// reported before anything is opened or sent.
//
//   CommandFlags a(args, {"--data-dir", "--price"}, {"--json", "--help"});
//   if (!a.error().empty()) { usage error }
//   std::string dir = a.Value("--data-dir").value_or("./data");
//   bool json = a.Has("--json");
//   for (const std::string& id : a.All("--price")) ...
//
// "--flag value" and "--flag=value" for a flag in `valued`; "--flag" (or
// "--flag=true|false") for one in `switches`. Arguments not starting with
// "--" are positional; flag names are never guessed from a prefix.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/flag_table.h"

namespace subledger::cli {

class CommandFlags {
 public:
  CommandFlags(const std::vector<std::string>& args, const std::set<std::string>& valued,
               const std::set<std::string>& switches);

  std::optional<std::string> Value(const std::string& flag) const;  // the last value given
  std::vector<std::string> All(const std::string& flag) const;      // every value, in order
  bool Has(const std::string& flag) const;                          // a switch that is on, or a value given
  const std::vector<std::string>& positional() const { return flags_.positional; }
  // Empty when the arguments were well-formed; otherwise a one-line error.
  const std::string& error() const { return error_; }

 private:
  ParsedFlags flags_;
  std::string error_;
};

}  // namespace subledger::cli
