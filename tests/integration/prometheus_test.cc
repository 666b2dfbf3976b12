// The real daemon scraped by a real Prometheus server (Debian's package) on
// loopback, with the committed alert rules loaded: the business figures
// Prometheus stores are the ones `subledger report --json` prints, per book
// (a connected account listed in --metrics-accounts has its own series equal
// to its /v1/report, an unlisted one has none), every dashboard query
// evaluates, and a burst of failed payments drives the payment-success alert
// to pending/firing.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <ctime>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/daemon_test.h"
#include "tests/support/run_command.h"
#include "tests/support/subledger_cli.h"

extern char** environ;

namespace subledger::testing {
namespace {

using nlohmann::json;

uint16_t FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A Prometheus server process on loopback, killed (by its pid) when the test ends.
class PrometheusServer {
 public:
  PrometheusServer(const std::string& dir, uint16_t target_port) : dir_(dir), port_(FreeLoopbackPort()) {
    config_ = dir + "/prometheus.yml";
    std::ofstream(config_) << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                           << "rule_files:\n  - " << SUBLEDGER_SOURCE_DIR << "/metrics/alerts.yml\n"
                           << "scrape_configs:\n  - job_name: subledger\n    static_configs:\n"
                           << "      - targets: ['127.0.0.1:" << target_port << "']\n";
  }
  ~PrometheusServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (::testing::Test::HasFailure()) {
      std::string log = ReadAll(log_path());
      std::fprintf(stderr, "--- prometheus log (tail) ---\n%s\n", log.substr(log.size() > 4000 ? log.size() - 4000 : 0).c_str());
    }
  }

