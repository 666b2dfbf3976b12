#include "tests/support/page_figures.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <regex>
#include <set>

namespace subledger::testing {
namespace {

std::string Decode(std::string s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, strlen(from), to);
  }
  return s;
}

const std::set<std::string> kMoney = {"mrr", "arr", "arpa", "scheduled_churn", "mrr_start", "new", "expansion",
                                      "reactivation", "contraction", "churn", "churn_voluntary",
                                      "churn_involuntary", "net_new", "mrr_end", "amount_succeeded"};

std::string Grouped(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return (n < 0 ? "-" : "") + out;
}

bool IsRate(const std::string& key) {
  return key.size() > 5 && key.compare(key.size() - 5, 5, "_rate") == 0;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<PageFigure> PageFigures(const std::string& html) {
  static const std::regex kAttr(R"re(([a-z-]+)="([^"]*)")re");
  std::vector<PageFigure> out;
  for (size_t p = html.find(" data-figure=\""); p != std::string::npos; p = html.find(" data-figure=\"", p + 1)) {
    const size_t open = html.rfind('<', p), close = html.find('>', p);
    PageFigure f;
    const std::string tag = html.substr(open + 1, close - open - 1);
    f.tag = tag.substr(0, tag.find(' '));
    for (std::sregex_iterator it(tag.begin(), tag.end(), kAttr), end; it != end; ++it) {
      f.attrs[(*it)[1]] = Decode((*it)[2]);
    }
    std::string text = html.substr(close + 1, html.find('<', close) - close - 1);
    if (html.compare(close + 1, 7, "<title>") == 0) {
      const std::string title = html.substr(close + 8, html.find("</title>", close) - close - 8);
      text = title.substr(title.rfind(": ") + 2);
    }
    f.text = Decode(text);
    out.push_back(std::move(f));
  }
  return out;
}

std::string ExpectedText(const std::string& key, const nlohmann::json& value, const std::string& currency) {
  if (value.is_null()) return "—";
  char buf[64];
  if (key == "as_of") {
    const std::time_t t = value.get<int64_t>();
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
  }
  if (kMoney.count(key)) {
    const long long v = value.get<long long>(), a = v < 0 ? -v : v;
    std::snprintf(buf, sizeof buf, ".%02lld ", a % 100);
    return (v < 0 ? "-" : "") + Grouped(a / 100) + buf + Upper(currency);
  }
  if (key == "quick_ratio") {
    std::snprintf(buf, sizeof buf, "%.2f", value.get<double>());
    return buf;
  }
  if (IsRate(key) || key == "nrr" || key == "grr" || key == "involuntary_churn_share") {
    std::snprintf(buf, sizeof buf, "%.1f %%", value.get<double>() * 100);
    return buf;
  }
  return Grouped(value.get<long long>());
}

std::vector<std::string> FigureMismatches(const std::vector<PageFigure>& figures, const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const PageFigure& f : figures) {
    const std::string key = f.Attr("data-figure"), cur = f.Attr("data-currency"), month = f.Attr("data-month");
    const std::string where = key + " " + cur + " " + month + f.Attr("data-key") + " <" + f.tag + ">";
    const nlohmann::json* row = &report;
    if (!month.empty() || !cur.empty()) {
      row = nullptr;
      for (const nlohmann::json& r : report[month.empty() ? "currencies" : "months"]) {
        if (r["currency"] == cur && (month.empty() || r["month"] == month)) row = &r;
      }
    } else if (!f.Attr("data-key").empty()) {
      row = &report[key];
    }
    const std::string lookup = f.Attr("data-key").empty() ? key : f.Attr("data-key");
    if (row == nullptr || !row->contains(lookup)) {
      out.push_back(where + ": not in the report");
      continue;
    }
    const nlohmann::json& expected = (*row)[lookup];
    const nlohmann::json shown = nlohmann::json::parse(f.Attr("data-value"), nullptr, false);
    if (shown != expected) out.push_back(where + ": data-value " + f.Attr("data-value") + ", report " + expected.dump());
    const std::string text = ExpectedText(f.Attr("data-key").empty() ? key : "count", expected, cur);
    if (f.text != text) out.push_back(where + ": shows '" + f.text + "', expected '" + text + "'");
  }
  return out;
}

}  // namespace subledger::testing
