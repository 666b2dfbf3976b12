#include "tests/layering/include_rules.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace subledger::house {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kProduction = {"ledger",    "projections", "metrics", "dashboard", "ingest",
                                              "stripe",    "workflows",   "daemon",  "tools"};

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsSource(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".cc" || ext == ".h";
}

// The first segment of every `#include "a/b.h"` in `text`, with its line.
std::vector<std::pair<int, std::string>> QuotedIncludeFolders(const std::string& text) {
  std::vector<std::pair<int, std::string>> folders;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const size_t hash = line.find_first_not_of(" \t");
    if (hash == std::string::npos || line.compare(hash, 1, "#") != 0) continue;
    const size_t include = line.find("include", hash);
    const size_t open = line.find('"', hash);
    if (include == std::string::npos || open == std::string::npos || open < include) continue;
    const size_t close = line.find('"', open + 1);
    const size_t slash = line.find('/', open + 1);
    if (close == std::string::npos || slash == std::string::npos || slash > close) continue;
    folders.emplace_back(number, line.substr(open + 1, slash - open - 1));
  }
  return folders;
}

// Files under `root/dir` (recursively) whose path satisfies `keep`.
std::vector<fs::path> FilesUnder(const fs::path& root, const std::string& dir, bool (*keep)(const fs::path&)) {
  std::vector<fs::path> files;
  if (!fs::is_directory(root / dir)) return files;
  for (auto it = fs::recursive_directory_iterator(root / dir); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && it->path().filename() == "node_modules") {
      it.disable_recursion_pending();
    } else if (it->is_regular_file() && keep(it->path())) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool IsCc(const fs::path& path) { return path.extension() == ".cc"; }
bool IsCMakeLists(const fs::path& path) { return path.filename() == "CMakeLists.txt"; }

// True when `text` names `rel` as a whole path, alone or after "${VAR}/":
// not as the tail of a longer name ("cli/main.cc" does not count for "main.cc").
bool Names(const std::string& text, const std::string& rel) {
  for (size_t pos = text.find(rel); pos != std::string::npos; pos = text.find(rel, pos + 1)) {
    const char before = pos == 0 ? ' ' : text[pos - 1];
    const size_t end = pos + rel.size();
    const char after = end == text.size() ? ' ' : text[end];
    const bool after_variable = before == '/' && pos >= 2 && text[pos - 2] == '}';
    const bool starts = before == ' ' || before == '\n' || before == '(' || before == '"' || after_variable;
    const bool ends = after == ' ' || after == '\n' || after == ')' || after == '"';
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> AllowedIncludes(const std::string& folder) {
  static const std::map<std::string, std::vector<std::string>> kRules = {
      {"ledger", {"ledger"}},
      {"projections", {"projections", "ledger"}},
      {"metrics", {"metrics", "ledger"}},
      {"dashboard", {"dashboard", "projections", "metrics", "ledger"}},
      {"ingest", {"ingest", "ledger"}},
      {"stripe", {"stripe", "ledger"}},
      {"workflows", {"workflows", "stripe", "ledger"}},
      {"daemon", {"daemon", "dashboard", "ingest", "metrics", "projections", "stripe", "workflows", "ledger"}},
      {"tools", {"tools", "daemon", "dashboard", "ingest", "metrics", "projections", "stripe", "workflows", "ledger"}},
  };
  const auto it = kRules.find(folder);
  return it == kRules.end() ? std::vector<std::string>{} : it->second;
}

std::vector<Violation> IncludeViolations(const fs::path& root) {
  std::vector<Violation> violations;
  for (const std::string& folder : kProduction) {
    const std::vector<std::string> allowed = AllowedIncludes(folder);
    for (const fs::path& file : FilesUnder(root, folder, IsSource)) {
      for (const auto& [line, included] : QuotedIncludeFolders(ReadText(file))) {
        if (std::find(allowed.begin(), allowed.end(), included) != allowed.end()) continue;
        violations.push_back({fs::relative(file, root).string() + ":" + std::to_string(line),
                              folder + "/ may not include " + included + "/"});
      }
    }
  }
  return violations;
}

std::vector<Violation> BuildListViolations(const fs::path& root) {
  std::vector<Violation> violations;
  std::vector<std::string> folders = kProduction;
  folders.push_back("tests");
  for (const std::string& folder : folders) {
    for (const fs::path& cmake : FilesUnder(root, folder, IsCMakeLists)) {
      if (ReadText(cmake).find("file(GLOB") != std::string::npos) {
        violations.push_back({fs::relative(cmake, root).string(), "file(GLOB): list the sources"});
      }
    }
    for (const fs::path& file : FilesUnder(root, folder, IsCc)) {
      bool listed = false;
      for (fs::path dir = file.parent_path(); !listed; dir = dir.parent_path()) {
        const fs::path cmake = dir / "CMakeLists.txt";
        if (fs::exists(cmake)) listed = Names(ReadText(cmake), fs::relative(file, dir).string());
        if (dir == root || dir == dir.parent_path()) break;
      }
      if (!listed) {
        violations.push_back({fs::relative(file, root).string(), "no CMakeLists.txt names this source"});
      }
    }
  }
  return violations;
}

std::string Describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const Violation& v : violations) text += "  " + v.file + ": " + v.what + "\n";
  return text;
}

}  // namespace subledger::house
