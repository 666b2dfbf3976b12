#include "metrics/monitoring_spec.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <regex>
#include <sstream>

namespace subledger {
namespace {

Status At(const YAML::Node& node, const std::string& metric, const std::string& what) {
  return Status::InvalidArgument("line " + std::to_string(node.Mark().line + 1) + ": " +
                                 (metric.empty() ? "" : "metric " + metric + ": ") + what);
}

// Parses a non-negative decimal number at the start of `s`; advances `s`.
std::optional<double> Number(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.')) ++n;
  if (n == 0 || s[0] == '.' || s[n - 1] == '.') return std::nullopt;
  std::string digits(s.substr(0, n));
  if (digits.find('.') != digits.rfind('.')) return std::nullopt;
  s.remove_prefix(n);
  return std::strtod(digits.c_str(), nullptr);
}

void SkipSpaces(std::string_view& s) {
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
}

const std::regex& DurationPattern() {
  static const std::regex re("^[0-9]+(ms|s|m|h|d|w|y)$");
  return re;
}

// The scalar under `key`, "" when it is absent and not required.
Result<std::string> Scalar(const YAML::Node& metric_node, const std::string& metric, const char* key,
                           bool required) {
  const YAML::Node v = metric_node[key];
  if (!v) {
    if (required) return At(metric_node, metric, std::string("missing '") + key + "'");
    return std::string();
  }
  if (!v.IsScalar()) return At(v, metric, std::string("'") + key + "' must be a value, not a collection");
  return v.Scalar();
}

Status ParseAlerting(const YAML::Node& node, SpecMetric& m) {
  Result<std::string> healthy = Scalar(node, m.name, "healthy", true);
  Result<std::string> critical = Scalar(node, m.name, "critical", true);
  if (!healthy.ok()) return healthy.status();
  if (!critical.ok()) return critical.status();
  Result<SpecThreshold> h = ParseSpecThreshold(*healthy);
  if (!h.ok()) return At(node["healthy"], m.name, h.status().message());
  Result<SpecThreshold> c = ParseSpecThreshold(*critical);
  if (!c.ok()) return At(node["critical"], m.name, c.status().message());
  m.healthy = *h;
  m.critical = *c;
  bool critical_low = c->op == SpecThreshold::Op::kLess || c->op == SpecThreshold::Op::kLessOrEqual;
  if (critical_low != m.low_is_bad() ||
      (m.low_is_bad() ? c->percent > h->percent : c->percent < h->percent)) {
    return At(node["critical"], m.name,
              "critical '" + c->text + "' is not on the bad side of healthy '" + h->text + "'");
  }
  if (const YAML::Node w = node["warning"]) {
    Result<std::string> text = Scalar(node, m.name, "warning", true);
    if (!text.ok()) return text.status();
    Result<SpecBand> band = ParseSpecBand(*text);
    if (!band.ok()) return At(w, m.name, band.status().message());
    double lo = m.low_is_bad() ? c->percent : h->percent;
    double hi = m.low_is_bad() ? h->percent : c->percent;
    if (band->low_percent != lo || band->high_percent != hi) {
      return At(w, m.name, "warning band '" + band->text + "' does not span from healthy '" + h->text +
                                "' to critical '" + c->text + "'");
    }
    m.warning = *band;
  }

  struct Field {
    const char* key;
    std::string* out;
  } fields[] = {{"alert", &m.alert}, {"title", &m.title}, {"ratio", &m.ratio}, {"volume", &m.volume},
                {"volume_unit", &m.volume_unit}, {"for_warning", &m.for_warning},
                {"for_critical", &m.for_critical}};
  for (const Field& f : fields) {
    Result<std::string> v = Scalar(node, m.name, f.key, true);
    if (!v.ok()) return v.status();
    *f.out = *v;
  }
  Result<std::string> source = Scalar(node, m.name, "critical_source", false);
  if (!source.ok()) return source.status();
  m.critical_source = *source;
  if (!std::regex_match(m.alert, std::regex("^[A-Za-z_][A-Za-z0-9_]*$"))) {
    return At(node["alert"], m.name, "alert name '" + m.alert + "' is not a valid Prometheus name");
  }
  for (const auto& [key, value] : {std::pair{"for_warning", &m.for_warning}, std::pair{"for_critical", &m.for_critical}}) {
    if (!std::regex_match(*value, DurationPattern())) {
      return At(node[key], m.name, std::string(key) + " '" + *value + "' is not a Prometheus duration (e.g. 15m)");
    }
  }
  Result<std::string> min = Scalar(node, m.name, "min_volume", true);
  if (!min.ok()) return min.status();
  std::string_view digits = *min;
  std::optional<double> n = Number(digits);
  if (!n || !digits.empty() || *n < 1) {
    return At(node["min_volume"], m.name, "min_volume must be a number >= 1 (a guard of 0 guards nothing)");
  }
  m.min_volume = *n;
  return Status::Ok();
}

}  // namespace

bool SpecMetric::low_is_bad() const {
  return healthy && (healthy->op == SpecThreshold::Op::kGreater || healthy->op == SpecThreshold::Op::kGreaterOrEqual);
}

Result<SpecThreshold> ParseSpecThreshold(std::string_view text) {
  SpecThreshold t;
  t.text = std::string(text);
  std::string_view s = text;
  SkipSpaces(s);
  if (s.rfind(">=", 0) == 0) {
    t.op = SpecThreshold::Op::kGreaterOrEqual;
    s.remove_prefix(2);
  } else if (s.rfind("<=", 0) == 0) {
    t.op = SpecThreshold::Op::kLessOrEqual;
    s.remove_prefix(2);
  } else if (s.rfind(">", 0) == 0) {
    t.op = SpecThreshold::Op::kGreater;
    s.remove_prefix(1);
  } else if (s.rfind("<", 0) == 0) {
    t.op = SpecThreshold::Op::kLess;
    s.remove_prefix(1);
  } else {
    return Status::InvalidArgument("threshold '" + t.text + "' must start with >=, >, <= or <");
  }
  SkipSpaces(s);
  std::optional<double> n = Number(s);
  if (!n || s.empty() || s[0] != '%' || *n > 100) {
    return Status::InvalidArgument("threshold '" + t.text + "' must be 'OP N%' with 0 <= N <= 100");
  }
  s.remove_prefix(1);
  if (!s.empty() && s[0] != ' ') return Status::InvalidArgument("threshold '" + t.text + "': text after '%'");
  t.percent = *n;
  return t;
}

Result<SpecBand> ParseSpecBand(std::string_view text) {
  SpecBand b;
  b.text = std::string(text);
  std::string_view s = text;
  SkipSpaces(s);
  std::optional<double> lo = Number(s);
  SkipSpaces(s);
  bool dash = !s.empty() && s[0] == '-';
  if (dash) s.remove_prefix(1);
  SkipSpaces(s);
  std::optional<double> hi = dash ? Number(s) : std::nullopt;
  if (!lo || !hi || s.empty() || s[0] != '%' || *lo >= *hi || *hi > 100) {
    return Status::InvalidArgument("warning band '" + b.text + "' must be 'A-B%' with A < B <= 100");
  }
  b.low_percent = *lo;
  b.high_percent = *hi;
  return b;
}

namespace {

// Loads `yaml_text`; a syntax error is kInvalidArgument "line N: what".
Result<YAML::Node> LoadYaml(std::string_view yaml_text) {
  try {
    return YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<SpecMetric> ParseMetric(const std::string& name, const YAML::Node& node) {
  if (!node.IsMap()) return At(node, name, "must be a mapping");
  SpecMetric m;
  m.name = name;
  const std::pair<const char*, std::string*> texts[] = {
      {"calculation", &m.calculation}, {"track", &m.track}, {"note", &m.note}};
  for (auto [key, out] : texts) {
    Result<std::string> v = Scalar(node, name, key, false);
    if (!v.ok()) return v.status();
    *out = *v;
  }
  Result<std::string> metric_names = Scalar(node, name, "metric", false);
  if (!metric_names.ok()) return metric_names.status();
  std::regex word("[a-zA-Z_:][a-zA-Z0-9_:]*");
  for (std::sregex_iterator it(metric_names->begin(), metric_names->end(), word), end; it != end; ++it) {
    m.prometheus_metrics.push_back(it->str());
  }
  if (node["healthy"] || node["critical"]) {
    Status s = ParseAlerting(node, m);
    if (!s.ok()) return s;
  } else if (m.track.empty()) {
    return At(node, name, "needs thresholds (healthy, critical) or 'track'");
  }
  return m;
}

// checklist: {item: {text, covered_by: "metric metric"}}: each item's text
// lands in also_covers of the alerting metrics it names.
Status ApplyChecklist(const YAML::Node& checklist, MonitoringSpec& spec) {
  for (const auto& entry : checklist) {
    const std::string item = entry.first.Scalar();
    const YAML::Node& node = entry.second;
    if (!node.IsMap() || !node["text"] || !node["covered_by"]) {
      return At(node, "", "checklist item " + item + " needs 'text' and 'covered_by'");
    }
    Result<std::string> text = Scalar(node, "", "text", true);
    Result<std::string> covered_by = Scalar(node, "", "covered_by", true);
    if (!text.ok()) return text.status();
    if (!covered_by.ok()) return covered_by.status();
    std::istringstream names(*covered_by);
    std::string name;
    int covered = 0;
    while (names >> name) {
      SpecMetric* target = nullptr;
      for (SpecMetric& m : spec.metrics) {
        if (m.name == name && m.alerting()) target = &m;
      }
      if (target == nullptr) {
        return At(node["covered_by"], "", "checklist item " + item + ": '" + name +
                                              "' is not an alerting metric of this spec");
      }
      target->also_covers.push_back(*text);
      ++covered;
    }
    if (covered == 0) return At(node["covered_by"], "", "checklist item " + item + ": covered_by names no metric");
  }
  return Status::Ok();
}

}  // namespace

Result<MonitoringSpec> ParseMonitoringSpec(std::string_view yaml_text) {
  Result<YAML::Node> loaded = LoadYaml(yaml_text);
  if (!loaded.ok()) return loaded.status();
  const YAML::Node doc = *loaded;  // const: a lookup never adds a key
  if (!doc.IsMap()) return At(doc, "", "expected a mapping");
  MonitoringSpec spec;
  Result<std::string> group = Scalar(doc, "", "group", false);
  if (!group.ok()) return group.status();
  if (group->empty()) return At(doc, "", "missing 'group' (the Prometheus rule group name)");
  spec.group = *group;
  Result<std::string> source = Scalar(doc, "", "source", false);
  if (!source.ok()) return source.status();
  spec.source = *source;
  const YAML::Node metrics = doc["metrics"];
  if (!metrics || !metrics.IsMap()) return At(doc, "", "missing 'metrics' mapping");
  for (const auto& entry : metrics) {
    Result<SpecMetric> m = ParseMetric(entry.first.Scalar(), entry.second);
    if (!m.ok()) return m.status();
    spec.metrics.push_back(std::move(*m));
  }
  if (const YAML::Node checklist = doc["checklist"]) {
    Status s = ApplyChecklist(checklist, spec);
    if (!s.ok()) return s;
  }
  return spec;
}

}  // namespace subledger
