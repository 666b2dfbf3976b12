// RenderMonthTable (currency_section.h): the months of one currency as a
// table, every cell carrying the hooks of figure_format.h.
#include <variant>

#include "dashboard/currency_section.h"
#include "dashboard/figure_format.h"

namespace subledger::dashboard {
namespace {

enum class Shown { kMoney, kCount, kPercent, kRatio };

struct Column {
  const char* key;      // the report key
  const char* heading;
  Shown shown;
  std::variant<Money MonthRow::*, std::optional<Money> MonthRow::*, int64_t MonthRow::*,
               std::optional<double> MonthRow::*>
      field;
};

const Column kColumns[] = {
    {"mrr_start", "MRR start", Shown::kMoney, &MonthRow::mrr_start},
    {"new", "New", Shown::kMoney, &MonthRow::new_mrr},
    {"expansion", "Expansion", Shown::kMoney, &MonthRow::expansion},
    {"reactivation", "Reactivation", Shown::kMoney, &MonthRow::reactivation},
    {"contraction", "Contraction", Shown::kMoney, &MonthRow::contraction},
    {"churn", "Churn", Shown::kMoney, &MonthRow::churn},
    {"net_new", "Net new", Shown::kMoney, &MonthRow::net_new},
    {"mrr_end", "MRR end", Shown::kMoney, &MonthRow::mrr_end},
    {"arpa", "ARPA", Shown::kMoney, &MonthRow::arpa},
    {"scheduled_churn", "Scheduled churn", Shown::kMoney, &MonthRow::scheduled_churn},
    {"customers_end", "Customers", Shown::kCount, &MonthRow::customers_end},
    {"customers_churned", "Customers churned", Shown::kCount, &MonthRow::customers_churned},
    {"customer_churn_rate", "Customer churn", Shown::kPercent, &MonthRow::customer_churn_rate},
    {"subscription_churn_rate", "Subscription churn", Shown::kPercent, &MonthRow::subscription_churn_rate},
    {"gross_mrr_churn_rate", "Gross MRR churn", Shown::kPercent, &MonthRow::gross_mrr_churn_rate},
    {"net_mrr_churn_rate", "Net MRR churn", Shown::kPercent, &MonthRow::net_mrr_churn_rate},
    {"quick_ratio", "Quick ratio", Shown::kRatio, &MonthRow::quick_ratio},
    {"nrr", "NRR", Shown::kPercent, &MonthRow::nrr},
    {"grr", "GRR", Shown::kPercent, &MonthRow::grr},
    {"payments_succeeded", "Payments succeeded", Shown::kCount, &MonthRow::payments_succeeded},
    {"payments_failed", "Payments failed", Shown::kCount, &MonthRow::payments_failed},
    {"amount_succeeded", "Amount succeeded", Shown::kMoney, &MonthRow::amount_succeeded},
    {"payment_success_rate", "Payment success", Shown::kPercent, &MonthRow::payment_success_rate},
    {"trials_started", "Trials started", Shown::kCount, &MonthRow::trials_started},
    {"trials_converted", "Trials converted", Shown::kCount, &MonthRow::trials_converted},
    {"trial_conversion_rate", "Trial conversion", Shown::kPercent, &MonthRow::trial_conversion_rate},
};

// (JSON value, shown text) of one cell.
std::pair<std::string, std::string> Cell(const Column& c, const MonthRow& r, const std::string& currency) {
  if (auto f = std::get_if<Money MonthRow::*>(&c.field)) {
    return {MoneyJson(r.*(*f)), FormatMoney(r.*(*f), currency)};
  }
  if (auto f = std::get_if<std::optional<Money> MonthRow::*>(&c.field)) {
    const std::optional<Money>& v = r.*(*f);
    return {OptMoneyJson(v), v ? FormatMoney(*v, currency) : "—"};
  }
  if (auto f = std::get_if<int64_t MonthRow::*>(&c.field)) {
    return {std::to_string(r.*(*f)), FormatCount(r.*(*f))};
  }
  const std::optional<double>& v = r.*std::get<std::optional<double> MonthRow::*>(c.field);
  return {RateJson(v), c.shown == Shown::kRatio ? FormatRatio(v) : FormatPercent(v)};
}

}  // namespace

std::string RenderMonthTable(const std::string& currency, const std::vector<const MonthRow*>& months) {
  std::string out = "<details class=\"months\" open><summary>Month by month (" + HtmlEscape(UpperCase(currency)) +
                    ")</summary><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Month</th>";
  for (const Column& c : kColumns) out += "<th scope=\"col\">" + std::string(c.heading) + "</th>";
  out += "</tr></thead><tbody>";
  for (const MonthRow* r : months) {
    out += "<tr><th scope=\"row\">" + MonthName(r->month) + "</th>";
    for (const Column& c : kColumns) {
      const auto [json, text] = Cell(c, *r, currency);
      out += "<td" + FigureAttrs(c.key, currency, r->month, json) + ">" + HtmlEscape(text) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div></details>";
}

}  // namespace subledger::dashboard
