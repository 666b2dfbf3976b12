// Figure formatting for the dashboard page (dashboard_page.h): HTML escaping,
// money in major units with the currency code, counts, rates and UTC times,
// and the machine-readable hooks every shown figure carries.
//
// Money is shown in the currency's major unit with Stripe's exponent: two
// decimals, none for Stripe's zero-decimal currencies (jpy, krw, ...), three
// for its three-decimal ones (bhd, jod, kwd, omr, tnd). Nothing is converted
// or summed across currencies.
//
// Hooks: FigureAttrs() renders ` data-figure="<report key>"` plus
// `data-currency`, `data-month` (YYYY-MM) and `data-value` (the report's JSON
// value: an exact integer in minor units, a rate as Python's repr, or
// `null`), so a test can check each figure against `report --json`.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "projections/calendar.h"
#include "projections/money.h"

namespace subledger::dashboard {

// &, <, >, " and ' escaped: safe in text and in quoted attribute values.
std::string HtmlEscape(std::string_view text);

// Stripe's exponent of a (lower-case) currency: 0, 2 or 3.
int CurrencyDecimals(std::string_view currency);
// "1,019.28 USD", "-12.05 EUR", "1,200 JPY".
std::string FormatMoney(Money minor, std::string_view currency);
// Major units as a double, for chart geometry only (never for shown text).
double MajorValue(Money minor, std::string_view currency);
// A compact axis label in major units: "950", "12.5k", "1.2M".
std::string CompactMajor(double major);
// "1,234"
std::string FormatCount(int64_t n);
// "12.3 %", "—" for null.
std::string FormatPercent(const std::optional<double>& ratio);
// "2.50", "—" for null (quick ratio).
std::string FormatRatio(const std::optional<double>& ratio);
// "2025-12-31 23:59:59 UTC"
std::string FormatUtc(int64_t unix_seconds);
// "Mar 2025"
std::string MonthName(MonthIndex month);
std::string UpperCase(std::string_view text);

// The report's JSON value of a figure ("101928", "0.25", "null").
std::string MoneyJson(Money minor);
std::string OptMoneyJson(const std::optional<Money>& minor);
std::string RateJson(const std::optional<double>& ratio);

// ` data-figure="key" data-currency="usd" data-month="2025-03" data-value="..."`
// (currency and month left out when empty / nullopt).
std::string FigureAttrs(std::string_view key, std::string_view currency, std::optional<MonthIndex> month,
                        std::string_view value_json);

}  // namespace subledger::dashboard
