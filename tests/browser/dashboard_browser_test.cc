// The dashboard in a real browser: Debian's headless Chromium (driven by
// tests/browser/load_dashboard.js) loads GET / from a running subledgerd
// holding the spec's worked scenario, on a desktop and on a phone. The page
// makes exactly one request (itself), no request fails, nothing is logged
// to the console, every chart is drawn with a size, nothing overflows the
// phone's width, and it prints. Screenshots and the PDF are kept in
// <build>/browser/ to look at:
//
//   ctest --test-dir build -R DashboardInChromium
//   build/browser/dashboard-desktop.png, dashboard-phone.png, dashboard.pdf
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/reference_books.h"
#include "tests/support/daemon_test.h"
#include "tests/support/page_figures.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

class DashboardInChromium : public DaemonTest {
 protected:
  // The findings of load_dashboard.js for `url`.
  nlohmann::json LoadInChromium(const std::string& url) {
    const std::string script = SourceDir() + "/tests/browser/load_dashboard.js";
    if (!std::filesystem::exists(SourceDir() + "/tests/browser/node_modules/playwright-core")) {
      ADD_FAILURE() << "playwright-core is missing: run `npm ci` in tests/browser (tools/test does)";
      return {};
    }
    CommandOptions options;
    options.working_dir = SourceDir() + "/tests/browser";
    const CommandResult run = RunCommand({"node", script, "--url", url, "--out", Shots()}, options);
    if (run.exit_code != 0) {
      ADD_FAILURE() << run.Describe();
      return {};
    }
    return nlohmann::json::parse(run.out);
  }
  static std::string Shots() { return BinaryDir() + "/browser"; }
};

TEST_F(DashboardInChromium, LoadsCleanOnDesktopAndPhoneAndPrints) {
  const CommandResult import =
      RunSubledger({"import", "--data-dir", data_dir(), SharedDir() + "/spec/examples/scenario-v2.jsonl"});
  ASSERT_EQ(import.exit_code, 0) << import.Describe();
  StartDaemon();
  HttpClient pub = Client();
  ASSERT_TRUE(IsDuplicateAck(PostSigned(pub, Lines(SharedDir() + "/spec/examples/scenario-v2.jsonl").front())));
  const std::string url = "http://127.0.0.1:" + std::to_string(daemon().admin_port()) + "/";
  const HttpResponse page = AdminClient().Get("/");
  ASSERT_EQ(page.status, 200);
  const nlohmann::json report = nlohmann::json::parse(AdminClient().Get("/v1/report").body);
  const nlohmann::json& eur = report["currencies"][0];

  const nlohmann::json found = LoadInChromium(url);
  ASSERT_TRUE(found.is_object());
  for (const char* device : {"desktop", "phone"}) {
    SCOPED_TRACE(device);
    const nlohmann::json& seen = found[device];
    EXPECT_EQ(seen["status"], 200);
    EXPECT_EQ(seen["requests"], nlohmann::json::array({url})) << "the page fetched something else";
    EXPECT_EQ(seen["failed"], nlohmann::json::array());
    EXPECT_EQ(seen["httpErrors"], nlohmann::json::array());
    EXPECT_EQ(seen["consoleErrors"], nlohmann::json::array());
    EXPECT_EQ(seen["pageErrors"], nlohmann::json::array());
    EXPECT_EQ(seen["figures"], PageFigures(page.body).size());
    EXPECT_GT(seen["charts"], 0);
    EXPECT_EQ(seen["chartsWithSize"], seen["charts"]) << "a chart without a size";
    EXPECT_EQ(seen["overflowX"], false) << "wider than the screen";
    EXPECT_EQ(seen["mrrTile"], ExpectedText("mrr", eur["mrr"], eur["currency"]));
    const std::string shot = seen["screenshot"];
    ASSERT_TRUE(std::filesystem::exists(shot)) << shot;
    EXPECT_GT(std::filesystem::file_size(shot), 20000u) << shot;
  }
  EXPECT_GE(found["pdfPages"], 1);
  std::printf("screenshots: %s/dashboard-desktop.png, %s/dashboard-phone.png; print: %s (%d pages)\n",
              Shots().c_str(), Shots().c_str(), found["pdf"].get<std::string>().c_str(),
              found["pdfPages"].get<int>());
}

}  // namespace
}  // namespace subledger::testing
