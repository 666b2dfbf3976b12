// Replays the committed fuzz seed corpus (tests/fuzz/corpus/<target>/) and
// every input a fuzzing run found a problem with (tests/fuzz/regressions/
// <target>/) through the same target functions libFuzzer runs, in the normal
// build. A property violation aborts the process (the test fails); UB and
// memory errors are caught when this runs under ASan+UBSan (tools/test).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.h"

namespace subledger::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(SUBLEDGER_SOURCE_DIR) / "tests" / "fuzz";

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FuzzReplayTest : public ::testing::TestWithParam<FuzzTarget> {};

TEST_P(FuzzReplayTest, SeedCorpusRunsCleanly) {
  const std::vector<fs::path> seeds = FilesIn(kFuzzDir / "corpus" / GetParam().name);
  ASSERT_FALSE(seeds.empty()) << "no seeds in tests/fuzz/corpus/" << GetParam().name;
  for (const fs::path& seed : seeds) {
    SCOPED_TRACE(seed.string());
    GetParam().fn(Slurp(seed));
  }
}

TEST_P(FuzzReplayTest, EveryRecordedRegressionRunsCleanly) {
  // Inputs that once crashed or violated a property, or that pin a tricky
  // case down; each must now pass. An empty directory checks nothing, so it
  // fails: a target without a regression yet records its trickiest seed.
  const std::vector<fs::path> inputs = FilesIn(kFuzzDir / "regressions" / GetParam().name);
  ASSERT_FALSE(inputs.empty()) << "no inputs in tests/fuzz/regressions/" << GetParam().name;
  for (const fs::path& input : inputs) {
    SCOPED_TRACE(input.string());
    GetParam().fn(Slurp(input));
  }
}

TEST(FuzzTargetsTest, EveryTargetHasASeedDirectory) {
  for (const FuzzTarget& t : AllFuzzTargets()) {
    EXPECT_TRUE(fs::is_directory(kFuzzDir / "corpus" / t.name)) << t.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplayTest, ::testing::ValuesIn(AllFuzzTargets()),
                         [](const ::testing::TestParamInfo<FuzzTarget>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace subledger::fuzz
