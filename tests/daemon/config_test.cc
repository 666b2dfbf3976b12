// DaemonConfig: flags, --config file, environment, precedence and errors.
#include "daemon/config.h"

#include <gtest/gtest.h>

#include <map>

#include "daemon/listen_address.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

Result<DaemonConfig> Parse(std::vector<std::string> args,
                           std::map<std::string, std::string> env = {}) {
  return ParseDaemonConfig(args, [env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(DaemonConfigTest, DefaultsMatchTheDocumentedContract) {
  const auto c = Parse({});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->data_dir, "./data");
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->admin_listen, "127.0.0.1:9090");
  EXPECT_EQ(c->signature_tolerance_seconds, 300);
  EXPECT_EQ(c->max_body_bytes, 1u << 20);
  EXPECT_EQ(c->threads, DefaultIoThreads());
  EXPECT_GE(DefaultIoThreads(), 1u);
  EXPECT_EQ(c->header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(c->body_timeout, std::chrono::seconds(30));
  EXPECT_TRUE(c->webhook_secrets.empty());
  EXPECT_FALSE(c->insecure_skip_signature);
  EXPECT_FALSE(c->dev);
}

TEST(DaemonConfigTest, FlagsInBothSpellings) {
  const auto c = Parse({"--data-dir", "/d", "--listen=0.0.0.0:0", "--admin-listen", "[::1]:9",
                        "--signature-tolerance", "0", "--max-body-bytes=2048",
                        "--max-connections", "7", "--header-timeout", "0.5", "--body-timeout=2",
                        "--threads", "3", "--port-file", "/p.json", "--insecure-skip-signature",
                        "--dev=false", "--quiet"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->data_dir, "/d");
  EXPECT_EQ(c->listen, "0.0.0.0:0");
  EXPECT_EQ(c->admin_listen, "[::1]:9");
  EXPECT_EQ(c->signature_tolerance_seconds, 0);
  EXPECT_EQ(c->max_body_bytes, 2048u);
  EXPECT_EQ(c->max_connections, 7u);
  EXPECT_EQ(c->header_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(c->body_timeout, std::chrono::seconds(2));
  EXPECT_EQ(c->threads, 3u);
  EXPECT_EQ(c->port_file, "/p.json");
  EXPECT_TRUE(c->insecure_skip_signature);
  EXPECT_FALSE(c->dev);
  EXPECT_TRUE(c->quiet);
}

TEST(DaemonConfigTest, SecretsComeFromTheEnvironmentCommaSeparated) {
  const auto c = Parse({}, {{"STRIPE_WEBHOOK_SECRET", "whsec_new, whsec_old,,"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->webhook_secrets, (std::vector<std::string>{"whsec_new", "whsec_old"}));
  EXPECT_TRUE(CheckSecrets(*c).ok());
}

TEST(DaemonConfigTest, NoSecretIsRefusedUnlessInsecureOrDev) {
  const auto none = Parse({});
  ASSERT_TRUE(none.ok());
  const Status s = CheckSecrets(*none);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("STRIPE_WEBHOOK_SECRET"), std::string::npos);
  EXPECT_TRUE(CheckSecrets(*Parse({"--insecure-skip-signature"})).ok());
  EXPECT_TRUE(CheckSecrets(*Parse({"--dev"})).ok());
  EXPECT_FALSE(CheckSecrets(*Parse({}, {{"STRIPE_WEBHOOK_SECRET", " , "}})).ok());
}

TEST(DaemonConfigTest, ConfigFileIsReadAndFlagsOverrideIt) {
  testing::TempDir tmp;
  const std::string path = tmp.Sub("subledgerd.json");
  testing::WriteFile(path, R"({"data-dir":"/from-file","listen":"127.0.0.1:1234",
      "threads":4,"signature-tolerance":60,"body-timeout":1.5,"quiet":true})");
  const auto c = Parse({"--listen", "127.0.0.1:5678", "--config", path});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->data_dir, "/from-file");
  EXPECT_EQ(c->listen, "127.0.0.1:5678");  // the flag wins, whatever the order
  EXPECT_EQ(c->threads, 4u);
  EXPECT_EQ(c->signature_tolerance_seconds, 60);
  EXPECT_EQ(c->body_timeout, std::chrono::milliseconds(1500));
  EXPECT_TRUE(c->quiet);
}

TEST(DaemonConfigTest, ConfigFileErrorsNameTheProblem) {
  testing::TempDir tmp;
  const std::string bad_json = tmp.Sub("bad.json");
  testing::WriteFile(bad_json, "{");
  const std::string unknown = tmp.Sub("unknown.json");
  testing::WriteFile(unknown, R"({"lisen":"127.0.0.1:1"})");
  const std::string wrong_type = tmp.Sub("type.json");
  testing::WriteFile(wrong_type, R"({"threads":[1]})");
  const std::string bad_value = tmp.Sub("value.json");
  testing::WriteFile(bad_value, R"({"threads":"many"})");
  const std::pair<std::string, std::string> cases[] = {
      {tmp.Sub("missing.json"), "missing.json: no such file"},
      {tmp.path().string(), "is a directory"},
      {bad_json, "not valid JSON"},
      {unknown, "\"lisen\": unknown setting"},
      {wrong_type, "expected a string, number or boolean"},
      {bad_value, "expected a whole number"},
  };
  for (const auto& [path, expect] : cases) {
    const auto c = Parse({"--config", path});
    ASSERT_FALSE(c.ok()) << path;
    EXPECT_EQ(c.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(c.status().message().find(expect), std::string::npos) << c.status().message();
  }
}

TEST(DaemonConfigTest, BadFlagsAreUsageErrors) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--nope"}, "unknown flag --nope"},
      {{"--listen"}, "--listen: missing value"},
      {{"--listen", "8080"}, "expected HOST:PORT"},
      {{"--listen", "127.0.0.1:65536"}, "port must be"},
      {{"--listen", "example.com:80"}, "IP address"},
      {{"--threads", "0"}, "at least 1"},
      {{"--threads", "65"}, "at most 64"},
      {{"--max-body-bytes", "-1"}, "whole number"},
      {{"--header-timeout", "0"}, "positive number of seconds"},
      {{"--body-timeout", "abc"}, "positive number of seconds"},
      {{"--dev=maybe"}, "true or false"},
      {{"stray"}, "unexpected argument"},
  };
  for (const auto& [args, expect] : cases) {
    const auto c = Parse(args);
    ASSERT_FALSE(c.ok()) << args[0];
    EXPECT_NE(c.status().message().find(expect), std::string::npos) << c.status().message();
  }
}

TEST(DaemonConfigTest, ReconcileSettingsTakeSpansAndARate) {
  const auto defaults = Parse({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->reconcile_interval_seconds, -1);  // not given: on only with a key
  EXPECT_EQ(defaults->reconcile_window_seconds, 3 * 86400);
  EXPECT_EQ(defaults->reconcile_settle_seconds, 300);
  EXPECT_DOUBLE_EQ(defaults->reconcile_max_rps, 1.0);

  const auto c = Parse({"--reconcile-interval", "15m", "--reconcile-window=2d", "--reconcile-settle",
                        "90", "--reconcile-max-rps", "2.5", "--stripe-api-base", "http://127.0.0.1:1",
                        "--stripe-key-file", "/run/secrets/stripe", "--stripe-version", "2024-06-20"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->reconcile_interval_seconds, 900);
  EXPECT_EQ(c->reconcile_window_seconds, 2 * 86400);
  EXPECT_EQ(c->reconcile_settle_seconds, 90);
  EXPECT_DOUBLE_EQ(c->reconcile_max_rps, 2.5);
  EXPECT_EQ(c->stripe_api_base, "http://127.0.0.1:1");
  EXPECT_EQ(c->stripe_key_file, "/run/secrets/stripe");
  EXPECT_EQ(c->stripe_version, "2024-06-20");
  EXPECT_EQ(Parse({"--reconcile-interval", "0"})->reconcile_interval_seconds, 0);

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--reconcile-interval", "soon"}, {"--reconcile-interval", "-5m"},
        {"--reconcile-window", "1w"}, {"--reconcile-max-rps", "0"}, {"--reconcile-max-rps", "fast"},
        {"--stripe-key-file", ""}}) {
    const auto r = Parse(bad);
    ASSERT_FALSE(r.ok()) << bad[0] << " " << bad[1];
    EXPECT_NE(r.status().message().find(bad[0]), std::string::npos) << r.status().message();
  }
}

TEST(DaemonConfigTest, MetricsAccountsAreAListOfConnectedAccountIds) {
  EXPECT_TRUE(Parse({})->metrics_accounts.empty());
  const auto c = Parse({"--metrics-accounts", "acct_1Abc, acct_2XYZ"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->metrics_accounts, (std::vector<std::string>{"acct_1Abc", "acct_2XYZ"}));

  testing::TempDir tmp;
  const std::string list = tmp.Sub("list.json");
  testing::WriteFile(list, R"({"metrics-accounts":["acct_A","acct_B"]})");
  EXPECT_EQ(Parse({"--config", list})->metrics_accounts, (std::vector<std::string>{"acct_A", "acct_B"}));
  const std::string text = tmp.Sub("text.json");
  testing::WriteFile(text, R"({"metrics-accounts":"acct_C"})");
  EXPECT_EQ(Parse({"--config", text})->metrics_accounts, (std::vector<std::string>{"acct_C"}));
  EXPECT_EQ(Parse({"--config", text, "--metrics-accounts=acct_D"})->metrics_accounts,
            (std::vector<std::string>{"acct_D"}));  // the flag wins

  std::string many;
  for (int i = 0; i <= 100; ++i) many += "acct_" + std::to_string(i) + ",";
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--metrics-accounts", ""}, "expected acct_"},
      {{"--metrics-accounts", "platform"}, "\"platform\" is not a connected account id"},
      {{"--metrics-accounts", "acct_1,cus_2"}, "\"cus_2\" is not"},
      {{"--metrics-accounts", "acct_"}, "is not"},
      {{"--metrics-accounts", "acct_a\"b"}, "is not"},
      {{"--metrics-accounts", many}, "at most 100 accounts"},
  };
  for (const auto& [args, expect] : cases) {
    const auto bad = Parse(args);
    ASSERT_FALSE(bad.ok()) << args[1];
    EXPECT_NE(bad.status().message().find(expect), std::string::npos) << bad.status().message();
  }
  const std::string wrong = tmp.Sub("wrong.json");
  testing::WriteFile(wrong, R"({"metrics-accounts":[1]})");
  EXPECT_NE(Parse({"--config", wrong}).status().message().find("array of strings"), std::string::npos);
}

TEST(DaemonConfigTest, HelpAndVersionShortCircuit) {
  EXPECT_TRUE(Parse({"--help", "--nope"})->show_help);
  EXPECT_TRUE(Parse({"-h"})->show_help);
  EXPECT_TRUE(Parse({"--version"})->show_version);
  EXPECT_NE(DaemonUsage().find("--insecure-skip-signature"), std::string::npos);
  EXPECT_NE(DaemonUsage().find("--port-file"), std::string::npos);
}

TEST(DaemonConfigTest, WorkflowSettingsAreFlagsButSmtpCredentialsOnlyAFile) {
  const auto c = Parse({"--workflows", "/etc/wf", "--workflow-templates", "/etc/tpl", "--smtp-url",
                        "smtps://mail.example.com:465", "--smtp-from", "billing@example.com",
                        "--smtp-credentials-file", "/etc/smtp.cred"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->workflows_dir, "/etc/wf");
  EXPECT_EQ(c->workflow_templates, "/etc/tpl");
  EXPECT_EQ(c->smtp_url, "smtps://mail.example.com:465");
  EXPECT_EQ(c->smtp_from, "billing@example.com");
  EXPECT_EQ(c->smtp_credentials_file, "/etc/smtp.cred");
  EXPECT_FALSE(Parse({"--smtp-password", "hunter2"}).ok());
  EXPECT_NE(DaemonUsage().find("--workflows DIR"), std::string::npos);
}

TEST(DaemonConfigTest, DevSecretsLookLikeStripeSecretsAndDiffer) {
  const std::string a = GenerateDevSecret();
  const std::string b = GenerateDevSecret();
  EXPECT_TRUE(a.starts_with("whsec_"));
  EXPECT_EQ(a.size(), 6u + 32u);
  EXPECT_NE(a, b);
}

TEST(ListenAddressTest, ParsesTheAcceptedForms) {
  EXPECT_EQ(FormatEndpoint(*ParseListenAddress("127.0.0.1:8080")), "127.0.0.1:8080");
  EXPECT_EQ(FormatEndpoint(*ParseListenAddress(":9")), "0.0.0.0:9");
  EXPECT_EQ(FormatEndpoint(*ParseListenAddress("localhost:0")), "127.0.0.1:0");
  EXPECT_EQ(FormatEndpoint(*ParseListenAddress("[::1]:80")), "[::1]:80");
  EXPECT_FALSE(ParseListenAddress("::1:80").ok());
  EXPECT_FALSE(ParseListenAddress("[::1]80").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:8x").ok());
}

}  // namespace
}  // namespace subledger
