// SvgChart: one month-by-month chart of the dashboard page, drawn by the
// server as inline SVG (no script, no external resource).
//
// A chart has a month axis (one slot per month of the report) and a value
// axis in major units of one currency (kMoney) or as a ratio shown in
// percent (kPercent). It may hold, back to front: threshold bands
// (spec_bands.h), stacked bars (`bars_up` stacked upwards from 0,
// `bars_down` stacked downwards from 0: the movement waterfall), a
// horizontal reference line, and lines (gaps where a value is null).
//
// Every drawn mark -- a bar segment or a line's point -- carries the hooks of
// figure_format.h (data-figure / data-currency / data-month / data-value,
// the value exactly as in `report --json`) and a <title> tooltip. A zero bar
// segment and a null point draw nothing. Colours come from the page's CSS
// classes (`css_class` of each series).
//
// The geometry is a fixed 480 x 220 viewBox scaled to the container's width,
// with text at 12 units: readable from a phone's width (~340 px) upwards.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dashboard/spec_bands.h"
#include "projections/calendar.h"

namespace subledger::dashboard {

struct ChartPoint {
  std::optional<double> y;  // geometry only; nullopt: no value (a gap)
  std::string value_json;   // data-value: the report's exact value
  std::string title;        // tooltip text
};

struct ChartSeries {
  std::string figure;     // the report key (data-figure)
  std::string label;      // legend text
  std::string css_class;  // colour class
  std::vector<ChartPoint> points;  // one per month of the chart
};

enum class AxisKind { kMoney, kPercent };

struct ChartSpec {
  std::string title;                  // accessible name
  std::string currency;               // data-currency of the marks
  std::vector<MonthIndex> months;     // the month axis
  AxisKind axis = AxisKind::kMoney;
  std::vector<ChartSeries> bars_up, bars_down, lines;
  std::vector<Band> bands;            // drawn behind everything, clipped to the axis
  std::optional<double> reference;    // a dashed horizontal line (e.g. 100 % for NRR)
  double cover_low = 0, cover_high = 0;  // the value axis covers at least this range
  bool area = false;                  // fill under the first line
};

std::string RenderChart(const ChartSpec& spec);

// "Mar ’25": the month axis label.
std::string ShortMonth(MonthIndex month);

}  // namespace subledger::dashboard
