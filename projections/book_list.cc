#include "projections/book_list.h"

#include <cstdio>

#include "ledger/json_writer.h"
#include "projections/revenue_report.h"

namespace subledger {

std::string RenderBooksJson(const ProjectionSnapshot& snapshot) {
  JsonWriter w(-1);
  w.BeginObject();
  w.Key("books");
  w.BeginArray();
  for (const auto& [book, totals] : snapshot.books) {
    const RevenueReport report = BuildReport(*totals, ReportFilter{std::nullopt, MonthIndex{1}, MonthIndex{0}});
    w.BeginObject();
    w.Key("account");
    if (book.platform()) { w.Null(); } else { w.String(book.account); }
    w.Key("livemode"); w.Bool(book.livemode);
    w.Key("events"); w.Int(static_cast<int64_t>(report.events));
    w.Key("as_of"); w.OptInt(report.as_of);
    w.Key("currencies");
    w.BeginArray();
    for (const CurrencyRow& c : report.currencies) {
      w.BeginObject();
      w.Key("currency"); w.String(c.currency);
      w.Key("mrr"); w.Amount(c.mrr);
      w.Key("customers"); w.Int(c.customers);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

std::string RenderBooksTable(const ProjectionSnapshot& snapshot) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %-5s %10s  %s\n", "account", "mode", "events", "MRR by currency");
  out += line;
  for (const auto& [book, totals] : snapshot.books) {
    const RevenueReport report = BuildReport(*totals, ReportFilter{std::nullopt, MonthIndex{1}, MonthIndex{0}});
    std::string mrr;
    for (const CurrencyRow& c : report.currencies) {
      if (!mrr.empty()) mrr += ", ";
      mrr += c.currency + " " + MajorUnits(c.mrr);
    }
    std::snprintf(line, sizeof line, "%-28s %-5s %10llu  %s\n", book.platform() ? "platform" : book.account.c_str(),
                  book.livemode ? "live" : "test", static_cast<unsigned long long>(report.events),
                  mrr.empty() ? "-" : mrr.c_str());
    out += line;
  }
  return out;
}

}  // namespace subledger
