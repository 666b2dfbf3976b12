#include "dashboard/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "dashboard/figure_format.h"

namespace subledger::dashboard {
namespace {

constexpr double kWidth = 480, kHeight = 220;
constexpr double kLeft = 52, kRight = 10, kTop = 10, kBottom = 26;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The value axis: a "nice" step (1, 2, 2.5 or 5 x 10^k) and bounds on it.
struct Axis {
  double low = 0, high = 1, step = 0.25;
  double Y(double v) const { return kTop + kPlotH * (high - v) / (high - low); }
};

Axis NiceAxis(double low, double high) {
  if (!(high > low)) high = low + 1;
  const double rough = (high - low) / 4;
  const double magnitude = std::pow(10, std::floor(std::log10(rough)));
  double step = magnitude * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (magnitude * m >= rough) {
      step = magnitude * m;
      break;
    }
  }
  return Axis{std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

Axis AxisFor(const ChartSpec& spec) {
  double low = spec.cover_low, high = spec.cover_high;
  for (const ChartSeries& s : spec.lines) {
    for (const ChartPoint& p : s.points) {
      if (p.y) low = std::min(low, *p.y), high = std::max(high, *p.y);
    }
  }
  for (size_t i = 0; i < spec.months.size(); ++i) {
    double up = 0, down = 0;
    for (const ChartSeries& s : spec.bars_up) up += s.points[i].y.value_or(0);
    for (const ChartSeries& s : spec.bars_down) down += s.points[i].y.value_or(0);
    high = std::max(high, up);
    low = std::min(low, -down);
  }
  if (spec.reference) low = std::min(low, *spec.reference), high = std::max(high, *spec.reference);
  return NiceAxis(low, high);
}

std::string TickLabel(const ChartSpec& spec, const Axis& axis, double v) {
  if (spec.axis == AxisKind::kMoney) return CompactMajor(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, axis.step * 100 < 1 ? "%.1f %%" : "%.0f %%", v * 100);
  return buf;
}

double SlotX(const ChartSpec& spec, size_t i) {
  return kLeft + kPlotW * (static_cast<double>(i) + 0.5) / static_cast<double>(spec.months.size());
}

std::string MarkAttrs(const ChartSpec& spec, const ChartSeries& s, size_t i) {
  return FigureAttrs(s.figure, spec.currency, spec.months[i], s.points[i].value_json);
}

std::string Title(const std::string& text) { return "<title>" + HtmlEscape(text) + "</title>"; }

void DrawGrid(const ChartSpec& spec, const Axis& axis, std::string& out) {
  for (const Band& b : spec.bands) {
    const double low = std::max(b.low, axis.low), high = std::min(b.high, axis.high);
    if (low >= high) continue;
    out += "<rect class=\"band band-" + std::string(HealthName(b.health)) + "\" x=\"" + Num(kLeft) + "\" y=\"" +
           Num(axis.Y(high)) + "\" width=\"" + Num(kPlotW) + "\" height=\"" + Num(axis.Y(low) - axis.Y(high)) +
           "\">" + Title(b.text) + "</rect>";
  }
  const int ticks = static_cast<int>(std::lround((axis.high - axis.low) / axis.step));
  for (int t = 0; t <= ticks; ++t) {
    const double v = axis.low + axis.step * t;
    const std::string y = Num(axis.Y(v));
    out += "<line class=\"" + std::string(std::fabs(v) < axis.step / 1e6 ? "zero" : "grid") + "\" x1=\"" +
           Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
    out += "<text class=\"tick\" x=\"" + Num(kLeft - 4) + "\" y=\"" + Num(axis.Y(v) + 4) +
           "\" text-anchor=\"end\">" + HtmlEscape(TickLabel(spec, axis, v)) + "</text>";
  }
  const size_t every = std::max<size_t>(1, (spec.months.size() + 5) / 6);
  for (size_t i = 0; i < spec.months.size(); i += every) {
    out += "<text class=\"tick\" x=\"" + Num(SlotX(spec, i)) + "\" y=\"" + Num(kHeight - 8) +
           "\" text-anchor=\"middle\">" + HtmlEscape(ShortMonth(spec.months[i])) + "</text>";
  }
}

void DrawBars(const ChartSpec& spec, const Axis& axis, const std::vector<ChartSeries>& stack, double sign,
              std::string& out) {
  const double width = kPlotW / static_cast<double>(spec.months.size()) * 0.62;
  for (size_t i = 0; i < spec.months.size(); ++i) {
    double base = 0;
    for (const ChartSeries& s : stack) {
      const double v = s.points[i].y.value_or(0);
      if (v == 0) continue;
      const double y0 = axis.Y(base), y1 = axis.Y(base + sign * v);
      base += sign * v;
      out += "<rect class=\"bar " + s.css_class + "\"" + MarkAttrs(spec, s, i) + " x=\"" +
             Num(SlotX(spec, i) - width / 2) + "\" y=\"" + Num(std::min(y0, y1)) + "\" width=\"" + Num(width) +
             "\" height=\"" + Num(std::fabs(y1 - y0)) + "\">" + Title(s.points[i].title) + "</rect>";
    }
  }
}

void DrawLine(const ChartSpec& spec, const Axis& axis, const ChartSeries& s, bool area, std::string& out) {
  std::string path, fill;
  bool pen_down = false;
  for (size_t i = 0; i < spec.months.size(); ++i) {
    if (!s.points[i].y) {
      pen_down = false;
      continue;
    }
    path += (pen_down ? " L" : " M") + Num(SlotX(spec, i)) + " " + Num(axis.Y(*s.points[i].y));
    pen_down = true;
  }
  if (area && !path.empty()) {
    const std::string base = Num(axis.Y(std::max(axis.low, 0.0)));
    fill = "M" + Num(SlotX(spec, 0)) + " " + base + " L" + path.substr(2) + " L" +
           Num(SlotX(spec, spec.months.size() - 1)) + " " + base + " Z";
    out += "<path class=\"area " + s.css_class + "\" d=\"" + fill + "\"/>";
  }
  if (!path.empty()) out += "<path class=\"line " + s.css_class + "\" d=\"" + path.substr(1) + "\"/>";
  for (size_t i = 0; i < spec.months.size(); ++i) {
    if (!s.points[i].y) continue;
    out += "<circle class=\"point " + s.css_class + "\"" + MarkAttrs(spec, s, i) + " cx=\"" +
           Num(SlotX(spec, i)) + "\" cy=\"" + Num(axis.Y(*s.points[i].y)) + "\" r=\"3\">" +
           Title(s.points[i].title) + "</circle>";
  }
}

}  // namespace

std::string ShortMonth(MonthIndex month) {
  const std::string name = MonthName(month);  // "Mar 2025"
  return name.substr(0, 3) + " \u2019" + name.substr(name.size() - 2);
}

std::string RenderChart(const ChartSpec& spec) {
  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(kHeight) +
                    "\" role=\"img\" aria-label=\"" + HtmlEscape(spec.title) + "\">" + Title(spec.title);
  if (spec.months.empty()) return out + "</svg>";
  const Axis axis = AxisFor(spec);
  DrawGrid(spec, axis, out);
  DrawBars(spec, axis, spec.bars_up, +1, out);
  DrawBars(spec, axis, spec.bars_down, -1, out);
  if (spec.reference) {
    const std::string y = Num(axis.Y(*spec.reference));
    out += "<line class=\"reference\" x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + y +
           "\" y2=\"" + y + "\"/>";
  }
  for (size_t i = 0; i < spec.lines.size(); ++i) DrawLine(spec, axis, spec.lines[i], spec.area && i == 0, out);
  return out + "</svg>";
}

}  // namespace subledger::dashboard
