// The dashboard page shows the report's numbers: rendered for every book of
// the spec's worked scenario (shared/spec/examples/scenario-v2), every
// figure on it -- tiles, chart marks, table cells, the book's figures -- has
// the reference report's value and shows it as a person reads it; nothing is
// left out, nothing is fetched, the monitoring spec's thresholds are drawn.
#include <gtest/gtest.h>

#include <set>

#include "dashboard/dashboard_page.h"
#include "dashboard/figure_format.h"
#include "dashboard/spec_bands.h"
#include "ledger/event_envelope.h"
#include "projections/projection_state.h"
#include "tests/support/reference_books.h"
#include "tests/support/page_figures.h"

namespace subledger::dashboard {
namespace {

using testing::FigureMismatches;
using testing::PageFigures;

std::shared_ptr<const ProjectionSnapshot> ScenarioSnapshot() {
  static const auto snapshot = [] {
    ProjectionState state;
    std::vector<EventFact> facts;
    std::set<std::string> seen;
    for (const std::string& body : testing::ScenarioBodies()) {
      auto env = ExtractEnvelope(body);
      if (env.ok() && seen.insert(env->id).second) facts.push_back(ExtractFact(facts.size() + 1, *env, body));
    }
    EXPECT_TRUE(state.ApplyBatch(std::move(facts), seen.size()).ok());
    return state.Snapshot(nullptr);
  }();
  return snapshot;
}

Book BookOf(const std::string& label) {  // "platform/live", "acct_x/test"
  const std::string account = label.substr(0, label.find('/'));
  return Book{account == "platform" ? "" : account, label.substr(label.find('/') + 1) == "live"};
}

std::string Page(const Book& book, ReportFilter filter = {}, bool links = true) {
  OperationsFigures ops;
  ops.source = "test";
  DashboardInput in = MakeDashboardInput(*ScenarioSnapshot(), book, filter, ops);
  in.links = links;
  return RenderDashboardHtml(in);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(DashboardPageTest, EveryFigureShownIsTheReferenceReportsInEveryBook) {
  const auto books = testing::ReferenceBooks();
  ASSERT_EQ(books.size(), 6u);
  for (const auto& [label, report] : books) {
    const auto figures = PageFigures(Page(BookOf(label)));
    EXPECT_GT(figures.size(), 100u) << label;
    for (const std::string& m : FigureMismatches(figures, nlohmann::json::parse(report))) {
      ADD_FAILURE() << label << ": " << m;
    }
  }
}

// The check itself: a figure off by one cent, or shown in the wrong format, is caught.
TEST(DashboardPageTest, TheFigureCheckCatchesAWrongValueAndAWrongText) {
  const nlohmann::json report = nlohmann::json::parse(testing::ReferenceBooks().at("platform/live"));
  std::string page = Page(Book{"", true});
  const std::string tile = "data-figure=\"mrr\" data-currency=\"eur\" data-value=\"54358\">543.58 EUR<";
  ASSERT_NE(page.find(tile), std::string::npos);
  std::string wrong_value = page, wrong_text = page;
  wrong_value.replace(wrong_value.find(tile), tile.size(), "data-figure=\"mrr\" data-currency=\"eur\" data-value=\"54359\">543.58 EUR<");
  wrong_text.replace(wrong_text.find(tile), tile.size(), "data-figure=\"mrr\" data-currency=\"eur\" data-value=\"54358\">543.58<");
  EXPECT_EQ(FigureMismatches(PageFigures(wrong_value), report).size(), 1u);
  EXPECT_EQ(FigureMismatches(PageFigures(wrong_text), report).size(), 1u);
}

TEST(DashboardPageTest, EveryCurrencyMonthAndChartedValueOfTheReportIsOnThePage) {
  const nlohmann::json report = nlohmann::json::parse(testing::ReferenceBooks().at("platform/live"));
  std::set<std::string> shown;  // "figure currency month <tag>"
  for (const auto& f : PageFigures(Page(Book{"", true}))) {
    shown.insert(f.Attr("data-figure") + " " + f.Attr("data-currency") + " " + f.Attr("data-month") + " " + f.tag);
  }
  for (const auto& c : report["currencies"]) {
    for (const char* key : {"mrr", "arr", "customers", "arpa", "scheduled_churn", "unresolved_discounts",
                            "unpriced_items"}) {
      EXPECT_TRUE(shown.count(std::string(key) + " " + c["currency"].get<std::string>() + "  div")) << key;
    }
  }
  const std::pair<const char*, const char*> kCharted[] = {
      {"mrr_end", "circle"}, {"net_new", "circle"}, {"new", "rect"}, {"expansion", "rect"},
      {"reactivation", "rect"}, {"contraction", "rect"}, {"churn", "rect"}, {"customer_churn_rate", "circle"},
      {"subscription_churn_rate", "circle"}, {"nrr", "circle"}, {"grr", "circle"},
      {"payment_success_rate", "circle"}, {"trial_conversion_rate", "circle"}, {"involuntary_churn_share", "circle"}};
  for (const auto& m : report["months"]) {
    const std::string at = " " + m["currency"].get<std::string>() + " " + m["month"].get<std::string>() + " ";
    EXPECT_TRUE(shown.count("mrr_end" + at + "td")) << at;
    EXPECT_TRUE(shown.count("quick_ratio" + at + "td")) << at;
    for (const auto& [key, tag] : kCharted) {
      // A null point and a zero bar draw nothing.
      const bool drawn = !m[key].is_null() && (std::string(tag) != "rect" || m[key] != 0);
      EXPECT_EQ(shown.count(key + at + tag), drawn ? 1u : 0u) << key << at << tag;
    }
  }
  EXPECT_EQ(Count(Page(Book{"", true}), "<section class=\"currency\""), report["currencies"].size());
}

TEST(DashboardPageTest, AChosenCurrencyShowsThatCurrencyAlone) {
  ReportFilter usd;
  usd.currency = "usd";
  const std::string page = Page(Book{"", true}, usd);
  for (const auto& f : PageFigures(page)) {
    if (!f.Attr("data-currency").empty()) {
      EXPECT_EQ(f.Attr("data-currency"), "usd") << f.Attr("data-figure");
    }
  }
  EXPECT_EQ(Count(page, "<section class=\"currency\""), 1u);
  EXPECT_NE(page.find("aria-current=\"page\" href=\"?account=platform&amp;mode=live&amp;currency=usd\">USD</a>"),
            std::string::npos);
  EXPECT_NE(page.find("href=\"?account=platform&amp;mode=live&amp;currency=eur\">EUR</a>"), std::string::npos);
}

TEST(DashboardPageTest, ThePageRunsNoScriptAndFetchesNothing) {
  const std::string page = Page(Book{"", true});
  for (const char* forbidden : {"<script", "src=", "http:", "https:", "url(", "@import", "<link rel=\"stylesheet"}) {
    EXPECT_EQ(page.find(forbidden), std::string::npos) << forbidden;
  }
  EXPECT_NE(page.find("content=\"default-src 'none'"), std::string::npos);
  EXPECT_NE(page.find("<meta name=\"viewport\" content=\"width=device-width"), std::string::npos);
}

TEST(DashboardPageTest, RateChartsDrawTheMonitoringSpecsThresholdBands) {
  const std::string page = Page(Book{"", true});
  for (const char* band : {"<title>healthy &gt;= 95%</title>", "<title>warning 90-95%</title>",
                           "<title>critical &lt; 90%</title>", "<title>healthy &lt; 5% monthly</title>",
                           "<title>warning 5-10%</title>", "<title>healthy &lt; 30%</title>"}) {
    EXPECT_NE(page.find(band), std::string::npos) << band;
  }
  EXPECT_EQ(Classify("payment_success_rate", 0.95), Health::kHealthy);
  EXPECT_EQ(Classify("payment_success_rate", 0.93), Health::kWarning);
  EXPECT_EQ(Classify("payment_success_rate", 0.899), Health::kCritical);
  EXPECT_EQ(Classify("churn_rate", 0.11), Health::kCritical);
  EXPECT_EQ(Classify("nrr", 0.5), std::nullopt);
}

TEST(DashboardPageTest, NavigationLinksEveryBookWhenServedAndNothingWhenWritten) {
  const std::string served = Page(Book{"", true});
  EXPECT_EQ(Count(served, "<nav"), 2u);
  EXPECT_EQ(Count(served, "href=\"?account="), 6u + 1u + 3u);  // books, "All", currencies
  const std::string written = Page(Book{"", true}, {}, false);
  EXPECT_EQ(written.find("<nav"), std::string::npos);
  EXPECT_EQ(written.find("href=\"?"), std::string::npos);
}

TEST(DashboardPageTest, ABookWithoutEventsSaysSo) {
  const std::string page = Page(Book{"acct_unknown", true});
  EXPECT_NE(page.find("No figures for this book yet."), std::string::npos);
  EXPECT_NE(page.find("data-figure=\"events\" data-value=\"0\""), std::string::npos);
  EXPECT_NE(page.find("data-figure=\"as_of\" data-value=\"null\""), std::string::npos);
  const nlohmann::json empty = {{"events", 0}, {"as_of", nullptr}};
  for (const std::string& m : FigureMismatches(PageFigures(page), empty)) ADD_FAILURE() << m;
}

TEST(DashboardPageTest, NamesFromTheDataAreEscaped) {
  DashboardInput in;
  in.report.book = Book{"acct_<b>\"x", false};
  in.books = {in.report.book};
  CurrencyRow odd;
  odd.currency = "<i>";
  in.report.currencies.push_back(odd);
  const std::string page = RenderDashboardHtml(in);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<i>"), std::string::npos);
  EXPECT_NE(page.find("acct_&lt;b&gt;&quot;x"), std::string::npos);
  EXPECT_NE(page.find("?account=acct_%3Cb%3E%22x&amp;mode=test"), std::string::npos);
}

TEST(FigureFormatTest, MoneyInMajorUnitsWithTheCurrencysExponentAndCode) {
  EXPECT_EQ(FormatMoney(123456789, "usd"), "1,234,567.89 USD");
  EXPECT_EQ(FormatMoney(-5, "eur"), "-0.05 EUR");
  EXPECT_EQ(FormatMoney(0, "gbp"), "0.00 GBP");
  EXPECT_EQ(FormatMoney(1200, "jpy"), "1,200 JPY");
  EXPECT_EQ(FormatMoney(12345, "kwd"), "12.345 KWD");
  const Money huge = static_cast<Money>(1000000000000000000LL) * 1000;  // past int64
  EXPECT_EQ(FormatMoney(huge, "usd"), "10,000,000,000,000,000,000.00 USD");
  EXPECT_EQ(FormatPercent(std::nullopt), "—");
  EXPECT_EQ(FormatPercent(0.0504), "5.0 %");
  EXPECT_EQ(FormatRatio(2.5), "2.50");
  EXPECT_EQ(FormatUtc(1767225599), "2025-12-31 23:59:59 UTC");
  EXPECT_EQ(MonthName(2025 * 12 + 2), "Mar 2025");
}

}  // namespace
}  // namespace subledger::dashboard
