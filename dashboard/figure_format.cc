#include "dashboard/figure_format.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "projections/revenue_report.h"

namespace subledger::dashboard {
namespace {

// Digits of a non-negative decimal string grouped by thousands.
std::string Grouped(const std::string& digits) {
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

Money Pow10(int n) {
  Money p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

int CurrencyDecimals(std::string_view currency) {
  static constexpr std::array<std::string_view, 16> kZero = {"bif", "clp", "djf", "gnf", "jpy", "kmf",
                                                              "krw", "mga", "pyg", "rwf", "ugx", "vnd",
                                                              "vuv", "xaf", "xof", "xpf"};
  static constexpr std::array<std::string_view, 5> kThree = {"bhd", "jod", "kwd", "omr", "tnd"};
  for (std::string_view c : kZero) {
    if (c == currency) return 0;
  }
  for (std::string_view c : kThree) {
    if (c == currency) return 3;
  }
  return 2;
}

std::string FormatMoney(Money minor, std::string_view currency) {
  const int decimals = CurrencyDecimals(currency);
  const Money scale = Pow10(decimals);
  const Money magnitude = minor < 0 ? -minor : minor;
  std::string text = (minor < 0 ? "-" : "") + Grouped(MoneyToString(magnitude / scale));
  if (decimals > 0) {
    std::string fraction = MoneyToString(magnitude % scale);
    text += "." + std::string(static_cast<size_t>(decimals) - fraction.size(), '0') + fraction;
  }
  return text + " " + UpperCase(currency);
}

double MajorValue(Money minor, std::string_view currency) {
  return static_cast<double>(minor) / static_cast<double>(Pow10(CurrencyDecimals(currency)));
}

std::string CompactMajor(double major) {
  const double a = std::fabs(major);
  char buf[32];
  if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.3gM", major / 1e6);
  } else if (a >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.3gk", major / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", major);
  }
  return buf;
}

std::string FormatCount(int64_t n) {
  return (n < 0 ? "-" : "") + Grouped(std::to_string(n < 0 ? -n : n));
}

std::string FormatPercent(const std::optional<double>& ratio) {
  if (!ratio) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", *ratio * 100);
  return buf;
}

std::string FormatRatio(const std::optional<double>& ratio) {
  if (!ratio) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *ratio);
  return buf;
}

std::string FormatUtc(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string MonthName(MonthIndex month) {
  static constexpr std::array<const char*, 12> kNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int m = ((month % 12) + 12) % 12;
  return std::string(kNames[static_cast<size_t>(m)]) + " " + std::to_string((month - m) / 12);
}

std::string UpperCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string MoneyJson(Money minor) { return MoneyToString(minor); }
std::string OptMoneyJson(const std::optional<Money>& minor) { return minor ? MoneyToString(*minor) : "null"; }
std::string RateJson(const std::optional<double>& ratio) { return ratio ? PythonFloat(*ratio) : "null"; }

std::string FigureAttrs(std::string_view key, std::string_view currency, std::optional<MonthIndex> month,
                        std::string_view value_json) {
  std::string out = " data-figure=\"" + HtmlEscape(key) + "\"";
  if (!currency.empty()) out += " data-currency=\"" + HtmlEscape(currency) + "\"";
  if (month) out += " data-month=\"" + MonthLabel(*month) + "\"";
  return out + " data-value=\"" + HtmlEscape(value_json) + "\"";
}

}  // namespace subledger::dashboard
