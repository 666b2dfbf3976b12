// The house rules (include_rules.h) on the real source tree, and proof that
// the checks catch what they should on small planted trees.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/layering/include_rules.h"

namespace subledger::house {
namespace {

namespace fs = std::filesystem;

class PlantedTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("subledger-layering-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  fs::path root_;
};

TEST(HouseRules, EveryIncludeRespectsTheLayers) {
  const auto violations = IncludeViolations(SUBLEDGER_SOURCE_DIR);
  EXPECT_TRUE(violations.empty()) << Describe(violations);
}

TEST(HouseRules, EverySourceIsListedAndNoGlob) {
  const auto violations = BuildListViolations(SUBLEDGER_SOURCE_DIR);
  EXPECT_TRUE(violations.empty()) << Describe(violations);
}

TEST(HouseRules, TheRulesAreTheIssues) {
  EXPECT_EQ(AllowedIncludes("ledger"), std::vector<std::string>{"ledger"});
  EXPECT_EQ(AllowedIncludes("ingest"), (std::vector<std::string>{"ingest", "ledger"}));
  EXPECT_EQ(AllowedIncludes("stripe"), (std::vector<std::string>{"stripe", "ledger"}));
  EXPECT_EQ(AllowedIncludes("projections"), (std::vector<std::string>{"projections", "ledger"}));
  for (const char* forbidden : {"ingest", "projections"}) {
    const auto metrics = AllowedIncludes("metrics");
    EXPECT_EQ(std::count(metrics.begin(), metrics.end(), forbidden), 0) << forbidden;
  }
}

TEST_F(PlantedTree, ABadIncludeIsCaught) {
  Write("ledger/event_log.cc", "#include \"ledger/event_log.h\"\n#include \"ingest/http_server.h\"\n");
  Write("metrics/m.h", "#pragma once\n  #  include \"projections/projector.h\"  // no\n");
  Write("ingest/ok.cc", "#include \"ingest/a.h\"\n#include \"ledger/status.h\"\n#include <boost/asio.hpp>\n");
  Write("ingest/bad.cc", "#include \"daemon/daemon.h\"\n");
  Write("daemon/d.cc", "#include \"tools/cli/command.h\"\n");
  Write("tools/t.cc", "#include \"daemon/daemon.h\"\n#include \"ingest/a.h\"\n");
  const auto violations = IncludeViolations(root_);
  ASSERT_EQ(violations.size(), 4u) << Describe(violations);
  EXPECT_EQ(violations[0].file, "ledger/event_log.cc:2");
  EXPECT_EQ(violations[0].what, "ledger/ may not include ingest/");
  EXPECT_EQ(violations[1].file, "metrics/m.h:2");
  EXPECT_EQ(violations[1].what, "metrics/ may not include projections/");
  EXPECT_EQ(violations[2].file, "ingest/bad.cc:1");
  EXPECT_EQ(violations[2].what, "ingest/ may not include daemon/");
  EXPECT_EQ(violations[3].file, "daemon/d.cc:1");
  EXPECT_EQ(violations[3].what, "daemon/ may not include tools/");
}

TEST_F(PlantedTree, AnUnlistedSourceAndAGlobAreCaught) {
  Write("ledger/CMakeLists.txt", "add_library(l STATIC\n  a.cc\n  sub/b.cc)\n");
  Write("ledger/a.cc", "");
  Write("ledger/sub/b.cc", "");
  Write("ledger/sub/c.cc", "");
  Write("tools/CMakeLists.txt", "add_executable(x cli/main.cc)\nfile(GLOB S *.cc)\n");
  Write("tools/cli/main.cc", "");
  Write("tools/main.cc", "");
  Write("tests/fuzz/CMakeLists.txt", "set(S ${CMAKE_CURRENT_SOURCE_DIR}/t.cc)\n");
  Write("tests/fuzz/t.cc", "");
  const auto violations = BuildListViolations(root_);
  ASSERT_EQ(violations.size(), 3u) << Describe(violations);
  EXPECT_EQ(violations[0].file, "ledger/sub/c.cc");
  EXPECT_EQ(violations[1].file, "tools/CMakeLists.txt");
  EXPECT_EQ(violations[2].file, "tools/main.cc");
}

}  // namespace
}  // namespace subledger::house
