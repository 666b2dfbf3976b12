// TempDir: a fresh directory under $TMPDIR (or /tmp) that is removed, with
// everything in it, when the object is destroyed.
//
// Thread safety: a value owned by one test; path() may be read from any thread.
#pragma once

#include <filesystem>
#include <string>

namespace subledger::testing {

class TempDir {
 public:
  // Creates "<tmp>/<prefix>XXXXXX". Aborts the test binary if that fails.
  explicit TempDir(const std::string& prefix = "subledger-test-");
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, as a string.
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes `contents` to `path` (truncating). Aborts on failure.
void WriteFile(const std::string& path, const std::string& contents);
// Reads a whole file; aborts if it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace subledger::testing
