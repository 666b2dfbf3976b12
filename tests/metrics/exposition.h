// Test helpers for metrics tests: a small reader of the Prometheus text
// format (enough for what TextSerializer writes) and fully populated
// figures (business figures of one book or more, log, storage, reconciler).
#pragma once

#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "metrics/business_figures.h"

namespace subledger::testing {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses every sample line; HELP/TYPE comments are skipped.
inline std::vector<Sample> ParseExposition(const std::string& text) {
  std::vector<Sample> samples;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    Sample s;
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') s.name += line[i++];
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::string key, value;
        while (line[i] != '=') key += line[i++];
        i += 2;  // ="
        while (line[i] != '"') {
          if (line[i] == '\\') ++i;
          value += line[i++];
        }
        ++i;  // closing quote
        if (line[i] == ',') ++i;
        s.labels[key] = value;
      }
      ++i;  // }
    }
    s.value = std::stod(line.substr(i + 1));
    samples.push_back(std::move(s));
  }
  return samples;
}

// Samples named `name` whose labels include every pair of `match`.
inline std::vector<Sample> Find(const std::vector<Sample>& samples, const std::string& name,
                                const std::map<std::string, std::string>& match = {}) {
  std::vector<Sample> out;
  for (const Sample& s : samples) {
    if (s.name != name) continue;
    bool ok = true;
    for (const auto& [k, v] : match) {
      auto it = s.labels.find(k);
      if (it == s.labels.end() || it->second != v) ok = false;
    }
    if (ok) out.push_back(s);
  }
  return out;
}

inline WindowFigures PopulatedWindow(double scale) {
  WindowFigures w;
  w.movements = MrrMovements{100 * scale, 20 * scale, 5 * scale, 7 * scale, 11 * scale, 3 * scale};
  w.mrr_start = 1000 * scale;
  w.customers_start = 40;
  w.customers_churned = 4;
  w.customers_churned_involuntary = 1;
  w.subscriptions_start = 50;
  w.subscriptions_churned = 5;
  w.payments_succeeded = 95;
  w.payments_failed = 5;
  w.amount_succeeded = 9500 * scale;
  w.amount_failed = 500 * scale;
  w.customer_churn_ratio = 0.1;
  w.subscription_churn_ratio = 0.1;
  w.gross_mrr_churn_ratio = 0.021;
  w.net_mrr_churn_ratio = -0.004;
  w.involuntary_churn_share = 0.25;
  w.payment_success_ratio = 0.95;
  w.trials_started = 8;
  w.trials_ended = 6;
  w.trials_converted = 3;
  w.trial_conversion_ratio = 0.5;
  w.quick_ratio = 125.0 / 21.0;
  w.net_mrr_retention_ratio = 1.004;
  w.gross_mrr_retention_ratio = 0.979;
  return w;
}

inline CurrencyFigures PopulatedCurrency(const std::string& code, int64_t scale) {
  CurrencyFigures c;
  c.currency = code;
  c.mrr = 12500 * scale;
  c.arpa = 1250 * scale;
  c.paying_customers = 10;
  c.scheduled_churn = 300 * scale;
  c.past_due_mrr = 200 * scale;
  c.unpriced_items = 2;
  c.unresolved_discounts = 1;
  c.month_to_date = PopulatedWindow(scale);
  c.previous_month = PopulatedWindow(scale + 1);
  c.payments_succeeded_total = 900;
  c.payments_failed_total = 60;
  c.churn_voluntary_movements_total = 12;
  c.churn_involuntary_movements_total = 4;
  return c;
}

// One book with every field set, for `currencies` (e.g. {"eur", "usd"}).
inline BookFigures PopulatedBook(const std::vector<std::string>& currencies, const std::string& account = "platform",
                                 const std::string& mode = "live") {
  BookFigures b;
  b.account = account;
  b.mode = mode;
  int64_t scale = 1;
  for (const std::string& c : currencies) b.currencies.push_back(PopulatedCurrency(c, scale++));
  b.subscriptions_by_status = {{"active", 10}, {"canceled", 3}, {"past_due", 1}, {"trialing", 2}};
  b.as_of = 1767225599;
  return b;
}

// Figures of one book (platform, live) with every field set.
inline BusinessFigures PopulatedFigures(const std::vector<std::string>& currencies) {
  BusinessFigures f;
  f.books.push_back(PopulatedBook(currencies));
  return f;
}

inline LogFigures PopulatedLog() {
  LogFigures l;
  l.events_in_log = 1234;
  l.projection_lag_events = 3;
  l.projection_lag_seconds = 0.25;
  l.last_event_created = 1767225599;
  l.last_event_received_micros = 1767225600123456;
  l.events_by_source = {{EventSource::kWebhook, 1200}, {EventSource::kImport, 20},
                        {EventSource::kBackfill, 10}, {EventSource::kSnapshot, 4}};
  l.projection_implausible_events = 2;
  l.projection_healthy = true;
  return l;
}

inline StorageFigures PopulatedStorage() {
  StorageFigures s;
  s.wal_syncs = 77;
  s.write_errors = 0;
  s.background_errors = 0;
  s.write_stopped = 0;
  s.delayed_write_rate = 0;
  s.sst_files_bytes = 1 << 20;
  s.memtables_bytes = 64 << 10;
  s.pending_compaction_bytes = 0;
  s.write_stall_micros = 1500000;
  return s;
}

inline ReconcilerFigures PopulatedReconciler() {
  ReconcilerFigures r;
  r.passes = 12;
  r.failed_passes = 2;
  r.events_listed = 4000;
  r.events_recovered = 7;
  r.api_requests = 60;
  r.last_pass_unix = 1767225000;
  return r;
}

// Runs a shell command with `input` on stdin; returns its combined output
// and exit status.
inline std::pair<int, std::string> RunWithInput(const std::string& command, const std::string& input,
                                                const std::string& scratch_path) {
  {
    FILE* f = std::fopen(scratch_path.c_str(), "wb");
    std::fwrite(input.data(), 1, input.size(), f);
    std::fclose(f);
  }
  std::string full = command + " < '" + scratch_path + "' 2>&1";
  FILE* p = popen(full.c_str(), "r");
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  int status = pclose(p);
  return {status, output};
}

}  // namespace subledger::testing
