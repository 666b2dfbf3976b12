// The naive oracle's entry points (naive_oracle.h), compiled once.
#include "tests/projections/naive_oracle.h"

#include "tests/projections/naive_oracle_parts.h"

namespace subledger::testing::oracle {

Details NaiveDetails(const std::vector<std::string>& bodies, const Book& book) {
  auto by_book = EventsByBook(bodies);
  auto it = by_book.find(book);
  return DetailsOf(*BuildModel(book, it == by_book.end() ? std::vector<Event>{} : std::move(it->second)));
}

std::map<Book, RevenueReport> NaiveReports(const std::vector<std::string>& bodies) {
  std::map<Book, RevenueReport> out;
  for (auto& [book, events] : EventsByBook(bodies)) out[book] = DetailsOf(*BuildModel(book, std::move(events))).report;
  return out;
}

RevenueReport NaiveReport(const std::vector<std::string>& bodies, const Book& book) {
  return NaiveDetails(bodies, book).report;
}

Book DefaultBook(const std::vector<std::string>& bodies) {
  Book book;
  for (const Event& e : CanonicalEvents(bodies)) book.livemode |= e.book.platform() && e.book.livemode;
  return book;
}

RevenueReport NaiveReport(const std::vector<std::string>& bodies) {
  return NaiveReport(bodies, DefaultBook(bodies));
}

Details NaiveDetails(const std::vector<std::string>& bodies) {
  return NaiveDetails(bodies, DefaultBook(bodies));
}

}  // namespace subledger::testing::oracle