  std::string Start() {
    std::vector<std::string> args = {"prometheus",
                                     "--config.file=" + config_,
                                     "--storage.tsdb.path=" + dir_ + "/tsdb",
                                     "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                                     "--log.level=warn"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = posix_spawnp(&pid_, "prometheus", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return "cannot start prometheus (install Debian's prometheus package): " + std::string(strerror(rc));
    HttpClient client("127.0.0.1", port_, 2);
    for (int i = 0; i < 300; ++i) {
      if (client.Get("/-/ready").status == 200) return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "prometheus did not become ready: " + ReadAll(log_path());
  }

  // GET an API path; the parsed JSON, or null on failure.
  json Api(const std::string& target) {
    HttpClient client("127.0.0.1", port_, 10);
    HttpResponse r = client.Get(target);
    if (r.status != 200) return nullptr;
    json j = json::parse(r.body, nullptr, false);
    return j.is_discarded() ? nullptr : j;
  }
  json Query(const std::string& promql) { return Api("/api/v1/query?query=" + UrlEncode(promql)); }

  // The single value of an instant query, or nullopt.
  std::optional<double> Value(const std::string& promql) {
    json j = Query(promql);
    if (j.is_null() || j["status"] != "success" || j["data"]["result"].size() != 1) return std::nullopt;
    return std::stod(j["data"]["result"][0]["value"][1].get<std::string>());
  }

  // Polls `promql` until its single value satisfies `ok` (30 s at most).
  std::optional<double> WaitFor(const std::string& promql, const std::function<bool(double)>& ok) {
    std::optional<double> v;
    for (int i = 0; i < 300; ++i) {
      v = Value(promql);
      if (v && ok(*v)) return v;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "timed out waiting on " << promql << " (last value "
                  << (v ? std::to_string(*v) : std::string("none")) << ")";
    return v;
  }

  std::string log_path() const { return dir_ + "/prometheus.log"; }

 private:
  std::string dir_;
  uint16_t port_;
  std::string config_;
  pid_t pid_ = -1;
};

// `account`: "" for the platform's own, else the connected account (top-level
// `account`, as Connect events carry it). Every event here is test mode.
std::string SubscriptionEvent(const std::string& n, int64_t created, const std::string& customer,
                              const std::string& currency, int64_t unit_amount, const std::string& interval,
                              int interval_count, const std::string& account = "") {
  json price = {{"id", "price_" + n}, {"object", "price"}, {"currency", currency}, {"unit_amount", unit_amount},
                {"unit_amount_decimal", std::to_string(unit_amount)}, {"billing_scheme", "per_unit"},
                {"recurring", {{"interval", interval}, {"interval_count", interval_count}, {"usage_type", "licensed"}}}};
  json sub = {{"id", "sub_" + n}, {"object", "subscription"}, {"customer", customer}, {"currency", currency},
              {"status", "active"}, {"cancel_at_period_end", false}, {"cancel_at", nullptr},
              {"pause_collection", nullptr}, {"discount", nullptr},
              {"items", {{"object", "list"}, {"data", json::array({{{"id", "si_" + n}, {"object", "subscription_item"},
                                                                      {"quantity", 1}, {"price", price}}})}}}};
  json event = {{"id", "evt_sub_" + n}, {"object", "event"}, {"api_version", "2024-06-20"}, {"created", created},
                {"type", "customer.subscription.created"}, {"livemode", false}, {"data", {{"object", sub}}}};
  if (!account.empty()) event["account"] = account;
  return event.dump();
}

std::string PaymentEvent(const std::string& n, int64_t created, bool succeeded) {
  json pi = {{"id", "pi_" + n}, {"object", "payment_intent"}, {"amount", 2900}, {"currency", "usd"},
             {"customer", "cus_A"}, {"amount_received", succeeded ? 2900 : 0},
             {"status", succeeded ? "succeeded" : "requires_payment_method"}};
  json event = {{"id", "evt_pi_" + n}, {"object", "event"}, {"api_version", "2024-06-20"}, {"created", created},
                {"type", succeeded ? "payment_intent.succeeded" : "payment_intent.payment_failed"},
                {"livemode", false}, {"data", {{"object", pi}}}};
  return event.dump();
}

class PrometheusTest : public DaemonTest {};

// The platform's book in these tests (every event is test mode).
constexpr const char* kPlatform = "account=\"platform\",mode=\"test\"";

TEST_F(PrometheusTest, PrometheusScrapesTheReportsFiguresAndPaymentFailuresRaiseTheAlert) {
  StartDaemon({"--metrics-accounts", "acct_1Listed"});
  PrometheusServer prometheus(tmp().path().string(), daemon().admin_port());
  ASSERT_EQ(prometheus.Start(), "");
  prometheus.WaitFor("up{job=\"subledger\"}", [](double v) { return v == 1; });

  // The rule file loaded and every rule evaluates without error.
  json rules = prometheus.Api("/api/v1/rules");
  ASSERT_FALSE(rules.is_null());
  int rule_count = 0;
  for (const auto& group : rules["data"]["groups"]) {
    for (const auto& rule : group["rules"]) {
      ++rule_count;
      EXPECT_EQ(rule["health"], "ok") << rule.dump();
    }
  }
  std::string rule_file = ReadAll(SUBLEDGER_SOURCE_DIR "/metrics/alerts.yml");
  int committed_rules = 0;
  for (size_t p = 0; (p = rule_file.find("- alert: ", p)) != std::string::npos; ++p) ++committed_rules;
  EXPECT_EQ(rule_count, committed_rules);
  EXPECT_GE(rule_count, 10);

  // Subscriptions in two currencies: usd 29.00/month + 90.00/quarter, eur 12.00/year;
  // a listed connected account's usd 45.00/month and an unlisted one's 70.00/month.
  const int64_t now = NowUnixSeconds();
  HttpClient client = Client();
  for (const std::string& body :
       {SubscriptionEvent("a", now - 60, "cus_A", "usd", 2900, "month", 1),
        SubscriptionEvent("b", now - 50, "cus_B", "usd", 9000, "month", 3),
        SubscriptionEvent("c", now - 40, "cus_C", "eur", 1200, "year", 1),
        SubscriptionEvent("d", now - 40, "cus_D", "usd", 4500, "month", 1, "acct_1Listed"),
        SubscriptionEvent("e", now - 40, "cus_E", "usd", 7000, "month", 1, "acct_1Unlisted")}) {
    EXPECT_TRUE(IsFreshAck(PostSigned(client, body)));
  }
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(IsFreshAck(PostSigned(client, PaymentEvent("ok" + std::to_string(i), now - 30, true))));

  const std::string platform = kPlatform;
  auto usd = prometheus.WaitFor("subledger_mrr_minor_units{" + platform + ",currency=\"usd\"}",
                                [](double v) { return v == 5900; });
  auto eur = prometheus.WaitFor("subledger_mrr_minor_units{" + platform + ",currency=\"eur\"}",
                                [](double v) { return v == 100; });
  const std::string listed_book = "account=\"acct_1Listed\",mode=\"test\",currency=\"usd\"";
  auto listed =
      prometheus.WaitFor("subledger_mrr_minor_units{" + listed_book + "}", [](double v) { return v == 4500; });
  prometheus.WaitFor("sum(subledger_payment_attempts_total{outcome=\"succeeded\"})", [](double v) { return v == 5; });
  prometheus.WaitFor("subledger_projection_lag_events", [](double v) { return v == 0; });

  // The daemon's own page passes Prometheus's linter, and says what it runs.
  HttpResponse page = AdminClient().Get("/metrics");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.Header("content-type").find("text/plain; version=0.0.4"), std::string::npos);
  CommandOptions lint;
  lint.stdin_data = page.body;
  CommandResult checked = RunCommand({"promtool", "check", "metrics"}, lint);
  EXPECT_EQ(checked.exit_code, 0) << checked.Describe();
  EXPECT_EQ(checked.out + checked.err, "") << page.body;
  EXPECT_NE(page.body.find("subledger_build_info{"), std::string::npos);

  // What Prometheus holds is what `subledger report --json` prints.
  CommandResult report = WithDaemonStopped([&] { return RunSubledger({"report", "--data-dir", data_dir(), "--json"}); });
  ASSERT_EQ(report.exit_code, 0) << report.Describe();
  json doc = json::parse(report.out);
  std::map<std::string, int64_t> report_mrr;
  for (const auto& row : doc["currencies"]) report_mrr[row["currency"]] = row["mrr"].get<int64_t>();
  ASSERT_TRUE(usd && eur);
  EXPECT_EQ(report_mrr["usd"], static_cast<int64_t>(*usd));
  EXPECT_EQ(report_mrr["eur"], static_cast<int64_t>(*eur));
  EXPECT_EQ(report_mrr.size(), 2u);
  EXPECT_EQ(report_mrr["usd"], 5900);  // 2900 + 9000 / 3
  EXPECT_EQ(report_mrr["eur"], 100);   // 1200 / 12
  // The other current figures and this month's window agree with the report too.
  for (const auto& row : doc["currencies"]) {
    std::string cur = row["currency"];
    EXPECT_EQ(prometheus.Value("subledger_paying_customers{" + platform + ",currency=\"" + cur + "\"}"),
              std::optional<double>(row["customers"].get<double>()))
        << cur;
    EXPECT_EQ(prometheus.Value("subledger_arpa_minor_units{" + platform + ",currency=\"" + cur + "\"}"),
              std::optional<double>(row["arpa"].get<double>()))
        << cur;
    EXPECT_EQ(prometheus.Value("subledger_unresolved_discounts{" + platform + ",currency=\"" + cur + "\"}"),
              std::optional<double>(row["unresolved_discounts"].get<double>()))
        << cur;
  }
  for (const auto& [status, count] : doc["subscriptions_by_status"].items()) {
    EXPECT_EQ(prometheus.Value("subledger_subscriptions{" + platform + ",status=\"" + status + "\"}"),
              std::optional<double>(count.get<double>()))
        << status;
  }
  char this_month[8];
  std::time_t now_t = static_cast<std::time_t>(now);
  std::strftime(this_month, sizeof this_month, "%Y-%m", std::gmtime(&now_t));
  int month_rows = 0;
  for (const auto& row : doc["months"]) {
    if (row["month"] != this_month) continue;
    ++month_rows;
    std::string sel =
        "{" + platform + ",window=\"month_to_date\",currency=\"" + row["currency"].get<std::string>() + "\"";
    EXPECT_EQ(prometheus.Value("subledger_mrr_movements_minor_units" + sel + ",kind=\"new\"}"),
              std::optional<double>(row["new"].get<double>()));
    EXPECT_EQ(prometheus.Value("sum(subledger_payments" + sel + "})"),
              std::optional<double>(row["payments_succeeded"].get<double>() + row["payments_failed"].get<double>()));
    if (!row["payment_success_rate"].is_null()) {
      EXPECT_EQ(prometheus.Value("subledger_payment_success_ratio" + sel + "}"),
                std::optional<double>(row["payment_success_rate"].get<double>()));
    }
    for (const char* kind : {"started", "ended", "converted"}) {
      EXPECT_EQ(prometheus.Value("subledger_trials" + sel + ",kind=\"" + kind + "\"}"),
                std::optional<double>(row[std::string("trials_") + kind].get<double>()));
    }
    // The v2 ratios equal the report's, and are absent where it prints null.
    const std::pair<const char*, const char*> ratios[] = {
        {"trial_conversion_rate", "subledger_trial_conversion_ratio"}, {"quick_ratio", "subledger_quick_ratio"},
        {"nrr", "subledger_net_mrr_retention_ratio"}, {"grr", "subledger_gross_mrr_retention_ratio"}};
    for (const auto& [key, name] : ratios) {
      json result = prometheus.Query(std::string(name) + sel + "}");
      ASSERT_FALSE(result.is_null()) << name;
      if (row[key].is_null()) {
        EXPECT_EQ(result["data"]["result"].size(), 0u) << name;
      } else {
        EXPECT_EQ(prometheus.Value(std::string(name) + sel + "}"), std::optional<double>(row[key].get<double>()))
            << name;
      }
    }
  }
  EXPECT_EQ(month_rows, 2);
  prometheus.WaitFor("up{job=\"subledger\"}", [](double v) { return v == 1; });  // restarted on the same port

  // A connected account listed in --metrics-accounts: its book's MRR is its own report's.
  HttpResponse listed_report = AdminClient().Get("/v1/report?account=acct_1Listed&mode=test");
  ASSERT_EQ(listed_report.status, 200) << listed_report.body;
  json listed_doc = json::parse(listed_report.body);
  EXPECT_EQ(listed_doc["account"], "acct_1Listed");
  ASSERT_EQ(listed_doc["currencies"].size(), 1u) << listed_report.body;
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed_doc["currencies"][0]["mrr"].get<int64_t>(), static_cast<int64_t>(*listed));
  EXPECT_EQ(*listed, 4500);
  EXPECT_EQ(prometheus.Value("subledger_paying_customers{" + listed_book + "}"),
            std::optional<double>(listed_doc["currencies"][0]["customers"].get<double>()));
  // An account that is not listed is in the log and has its report, never any series.
  HttpResponse unlisted_report = AdminClient().Get("/v1/report?account=acct_1Unlisted&mode=test");
  ASSERT_EQ(unlisted_report.status, 200) << unlisted_report.body;
  EXPECT_EQ(json::parse(unlisted_report.body)["currencies"][0]["mrr"], 7000);
  json unlisted = prometheus.Query("count({account=\"acct_1Unlisted\"})");
  ASSERT_FALSE(unlisted.is_null());
  EXPECT_EQ(unlisted["data"]["result"].size(), 0u) << unlisted.dump();
  HttpResponse page_now = AdminClient().Get("/metrics");
  EXPECT_EQ(page_now.body.find("acct_1Unlisted"), std::string::npos);
  EXPECT_NE(page_now.body.find("account=\"acct_1Listed\""), std::string::npos);
  EXPECT_EQ(prometheus.WaitFor("subledger_projection_healthy", [](double v) { return v == 1; }), 1.0);
  EXPECT_EQ(prometheus.Value("subledger_projection_implausible_events"), std::optional<double>(0));

  // Every dashboard query is valid PromQL over these metrics.
  json dashboard = json::parse(ReadAll(SUBLEDGER_SOURCE_DIR "/metrics/grafana-dashboard.json"));
  int queries = 0;
  for (const auto& panel : dashboard["panels"]) {
    for (const auto& target : panel.value("targets", json::array())) {
      std::string expr = target["expr"];
      for (const std::string var : {"$currency", "$account", "$mode"}) {
        for (size_t p; (p = expr.find(var)) != std::string::npos;) expr.replace(p, var.size(), ".*");
      }
      json result = prometheus.Query(expr);
      ASSERT_FALSE(result.is_null()) << panel["title"] << ": " << expr;
      EXPECT_EQ(result["status"], "success") << panel["title"] << ": " << expr;
      ++queries;
    }
  }
  EXPECT_GT(queries, 30);

  // A burst of failed payments: success drops to 5/30, volume 30 >= 20.
  prometheus.WaitFor("sum(subledger_payment_attempts_total{outcome=\"failed\"})", [](double v) { return v == 0; });
  for (int i = 0; i < 25; ++i) EXPECT_TRUE(IsFreshAck(PostSigned(client, PaymentEvent("fail" + std::to_string(i), now, false))));
  prometheus.WaitFor("sum(subledger_payment_attempts_total{outcome=\"failed\"})", [](double v) { return v == 25; });

  std::set<std::string> states;
  for (int i = 0; i < 300 && states.size() < 2; ++i) {
    json alerts = prometheus.Api("/api/v1/alerts");
    for (const auto& a : alerts["data"]["alerts"]) {
      if (a["labels"]["alertname"] != "SubledgerPaymentSuccessRateLow") continue;
      std::string state = a["state"];
      EXPECT_TRUE(state == "pending" || state == "firing") << a.dump();
      states.insert(a["labels"]["severity"].get<std::string>());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(states, (std::set<std::string>{"critical", "warning"}));
  // The webhook delivery alert stays quiet: every delivery was accepted.
  auto delivery = prometheus.Value(
      "sum(increase(subledger_webhook_requests_total{result=~\"accepted|duplicate\"}[1h])) / "
      "sum(increase(subledger_webhook_requests_total{result!=\"bad_signature\"}[1h]))");
  ASSERT_TRUE(delivery.has_value());
  EXPECT_EQ(*delivery, 1.0);
}

TEST_F(PrometheusTest, TheAlertsCommandReproducesTheCommittedRules) {
  TempDir out;
  CommandResult r = RunSubledger({"alerts", "--spec", SUBLEDGER_SOURCE_DIR "/metrics/monitoring-spec.yaml", "--out",
                                  out.Sub("alerts.yml")});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(ReadAll(out.Sub("alerts.yml")), ReadAll(SUBLEDGER_SOURCE_DIR "/metrics/alerts.yml"));

  CommandResult to_stdout = RunSubledger({"alerts", "--spec", SUBLEDGER_SOURCE_DIR "/metrics/monitoring-spec.yaml"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.Describe();
  EXPECT_EQ(to_stdout.out, ReadAll(SUBLEDGER_SOURCE_DIR "/metrics/alerts.yml"));

  WriteFile(out.Sub("bad.yaml"), "group: g\nmetrics:\n  m:\n    healthy: \">= 95%\"\n    critical: \"> 90%\"\n");
  CommandResult bad = RunSubledger({"alerts", "--spec", out.Sub("bad.yaml"), "--out", out.Sub("never.yml")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("line 5: metric m: critical '> 90%' is not on the bad side of healthy '>= 95%'"),
            std::string::npos)
      << bad.err;
  EXPECT_FALSE(std::filesystem::exists(out.Sub("never.yml")));

  EXPECT_EQ(RunSubledger({"alerts"}).exit_code, 2);
  EXPECT_EQ(RunSubledger({"alerts", "--spec", out.Sub("missing.yaml")}).exit_code, 1);
}

}  // namespace
}  // namespace subledger::testing
