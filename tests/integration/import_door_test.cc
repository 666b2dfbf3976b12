// `subledger import` refuses, line by line, what the webhook door refuses:
// an implausible `created` (revenue model v2 §1) and an envelope key that
// could be read two ways (an escaped duplicate). Each is reported as
// FILE:LINE with the reason and skipped; the rest is imported; exit 1.
#include <gtest/gtest.h>

#include "tests/support/event_fixtures.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/subledger_cli.h"
#include "tests/support/temp_dir.h"

namespace subledger::testing {
namespace {

class ImportDoorTest : public ::testing::Test {
 protected:
  std::string Dir() const { return tmp_.Sub("data"); }
  CommandResult Import(std::vector<std::string> files) {
    std::vector<std::string> args = {"import", "--data-dir", Dir()};
    args.insert(args.end(), files.begin(), files.end());
    return RunSubledger(args);
  }
  std::vector<ExportedEvent> Stored() {
    ExportResult r = ReadLogDirectly(Dir());
    EXPECT_TRUE(r.ok()) << r.error;
    return r.events;
  }
  TempDir tmp_{"subledger-import-door-"};
};

TEST_F(ImportDoorTest, ImplausibleCreatedAndEscapedDuplicateKeysAreReportedByLineAndSkipped) {
  // Revenue model v2 §1 and the escaped-duplicate-key rule, at import's door.
  const int64_t now = NowUnixSeconds();
  const std::string path = tmp_.Sub("door.jsonl");
  WriteFile(path, SyntheticEvent("evt_door_good_1", now - 60) + "\n" +
                      R"({"id":"evt_door_2009","type":"invoice.paid","created":1234567890})" "\n" +  // line 2
                      R"({"id":"evt_door_ms","type":"invoice.paid","created":)" + std::to_string(now * 1000) + "}\n" +
                      R"({"id":"evt_door_ahead","type":"invoice.paid","created":)" + std::to_string(now + 2 * 86400) + "}\n" +
                      R"({"id":"evt_door_float","type":"invoice.paid","created":1767225599.0})" "\n" +        // line 5
                      R"({"id":"evt_door_A","\u0069d":"evt_door_B","type":"invoice.paid","created":1767225600})" "\n" +
                      SyntheticEvent("evt_door_good_2", now - 30) + "\n");
  CommandResult r = Import({path});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.err.find(path + ":2: event envelope: \"created\" 1234567890 is before 2010-01-01"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":4: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ahead of this machine's clock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":5: event envelope: \"created\" is not an integer"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":6: event envelope: duplicate key \"id\""), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("read 7, appended 2, duplicates 0, rejected 5"), std::string::npos) << r.out;
  std::vector<ExportedEvent> stored = Stored();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].id, "evt_door_good_1");
  EXPECT_EQ(stored[1].id, "evt_door_good_2");
}

TEST_F(ImportDoorTest, AConnectEventKeepsItsAccountThroughImportAndExport) {
  const std::string body = R"({"id":"evt_door_connect","object":"event","account":"acct_1Door","type":"invoice.paid",)"
                           R"("created":1767225600,"data":{"object":{"id":"in_1","object":"invoice"}},"livemode":true})";
  const std::string path = tmp_.Sub("connect.jsonl");
  WriteFile(path, body + "\n");
  ASSERT_EQ(Import({path}).exit_code, 0);
  std::vector<ExportedEvent> stored = Stored();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].body, body);
  CommandResult verify = VerifyLog(Dir());
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
}

}  // namespace
}  // namespace subledger::testing
