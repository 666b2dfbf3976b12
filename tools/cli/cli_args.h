// CliArgs: strict parsing of a subcommand's flags. Unknown flags and missing
// values are usage errors reported before anything is opened or sent.
//   CliArgs a(args);
//   std::string dir = a.Value("--data-dir").value_or("./data");
//   bool json = a.Has("--json");
//   if (!a.Finish({"--data-dir", "--json"}, &error)) { usage... }
// Both "--flag value" and "--flag=value" are accepted. Arguments not starting
// with "--" are positional.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace subledger::cli {

class CliArgs {
 public:
  // `valued` lists the flags that take a value; every other "--x" is boolean.
  CliArgs(const std::vector<std::string>& args, const std::set<std::string>& valued,
          const std::set<std::string>& booleans);

  std::optional<std::string> Value(const std::string& flag) const;
  bool Has(const std::string& flag) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Empty when the arguments were well-formed; otherwise a one-line error.
  const std::string& error() const { return error_; }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::set<std::string> present_;
  std::vector<std::string> positional_;
  std::string error_;
};

// Draws "label  done/total  rate/s  ETA" on stderr when it is a terminal;
// silent otherwise. Redraws at most ~10 times a second.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  void Update(uint64_t done, uint64_t total);
  void Finish();

 private:
  std::string label_;
  bool tty_;
  int64_t start_nanos_;
  int64_t last_draw_nanos_ = 0;
  bool drawn_ = false;
};

}  // namespace subledger::cli
