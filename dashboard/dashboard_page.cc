#include "dashboard/dashboard_page.h"

#include <cstdio>

#include "dashboard/currency_section.h"
#include "dashboard/figure_format.h"

namespace subledger::dashboard {
namespace {

std::string UrlEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string BookName(const Book& book) {
  return (book.platform() ? std::string("Platform") : book.account) + (book.livemode ? " · live" : " · test");
}

std::string Href(const Book& book, const std::optional<std::string>& currency) {
  std::string q = "?account=" + (book.platform() ? std::string("platform") : UrlEncode(book.account)) +
                  "&mode=" + (book.livemode ? "live" : "test");
  if (currency) q += "&currency=" + UrlEncode(*currency);
  return HtmlEscape(q);
}

std::string NavLink(const std::string& href, const std::string& text, bool current) {
  if (current) return "<a class=\"current\" aria-current=\"page\" href=\"" + href + "\">" + HtmlEscape(text) + "</a>";
  return "<a href=\"" + href + "\">" + HtmlEscape(text) + "</a>";
}

std::string Navigation(const DashboardInput& in) {
  if (!in.links) return "";
  const Book& current = in.report.book;
  std::string out = "<nav aria-label=\"Books\"><span class=\"label\">Book</span> ";
  for (const Book& b : in.books) out += NavLink(Href(b, std::nullopt), BookName(b), b == current) + " ";
  out += "</nav><nav aria-label=\"Currencies\"><span class=\"label\">Currency</span> ";
  out += NavLink(Href(current, std::nullopt), "All", !in.currency) + " ";
  for (const std::string& c : in.currencies) {
    out += NavLink(Href(current, c), UpperCase(c), in.currency == c) + " ";
  }
  return out + "</nav>";
}

std::string Head(const DashboardInput& in) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">"
         "<link rel=\"icon\" href=\"data:,\">"
         "<title>subledger · " + HtmlEscape(BookName(in.report.book)) + "</title><style>" + PageStyle() +
         "</style></head>";
}

std::string Sections(const DashboardInput& in) {
  std::string out;
  for (const CurrencyRow& c : in.report.currencies) {
    std::vector<const MonthRow*> months;
    for (const MonthRow& m : in.report.months) {
      if (m.currency == c.currency) months.push_back(&m);
    }
    out += RenderCurrencySection(c, months);
  }
  if (out.empty()) {
    out = "<p class=\"empty\">" +
          (in.currency ? "No figures in " + HtmlEscape(UpperCase(*in.currency)) + " for this book."
                       : std::string("No figures for this book yet.")) + "</p>";
  }
  return out;
}

}  // namespace

DashboardInput MakeDashboardInput(const ProjectionSnapshot& snapshot, const Book& book, const ReportFilter& filter,
                                  OperationsFigures ops) {
  DashboardInput in;
  const auto totals = snapshot.Find(book);
  in.report = BuildReport(*totals, filter);
  in.currency = filter.currency;
  ReportFilter every_currency = filter;
  every_currency.currency.reset();
  for (const CurrencyRow& c : (filter.currency ? BuildReport(*totals, every_currency) : in.report).currencies) {
    in.currencies.push_back(c.currency);
  }
  for (const auto& [b, t] : snapshot.books) {
    if (t->events > 0) in.books.push_back(b);
  }
  in.ops = std::move(ops);
  return in;
}

std::string RenderDashboardHtml(const DashboardInput& in) {
  std::string out = Head(in) + "<body><header><h1>Revenue <span class=\"book\">" +
                    HtmlEscape(BookName(in.report.book)) + "</span></h1>" + Navigation(in) + "</header>";
  out += RenderOperationsStrip(in.report, in.ops);
  out += "<main>" + Sections(in) + "</main>";
  out += "<footer>Figures as defined by the revenue model (version 2): amounts in each currency's major unit, "
         "never summed across currencies; month-end values; rates per calendar month (UTC). Rendered " +
         FormatUtc(in.ops.rendered_at) + " by " + HtmlEscape(in.ops.source) + ".</footer>";
  return out + "</body></html>\n";
}

}  // namespace subledger::dashboard
