#include "daemon/flag_table.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <deque>
#include <map>

namespace subledger {
namespace po = boost::program_options;
namespace {

constexpr const char* kPositional = "positional arguments";
constexpr size_t kHelpColumn = 31;

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Long options only (no "-x", no prefix guessing), "--x v" and "--x=v".
constexpr int kStyle = po::command_line_style::allow_long | po::command_line_style::long_allow_adjacent |
                       po::command_line_style::long_allow_next;

Result<std::string> SwitchValue(const std::string& name, const std::string& given) {
  if (given == "true" || given == "1") return std::string("true");
  if (given == "false" || given == "0") return std::string("false");
  return Status::InvalidArgument("--" + name + ": expected true or false, got \"" + given + "\"");
}

}  // namespace

bool ParsedFlags::Has(std::string_view name) const { return Last(name).has_value(); }

std::optional<std::string> ParsedFlags::Last(std::string_view name) const {
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

std::vector<std::string> ParsedFlags::All(std::string_view name) const {
  std::vector<std::string> all;
  for (const auto& [flag, value] : values) {
    if (flag == name) all.push_back(value);
  }
  return all;
}

FlagTable& FlagTable::Section(std::string caption) {
  section_ = std::move(caption);
  return *this;
}

FlagTable& FlagTable::Value(std::string name, std::string value_name, std::string help) {
  entries_.push_back({section_, Flag{std::move(name), std::move(value_name), std::move(help)}});
  return *this;
}

FlagTable& FlagTable::Switch(std::string name, std::string help) {
  entries_.push_back({section_, Flag{std::move(name), "", std::move(help)}});
  return *this;
}

const Flag* FlagTable::Find(std::string_view name) const {
  for (const Entry& e : entries_) {
    if (e.flag.name == name) return &e.flag;
  }
  return nullptr;
}

std::string FlagTable::Suggestion(std::string_view unknown) const {
  const Flag* best = nullptr;
  size_t best_distance = 3;
  for (const Entry& e : entries_) {
    const size_t d = EditDistance(unknown, e.flag.name);
    if (d < best_distance) {
      best_distance = d;
      best = &e.flag;
    }
  }
  return best ? " (did you mean --" + best->name + "?)" : "";
}

// Program_options lets an optional value come from the next argument
// ("--unresolved sub_1" would read sub_1). A switch takes none: its
// "--name=value" is taken off here, per occurrence, before Boost sees it.
std::vector<std::string> FlagTable::TakeSwitchValues(std::vector<std::string> args,
                                                     std::map<std::string, std::deque<std::string>>* values) const {
  for (std::string& arg : args) {
    if (arg == "--") break;
    if (arg.rfind("--", 0) != 0) continue;
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const Flag* flag = Find(name);
    if (flag == nullptr || !flag->is_switch()) continue;
    (*values)[name].push_back(eq == std::string::npos ? "true" : arg.substr(eq + 1));
    arg = "--" + name;
  }
  return args;
}

Result<ParsedFlags> FlagTable::Parse(const std::vector<std::string>& given, bool allow_positional) const {
  std::map<std::string, std::deque<std::string>> switch_values;
  const std::vector<std::string> args = TakeSwitchValues(given, &switch_values);
  po::options_description description;
  for (const Entry& e : entries_) {
    if (e.flag.is_switch()) {
      description.add_options()(e.flag.name.c_str(), po::value<std::string>()->zero_tokens());
    } else {
      description.add_options()(e.flag.name.c_str(), po::value<std::string>());
    }
  }
  description.add_options()(kPositional, po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add(kPositional, -1);

  po::parsed_options parsed(&description);
  try {
    parsed = po::command_line_parser(args).options(description).positional(positional).style(kStyle).run();
  } catch (const po::unknown_option& e) {
    const std::string given = e.get_option_name();
    const std::string suggestion = Suggestion(given.substr(given.find_first_not_of('-')));
    return Status::InvalidArgument("unknown flag " + given + (suggestion.empty() ? " (see --help)" : suggestion));
  } catch (const po::invalid_command_line_syntax& e) {
    return Status::InvalidArgument(e.get_option_name() + ": missing value");
  } catch (const po::error& e) {
    return Status::InvalidArgument(std::string(e.what()) + " (see --help)");
  }

  ParsedFlags flags;
  for (const po::option& option : parsed.options) {
    if (option.string_key == kPositional) {
      if (!allow_positional) {
        return Status::InvalidArgument("unexpected argument \"" + option.value.at(0) + "\" (see --help)");
      }
      flags.positional.insert(flags.positional.end(), option.value.begin(), option.value.end());
      continue;
    }
    if (Find(option.string_key)->is_switch()) {
      std::deque<std::string>& queue = switch_values[option.string_key];
      Result<std::string> value = SwitchValue(option.string_key, queue.empty() ? "true" : queue.front());
      if (!queue.empty()) queue.pop_front();
      if (!value.ok()) return value.status();
      flags.values.emplace_back(option.string_key, *value);
    } else {
      flags.values.emplace_back(option.string_key, option.value.at(0));
    }
  }
  return flags;
}

std::string FlagTable::Help() const {
  std::string text;
  const std::string* section = nullptr;
  for (const Entry& e : entries_) {
    if (section == nullptr || *section != e.section) {
      if (section != nullptr) text += "\n";
      section = &e.section;
      if (!e.section.empty()) text += e.section + "\n";
    }
    std::string left = "  --" + e.flag.name + (e.flag.is_switch() ? "" : " " + e.flag.value_name);
    left.resize(std::max(left.size() + 1, kHelpColumn), ' ');
    text += left;
    for (const char c : e.flag.help) {
      text += c;
      if (c == '\n') text.append(kHelpColumn, ' ');
    }
    text += "\n";
  }
  return text;
}

}  // namespace subledger
