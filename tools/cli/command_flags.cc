#include "tools/cli/command_flags.h"

namespace subledger::cli {
namespace {

std::string Bare(const std::string& flag) { return flag.substr(flag.find_first_not_of('-')); }

}  // namespace

CommandFlags::CommandFlags(const std::vector<std::string>& args, const std::set<std::string>& valued,
                           const std::set<std::string>& switches) {
  FlagTable table;
  for (const std::string& flag : valued) table.Value(Bare(flag), "VALUE", "");
  for (const std::string& flag : switches) table.Switch(Bare(flag), "");
  Result<ParsedFlags> parsed = table.Parse(args, /*allow_positional=*/true);
  if (parsed.ok()) {
    flags_ = std::move(*parsed);
  } else {
    error_ = parsed.status().message();
  }
}

std::optional<std::string> CommandFlags::Value(const std::string& flag) const { return flags_.Last(Bare(flag)); }

std::vector<std::string> CommandFlags::All(const std::string& flag) const { return flags_.All(Bare(flag)); }

bool CommandFlags::Has(const std::string& flag) const {
  const std::optional<std::string> value = flags_.Last(Bare(flag));
  return value && *value != "false";
}

}  // namespace subledger::cli
