#include "dashboard/currency_section.h"

#include "dashboard/figure_format.h"
#include "dashboard/svg_chart.h"

namespace subledger::dashboard {
namespace {

using Rows = std::vector<const MonthRow*>;
using MoneyField = Money MonthRow::*;
using RateField = std::optional<double> MonthRow::*;

ChartSeries MoneySeries(const Rows& rows, const std::string& currency, const char* figure, const char* label,
                        const char* css, MoneyField field) {
  ChartSeries s{figure, label, css, {}};
  for (const MonthRow* r : rows) {
    const Money v = r->*field;
    s.points.push_back({MajorValue(v, currency), MoneyJson(v),
                        MonthName(r->month) + " · " + label + ": " + FormatMoney(v, currency)});
  }
  return s;
}

ChartSeries RateSeries(const Rows& rows, const char* figure, const char* label, const char* css, RateField field) {
  ChartSeries s{figure, label, css, {}};
  for (const MonthRow* r : rows) {
    const std::optional<double> v = r->*field;
    s.points.push_back({v, RateJson(v), MonthName(r->month) + " · " + label + ": " + FormatPercent(v)});
  }
  return s;
}

ChartSpec BaseSpec(const std::string& title, const std::string& currency, const Rows& rows, AxisKind axis) {
  ChartSpec spec;
  spec.title = title;
  spec.currency = currency;
  spec.axis = axis;
  for (const MonthRow* r : rows) spec.months.push_back(r->month);
  return spec;
}

std::string Legend(const ChartSpec& spec, const std::string& bands_of) {
  std::string out = "<ul class=\"legend\">";
  for (const auto* group : {&spec.bars_up, &spec.bars_down, &spec.lines}) {
    for (const ChartSeries& s : *group) {
      out += "<li><span class=\"swatch " + s.css_class + "\"></span>" + HtmlEscape(s.label) + "</li>";
    }
  }
  for (const Band& b : spec.bands) {
    out += "<li><span class=\"swatch band-" + std::string(HealthName(b.health)) + "\"></span>" +
           HtmlEscape(b.text) + "</li>";
  }
  out += "</ul>";
  if (!bands_of.empty()) {
    out += "<p class=\"note\">Bands: the monitoring spec's <code>" + HtmlEscape(bands_of) + "</code> thresholds.</p>";
  }
  return out;
}

std::string Card(const std::string& heading, const ChartSpec& spec, const std::string& bands_of,
                 const std::string& note = "") {
  std::string out = "<figure class=\"card\"><figcaption>" + HtmlEscape(heading) + "</figcaption>" +
                    RenderChart(spec) + Legend(spec, bands_of);
  if (!note.empty()) out += "<p class=\"note\">" + HtmlEscape(note) + "</p>";
  return out + "</figure>";
}

std::string Tile(const char* label, const char* key, const std::string& currency, const std::string& value_json,
                 const std::string& text, bool attention = false) {
  return std::string("<div class=\"tile") + (attention ? " attention" : "") + "\"><div class=\"label\">" + label +
         "</div><div class=\"value\"" + FigureAttrs(key, currency, std::nullopt, value_json) + ">" +
         HtmlEscape(text) + "</div></div>";
}

std::string Tiles(const CurrencyRow& c) {
  const std::string& cur = c.currency;
  return "<div class=\"tiles\">" + Tile("MRR", "mrr", cur, MoneyJson(c.mrr), FormatMoney(c.mrr, cur)) +
         Tile("ARR", "arr", cur, MoneyJson(c.arr), FormatMoney(c.arr, cur)) +
         Tile("Customers", "customers", cur, std::to_string(c.customers), FormatCount(c.customers)) +
         Tile("ARPA", "arpa", cur, OptMoneyJson(c.arpa), c.arpa ? FormatMoney(*c.arpa, cur) : "—") +
         Tile("Scheduled churn", "scheduled_churn", cur, MoneyJson(c.scheduled_churn),
              FormatMoney(c.scheduled_churn, cur), c.scheduled_churn > 0) +
         Tile("Unresolved discounts", "unresolved_discounts", cur, std::to_string(c.unresolved_discounts),
              FormatCount(c.unresolved_discounts), c.unresolved_discounts > 0) +
         Tile("Unpriced items", "unpriced_items", cur, std::to_string(c.unpriced_items),
              FormatCount(c.unpriced_items), c.unpriced_items > 0) +
         "</div>";
}

std::string MrrCards(const std::string& cur, const Rows& rows) {
  ChartSpec mrr = BaseSpec("MRR at month end, " + UpperCase(cur), cur, rows, AxisKind::kMoney);
  mrr.lines.push_back(MoneySeries(rows, cur, "mrr_end", "MRR at month end", "s-mrr", &MonthRow::mrr_end));
  mrr.area = true;
  ChartSpec moves = BaseSpec("MRR movements per month, " + UpperCase(cur), cur, rows, AxisKind::kMoney);
  moves.bars_up = {MoneySeries(rows, cur, "new", "New", "s-new", &MonthRow::new_mrr),
                   MoneySeries(rows, cur, "expansion", "Expansion", "s-expansion", &MonthRow::expansion),
                   MoneySeries(rows, cur, "reactivation", "Reactivation", "s-reactivation", &MonthRow::reactivation)};
  moves.bars_down = {MoneySeries(rows, cur, "contraction", "Contraction", "s-contraction", &MonthRow::contraction),
                     MoneySeries(rows, cur, "churn", "Churn", "s-churn", &MonthRow::churn)};
  moves.lines.push_back(MoneySeries(rows, cur, "net_new", "Net new", "s-net", &MonthRow::net_new));
  return Card("MRR over time (" + UpperCase(cur) + ")", mrr, "") +
         Card("MRR movements (" + UpperCase(cur) + ")", moves, "",
              "Bars above zero add MRR, below zero remove it; the line is net new MRR.");
}

std::string RateCards(const std::string& cur, const Rows& rows) {
  ChartSpec churn = BaseSpec("Churn rates, " + UpperCase(cur), cur, rows, AxisKind::kPercent);
  churn.lines = {RateSeries(rows, "customer_churn_rate", "Customer churn", "s-customers", &MonthRow::customer_churn_rate),
                 RateSeries(rows, "subscription_churn_rate", "Subscription churn", "s-subscriptions",
                            &MonthRow::subscription_churn_rate)};
  churn.cover_high = 0.15;
  churn.bands = SpecBands("churn_rate", 0, 1);
  ChartSpec retention = BaseSpec("Net and gross MRR retention, " + UpperCase(cur), cur, rows, AxisKind::kPercent);
  retention.lines = {RateSeries(rows, "nrr", "NRR", "s-nrr", &MonthRow::nrr),
                     RateSeries(rows, "grr", "GRR", "s-grr", &MonthRow::grr)};
  retention.reference = 1.0;
  retention.cover_low = 0.8;
  retention.cover_high = 1.1;
  ChartSpec payments = BaseSpec("Payment success rate, " + UpperCase(cur), cur, rows, AxisKind::kPercent);
  payments.lines = {RateSeries(rows, "payment_success_rate", "Payment success", "s-payments",
                               &MonthRow::payment_success_rate)};
  payments.cover_low = 0.8;
  payments.cover_high = 1.0;
  payments.bands = SpecBands("payment_success_rate", 0, 1);
  ChartSpec trials = BaseSpec("Trial conversion, " + UpperCase(cur), cur, rows, AxisKind::kPercent);
  trials.lines = {RateSeries(rows, "trial_conversion_rate", "Trial conversion", "s-trials",
                             &MonthRow::trial_conversion_rate)};
  trials.cover_high = 1.0;
  ChartSpec involuntary = BaseSpec("Involuntary share of churned customers, " + UpperCase(cur), cur, rows,
                                   AxisKind::kPercent);
  involuntary.lines = {RateSeries(rows, "involuntary_churn_share", "Involuntary share", "s-involuntary",
                                  &MonthRow::involuntary_churn_share)};
  involuntary.cover_high = 1.0;
  involuntary.bands = SpecBands("involuntary_churn", 0, 1);
  const std::string no_threshold = "The monitoring spec sets no threshold for this figure.";
  return Card("Churn rates (" + UpperCase(cur) + ")", churn, "churn_rate") +
         Card("NRR and GRR (" + UpperCase(cur) + ")", retention, "", no_threshold + " Dashed: 100 %.") +
         Card("Payment success rate (" + UpperCase(cur) + ")", payments, "payment_success_rate") +
         Card("Trial conversion (" + UpperCase(cur) + ")", trials, "", no_threshold) +
         Card("Involuntary churn share (" + UpperCase(cur) + ")", involuntary, "involuntary_churn");
}

}  // namespace

std::string RenderCurrencySection(const CurrencyRow& current, const Rows& months) {
  const std::string& cur = current.currency;
  std::string out = "<section class=\"currency\" id=\"currency-" + HtmlEscape(cur) + "\"><h2>" +
                    HtmlEscape(UpperCase(cur)) + "</h2>" + Tiles(current);
  if (months.empty()) return out + "<p class=\"note\">No months in the chosen range.</p></section>";
  out += "<div class=\"cards\">" + MrrCards(cur, months) + RateCards(cur, months) + "</div>";
  return out + RenderMonthTable(cur, months) + "</section>";
}

}  // namespace subledger::dashboard
