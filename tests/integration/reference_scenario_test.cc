// The spec's version-2 reference scenario through the real binaries: the
// file imported with `subledger import`, or every line posted as a signed
// webhook to a real subledgerd in a shuffled order with redeliveries, must
// reproduce the report of every book byte for byte — through
// `subledger report --account --mode --json`, through the daemon's
// GET /v1/report?account=&mode=, after a restart and after a rebuild.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "ledger/event_log.h"
#include "tests/support/daemon_test.h"
#include "tests/support/reference_books.h"

namespace subledger::testing {
namespace {

// "acct_1/test" -> ("acct_1", "test"); "platform/live" -> ("platform", "live").
std::pair<std::string, std::string> SplitLabel(const std::string& label) {
  const size_t slash = label.rfind('/');
  return {label.substr(0, slash), label.substr(slash + 1)};
}

class ReferenceScenarioTest : public DaemonTest {
 protected:
  // Every book's `subledger report --json` (the daemon must be stopped).
  void ExpectCliReportsEveryBook(const std::string& when) {
    for (const auto& [label, expected] : ReferenceBooks()) {
      const auto [account, mode] = SplitLabel(label);
      CommandResult r = RunSubledger({"report", "--data-dir", data_dir(), "--account", account, "--mode", mode, "--json"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
      EXPECT_EQ(r.out, expected) << label << " " << when;
    }
    CommandResult r = RunSubledger({"report", "--data-dir", data_dir(), "--json"});
    EXPECT_EQ(r.out, Slurp(kExamples + "scenario-v2.expected.json")) << "default book " << when;
  }

  void ExpectDaemonReportsEveryBook(const std::string& when) {
    HttpClient admin = AdminClient();
    for (const auto& [label, expected] : ReferenceBooks()) {
      const auto [account, mode] = SplitLabel(label);
      HttpResponse r = admin.Get("/v1/report?account=" + account + "&mode=" + mode);
      ASSERT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(r.body, expected) << label << " " << when;
    }
  }
};

TEST_F(ReferenceScenarioTest, ImportReproducesEveryBookAndSoDoesARebuild) {
  const std::string file = kExamples + "scenario-v2.jsonl";
  CommandResult imported = RunSubledger({"import", "--data-dir", data_dir(), file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  ExpectCliReportsEveryBook("after import");
  CommandResult rebuilt = RunSubledger({"rebuild", "--data-dir", data_dir()});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  ExpectCliReportsEveryBook("after rebuild");
  CommandResult books = RunSubledger({"books", "--data-dir", data_dir(), "--json"});
  ASSERT_EQ(books.exit_code, 0) << books.err;
  for (const auto& [label, expected] : ReferenceBooks()) {
    const std::string account = SplitLabel(label).first;
    if (account != "platform") {
      EXPECT_NE(books.out.find("\"" + account + "\""), std::string::npos) << account;
    }
  }
}

TEST_F(ReferenceScenarioTest, ARebuildRepairsAStateItCannotReadWithoutReadingIt) {
  const std::string file = kExamples + "scenario-v2.jsonl";
  ASSERT_EQ(RunSubledger({"import", "--data-dir", data_dir(), file}).exit_code, 0);
  {
    // The projection state replaced by garbage: a global entry of no known
    // format, a book's totals and a customer that do not decode.
    EventLogOptions options;
    options.data_dir = data_dir();
    auto log = EventLog::Open(options);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    ASSERT_TRUE((*log)->ReplaceState({{"t", "\xff\xfe garbage"}, {"b", "?"}, {"c\x01zz", "not a record"}}).ok());
  }
  CommandResult rebuilt = RunSubledger({"rebuild", "--data-dir", data_dir()});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  ExpectCliReportsEveryBook("after a rebuild over a damaged state");
}

TEST_F(ReferenceScenarioTest, WebhooksInAnyOrderWithRedeliveriesReproduceEveryBook) {
  StartDaemon();
  HttpClient client = Client();
  for (const std::string& body : Redelivered(ScenarioBodies(), 7)) {
    HttpResponse r = PostSigned(client, body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // The projector follows the log on its own thread: wait until it is current.
  HttpClient admin = AdminClient();
  for (int i = 0; i < 100; ++i) {
    if (admin.Get("/readyz").body.find("\"lag_events\":0") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ExpectDaemonReportsEveryBook("online");
  StopDaemon();
  StartDaemon();
  ExpectDaemonReportsEveryBook("after a restart");
  StopDaemon();
  ExpectCliReportsEveryBook("through the CLI");
}

}  // namespace
}  // namespace subledger::testing
