// Reads the figures off a dashboard page (dashboard/dashboard_page.h) and
// checks them against the report they claim to show.
//
// Every element with a data-figure attribute is one shown figure: its
// data-value must equal the report's JSON value at the place its
// data-currency / data-month / data-key name (months[] row, currencies[]
// row, a key of subscriptions_by_status, or a top-level key), and its shown
// text -- the element's text, or for an SVG mark the tooltip after ": " --
// must be that value as a person reads it: money in major units with
// thousands separators and the upper-case currency code ("1,019.28 USD"),
// counts with separators, rates in percent to one decimal, the quick ratio
// to two, times as "YYYY-MM-DD HH:MM:SS UTC", "—" for null.
//
// The text checks re-derive every format here, independently of the page's
// own code, for two-decimal currencies.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace subledger::testing {

struct PageFigure {
  std::string tag;                           // "td", "div", "circle", "rect", ...
  std::map<std::string, std::string> attrs;  // every attribute, entities decoded
  std::string text;                          // shown text, entities decoded
  std::string Attr(const std::string& name) const {
    auto it = attrs.find(name);
    return it == attrs.end() ? "" : it->second;
  }
};

std::vector<PageFigure> PageFigures(const std::string& html);

// One line per figure whose value or text disagrees with `report` (a
// `report --json` document); empty when every figure agrees.
std::vector<std::string> FigureMismatches(const std::vector<PageFigure>& figures, const nlohmann::json& report);

// What a person reads for a report value of `key` (see above).
std::string ExpectedText(const std::string& key, const nlohmann::json& value, const std::string& currency);

}  // namespace subledger::testing
