// FlagTable (daemon/flag_table.h): one table, read with Boost.Program_options.
#include "daemon/flag_table.h"

#include <gtest/gtest.h>

namespace subledger {
namespace {

FlagTable Table() {
  FlagTable t;
  t.Section("flags:")
      .Value("data-dir", "DIR", "event log directory")
      .Value("price", "ID", "a price\n(repeatable)")
      .Switch("unresolved", "what the books lack");
  return t;
}

TEST(FlagTableTest, BothSpellingsRepeatsAndPositionals) {
  const auto flags = Table().Parse({"--data-dir", "/d", "--price=p1", "sub_1", "--price", "p2"}, true);
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags->Last("data-dir"), "/d");
  EXPECT_EQ(flags->All("price"), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(flags->positional, (std::vector<std::string>{"sub_1"}));
  EXPECT_FALSE(flags->Has("unresolved"));
}

TEST(FlagTableTest, ASwitchNeverTakesTheNextArgument) {
  const auto flags = Table().Parse({"--unresolved", "sub_1", "--unresolved=false"}, true);
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags->positional, (std::vector<std::string>{"sub_1"}));
  EXPECT_EQ(flags->All("unresolved"), (std::vector<std::string>{"true", "false"}));
  EXPECT_FALSE(flags->On("unresolved"));
  EXPECT_NE(Table().Parse({"--unresolved=maybe"}, true).status().message().find(
                "--unresolved: expected true or false, got \"maybe\""),
            std::string::npos);
}

TEST(FlagTableTest, ErrorsNameTheFlag) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--data-dri", "/d"}, "unknown flag --data-dri (did you mean --data-dir?)"},
      {{"--nothing-like-it"}, "unknown flag --nothing-like-it (see --help)"},
      {{"--data"}, "unknown flag --data"},  // never guessed from a prefix
      {{"--data-dir"}, "--data-dir: missing value"},
      {{"stray"}, "unexpected argument \"stray\""},
  };
  for (const auto& [args, expect] : cases) {
    const auto flags = Table().Parse(args, false);
    ASSERT_FALSE(flags.ok()) << args[0];
    EXPECT_NE(flags.status().message().find(expect), std::string::npos) << flags.status().message();
  }
  EXPECT_EQ(Table().Parse({"--data-dir", "-1"}, false)->Last("data-dir"), "-1");
}

TEST(FlagTableTest, HelpListsEveryFlagUnderItsSection) {
  EXPECT_EQ(Table().Help(),
            "flags:\n"
            "  --data-dir DIR               event log directory\n"
            "  --price ID                   a price\n"
            "                               (repeatable)\n"
            "  --unresolved                 what the books lack\n");
}

}  // namespace
}  // namespace subledger
