// The admin listener serves per-customer revenue and the metrics: the real
// daemon refuses to put it on a non-loopback address without a bearer token,
// and with --admin-token-file every admin request (/readyz, /metrics, the
// read API) needs "Authorization: Bearer <token>", while the public listener
// is unaffected. metrics/prometheus.yml's authorization block, uncommented,
// passes promtool.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"
#include "tests/support/run_command.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

constexpr const char* kToken = "3f1c9a7e5b2d4c6a8e0f1b3d5c7a9e2f";

class AdminAccessTest : public DaemonTest {
 protected:
  std::string TokenFile(const std::string& token = kToken) {
    const std::string path = tmp().Sub("admin-token");
    WriteFile(path, token + "\n");
    return path;
  }
  // Spawns subledgerd with `args` and expects it to refuse to start (exit 2),
  // saying `why`, without listening.
  void ExpectRefusedToStart(const std::vector<std::string>& args, const std::string& why) {
    DaemonProcess d({.data_dir = data_dir(), .secrets = {kSecret}, .extra_args = args, .env = {},
                     .start_timeout_seconds = 30});
    ASSERT_EQ(d.Spawn(), "");
    EXPECT_EQ(d.WaitForExit(30), 2) << d.Stderr();
    EXPECT_FALSE(std::filesystem::exists(d.port_file())) << "it listened anyway";
    EXPECT_NE(d.Stderr().find(why), std::string::npos) << d.Stderr();
  }
  static HttpResponse AdminGet(HttpClient& admin, const std::string& target, const std::string& authorization) {
    std::map<std::string, std::string> headers;
    if (!authorization.empty()) headers["Authorization"] = authorization;
    return admin.Request("GET", target, "", headers);
  }
};

TEST_F(AdminAccessTest, ANonLoopbackAdminListenerNeedsAToken) {
  for (const std::string address : {"0.0.0.0:0", ":0", "192.0.2.1:0", "[::]:0"}) {
    SCOPED_TRACE(address);
    ExpectRefusedToStart({"--admin-listen", address}, "is not a loopback address");
  }
  // A token file that is missing, a directory, or holds too short a token.
  ExpectRefusedToStart({"--admin-listen", "0.0.0.0:0", "--admin-token-file", tmp().Sub("nope")}, "no such file");
  ExpectRefusedToStart({"--admin-listen", "0.0.0.0:0", "--admin-token-file", tmp().path().string()},
                       "is a directory");
  ExpectRefusedToStart({"--admin-listen", "0.0.0.0:0", "--admin-token-file", TokenFile("short")},
                       "at least 16 printable characters");
  EXPECT_FALSE(std::filesystem::exists(data_dir())) << "a refused start must not create the data dir";
}

TEST_F(AdminAccessTest, WithATokenEveryAdminRequestNeedsIt) {
  StartDaemon({"--admin-listen", "0.0.0.0:0", "--admin-token-file", TokenFile()});
  ASSERT_TRUE(daemon().IsRunning());
  HttpClient admin = AdminClient(5);
  const std::string good = std::string("Bearer ") + kToken;
  for (const std::string target : {"/readyz", "/metrics", "/v1/report", "/v1/subscriptions/sub_x", "/nope"}) {
    SCOPED_TRACE(target);
    for (const std::string& bad : {std::string(), std::string("Bearer wrong-token-0123456789abcdef"),
                                  std::string("Basic ") + kToken, std::string(kToken),
                                  std::string("Bearer ") + kToken + "x", std::string("Bearer")}) {
      HttpResponse r = AdminGet(admin, target, bad);
      EXPECT_EQ(r.status, 401) << "Authorization: " << bad << " -> " << r.body;
      EXPECT_EQ(r.Header("www-authenticate").rfind("Bearer", 0), 0u) << r.Header("www-authenticate");
      EXPECT_TRUE(IsJsonObject(r.body)) << r.body;
      EXPECT_EQ(r.body.find("subledger_"), std::string::npos) << "metrics leaked without the token";
    }
  }
  EXPECT_EQ(AdminGet(admin, "/readyz", good).status, 200);
  EXPECT_EQ(AdminGet(admin, "/readyz", std::string("bearer ") + kToken).status, 200) << "the scheme is case-insensitive";
  HttpResponse metrics = AdminGet(admin, "/metrics", good);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("subledger_"), std::string::npos);
  EXPECT_EQ(AdminGet(admin, "/v1/report", good).status, 200);
  EXPECT_EQ(AdminGet(admin, "/nope", good).status, 404);
  // The public listener knows nothing of the token.
  HttpClient pub = Client(5);
  EXPECT_EQ(pub.Get("/healthz").status, 200);
  EXPECT_TRUE(IsFreshAck(PostSigned(pub, SyntheticEvent("evt_admin_token_1", NowUnixSeconds()))));
  // The token never reaches the log.
  EXPECT_EQ(daemon().Stderr().find(kToken), std::string::npos);
}

TEST_F(AdminAccessTest, ALoopbackAdminListenerWithATokenNeedsItToo) {
  StartDaemon({"--admin-token-file", TokenFile()});
  HttpClient admin = AdminClient(5);
  EXPECT_EQ(admin.Get("/readyz").status, 401);
  EXPECT_EQ(AdminGet(admin, "/readyz", std::string("Bearer ") + kToken).status, 200);
}

TEST_F(AdminAccessTest, TheCommittedPrometheusConfigsAuthorizationBlockPassesPromtool) {
  // Uncomment the block, point it at a token file, and let promtool check it.
  std::ifstream in(SourceDir() + "/metrics/prometheus.yml");
  std::ostringstream config;
  int uncommented = 0;
  for (std::string line; std::getline(in, line);) {
    const size_t indent = line.find_first_not_of(' ');
    if (indent != std::string::npos && indent > 0 && line.compare(indent, 2, "# ") == 0) {
      const std::string rest = line.substr(indent + 2);  // "authorization:", "  type: Bearer", ...
      const std::string trimmed = rest.substr(std::min(rest.size(), rest.find_first_not_of(' ')));
      for (const std::string key : {"authorization:", "type: Bearer", "credentials_file:"}) {
        if (trimmed.rfind(key, 0) != 0) continue;
        line = line.substr(0, indent) + rest;
        if (key == "credentials_file:") line = line.substr(0, line.find(key) + key.size()) + " " + TokenFile();
        ++uncommented;
      }
    }
    if (line.rfind("  - alerts.yml", 0) == 0) line = "  - " + SourceDir() + "/metrics/alerts.yml";
    config << line << "\n";
  }
  ASSERT_EQ(uncommented, 3) << "metrics/prometheus.yml lost its commented authorization block";
  const std::string path = tmp().Sub("prometheus.yml");
  WriteFile(path, config.str());
  CommandResult r = RunCommand({"promtool", "check", "config", path});
  EXPECT_EQ(r.exit_code, 0) << r.Describe() << "\n" << config.str();
  EXPECT_NE(config.str().find("\n    authorization:\n      type: Bearer\n      credentials_file: "), std::string::npos)
      << config.str();
}

}  // namespace
}  // namespace subledger::testing
