// BusinessRows: the rows the business metric families are rendered from —
// one per exported book (its `account`/`mode` labels) and one per (book,
// currency label) — so each family is a loop over rows.
//
// Labels stay bounded: a book's currencies go through AssignCurrencyLabels
// (at most 64 values per book, "other" for invalid codes and those past the
// cap), and a book whose labels repeat an earlier book's is dropped. Rows
// labelled "other" carry only counts (summed over the folded currencies):
// money and ratios of different currencies cannot be combined, so none are
// exported for "other". A repeated currency row within a book folds into
// "other" too.
//
// Thread safety: pure functions; the rows point into the BusinessFigures
// they were made from, which must outlive them.
#pragma once

#include <string>
#include <vector>

#include "metrics/business_figures.h"
#include "metrics/family_builder.h"

namespace subledger {

// HELP text tails shared by the business families.
inline constexpr const char* kMoneyHelp =
    " In integer minor units of the currency (cents; yen for jpy), as in report --json."
    " Per book (account, mode) and currency: never sum across currencies.";
inline constexpr const char* kPerCurrencyHelp = " Per book (account, mode) and currency.";
inline constexpr const char* kWindowHelp =
    " window is month_to_date or previous_month (calendar months, UTC).";

inline std::string Help(const char* what, const char* a, const char* b = "") {
  return std::string(what) + a + b;
}

struct BookRow {
  MetricLabels labels;  // {account, mode}
  const BookFigures* book = nullptr;
};

struct CurrencyLabelRow {
  MetricLabels labels;           // {currency, account, mode}
  bool money_and_ratios = true;  // false for "other": counts only
  CurrencyFigures figures;       // a copy; for "other" the summed counts
};

struct BusinessRows {
  std::vector<BookRow> books;
  std::vector<CurrencyLabelRow> currencies;  // by book, then currency label
};

BusinessRows FlattenBusiness(const BusinessFigures& figures);

// `labels` with (name, value) appended.
MetricLabels With(MetricLabels labels, std::string name, std::string value);
// (name, value) followed by `labels`.
MetricLabels Prefixed(std::string name, std::string value, const MetricLabels& labels);

}  // namespace subledger
