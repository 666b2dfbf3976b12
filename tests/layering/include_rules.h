// The house rules of the source tree, checked by layering_test.cc on the
// real tree (and on planted bad trees):
//
//  * Which top-level folder a production file may #include "folder/..." from:
//      ledger/       ledger/ only
//      projections/  ledger/
//      metrics/      ledger/            (neither ingest/ nor projections/)
//      dashboard/    projections/, metrics/, ledger/ (the page; no HTTP)
//      ingest/       ledger/            (the HTTP front on the event log)
//      stripe/       ledger/
//      workflows/    stripe/, ledger/
//      daemon/       every production folder (not tools/)
//      tools/        everything
//    A folder always sees itself. tests/ is not checked.
//  * Every .cc under those folders and tests/ is named in a CMakeLists.txt of
//    its folder or of a folder above it (sources are listed explicitly).
//  * No CMakeLists.txt uses file(GLOB ...).
//
// Thread safety: pure functions over the files under `root`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace subledger::house {

// One broken rule: the file (relative to the root) and what is wrong.
struct Violation {
  std::string file;
  std::string what;
};

// Folders `folder` may include from, itself included; empty for a folder the
// rules do not cover (tests/, docs/).
std::vector<std::string> AllowedIncludes(const std::string& folder);

// Every `#include "x/..."` whose first path segment `x` the file's
// top-level folder may not see.
std::vector<Violation> IncludeViolations(const std::filesystem::path& root);

// Every .cc under the production folders and tests/ that no CMakeLists.txt
// at or above its folder names, and every CMakeLists.txt with file(GLOB.
std::vector<Violation> BuildListViolations(const std::filesystem::path& root);

std::string Describe(const std::vector<Violation>& violations);

}  // namespace subledger::house
