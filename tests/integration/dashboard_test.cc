// The revenue dashboard through the real binaries: subledgerd serves it at
// GET / on the admin listener for any book and currency (the read API's
// query rules), and `subledger report --html FILE` writes the same page for
// a data directory. On the spec's worked scenario every figure on either page
// is the figure of `report --json` (GET /v1/report) for the same query.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/reference_books.h"
#include "tests/support/daemon_test.h"
#include "tests/support/page_figures.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

class DashboardTest : public DaemonTest {
 protected:
  void SetUp() override {
    const CommandResult import =
        RunSubledger({"import", "--data-dir", data_dir(), SharedDir() + "/spec/examples/scenario-v2.jsonl"});
    ASSERT_EQ(import.exit_code, 0) << import.Describe();
  }

  // Every figure of the page at `query` agrees with GET /v1/report at `query`.
  void ExpectPageMatchesReport(const std::string& query) {
    HttpClient admin = AdminClient();
    const HttpResponse page = admin.Get("/" + query);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
    const HttpResponse report = admin.Get("/v1/report" + query);
    ASSERT_EQ(report.status, 200) << report.body;
    const auto figures = PageFigures(page.body);
    EXPECT_GT(figures.size(), 100u) << query;
    for (const std::string& m : FigureMismatches(figures, nlohmann::json::parse(report.body))) {
      ADD_FAILURE() << query << ": " << m;
    }
  }
};

TEST_F(DashboardTest, GetSlashShowsTheReportOfAnyBookAndCurrency) {
  StartDaemon();
  ExpectPageMatchesReport("");
  ExpectPageMatchesReport("?currency=eur");
  for (const auto& [label, report] : ReferenceBooks()) {
    const std::string account = label.substr(0, label.find('/')), mode = label.substr(label.find('/') + 1);
    ExpectPageMatchesReport("?account=" + account + "&mode=" + mode);
  }
}

TEST_F(DashboardTest, TheOperationsStripShowsTheDaemonsWebhookResultsAndLag) {
  StartDaemon();
  HttpClient pub = Client();
  const std::string first = Lines(SharedDir() + "/spec/examples/scenario-v2.jsonl").front();
  ASSERT_TRUE(IsDuplicateAck(PostSigned(pub, first)));
  EXPECT_EQ(PostSigned(pub, first, "whsec_wrong_secret_0123456789").status, 400);
  const HttpResponse page = AdminClient().Get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<span data-op=\"webhook_duplicate\">1</span>"), std::string::npos);
  EXPECT_NE(page.body.find("<span data-op=\"webhook_bad_signature\">1</span>"), std::string::npos);
  // accepted + duplicate over the signed deliveries: 1 of 1.
  EXPECT_NE(page.body.find("data-op=\"webhook_delivery_rate\">100.0 %<"), std::string::npos);
  EXPECT_NE(page.body.find("data-op=\"lag_events\">0 events"), std::string::npos);
  EXPECT_NE(page.body.find("data-op=\"events_in_log\">556<"), std::string::npos);
}

TEST_F(DashboardTest, BadQueriesAreRefusedAndOnlySlashIsThePage) {
  StartDaemon();
  HttpClient admin = AdminClient();
  EXPECT_EQ(admin.Get("/?mode=sandbox").status, 400);
  EXPECT_EQ(admin.Get("/?from=2025-13").status, 400);
  EXPECT_EQ(admin.Get("/?colour=blue").status, 400);
  EXPECT_EQ(admin.Get("/index.html").status, 404);
  EXPECT_EQ(admin.Request("POST", "/", "x").status, 405);
  EXPECT_EQ(admin.Request("POST", "/nope", "x").status, 404);  // "/" is no catch-all
}

TEST_F(DashboardTest, ReportHtmlWritesTheSamePageForADataDir) {
  const std::string file = tmp().Sub("revenue.html");
  for (const std::vector<std::string>& book : {std::vector<std::string>{}, {"--currency", "usd"},
                                               {"--account", "platform", "--mode", "test"}}) {
    std::vector<std::string> html = {"report", "--data-dir", data_dir(), "--html", file};
    std::vector<std::string> json = {"report", "--data-dir", data_dir(), "--json"};
    html.insert(html.end(), book.begin(), book.end());
    json.insert(json.end(), book.begin(), book.end());
    const CommandResult wrote = RunSubledger(html);
    ASSERT_EQ(wrote.exit_code, 0) << wrote.Describe();
    EXPECT_EQ(wrote.out, "");
    const CommandResult report = RunSubledger(json);
    ASSERT_EQ(report.exit_code, 0) << report.Describe();
    const std::string page = Slurp(file);
    const auto figures = PageFigures(page);
    EXPECT_GT(figures.size(), 100u);
    for (const std::string& m : FigureMismatches(figures, nlohmann::json::parse(report.out))) ADD_FAILURE() << m;
    EXPECT_EQ(page.find("<nav"), std::string::npos) << "a written page has no links to follow";
  }
  EXPECT_FALSE(std::filesystem::exists(file + ".tmp"));
  const CommandResult bad = RunSubledger({"report", "--data-dir", data_dir(), "--html", tmp().Sub("no/such/dir.html")});
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
}

}  // namespace
}  // namespace subledger::testing
