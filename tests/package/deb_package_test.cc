// The Debian package (packaging/, tools/package): built with CPack from this
// build's binaries, unpacked into a throwaway root with dpkg-deb, it holds
// every file with its mode and owner, marks the settings and the secrets as
// conffiles, depends on the libraries dpkg-shlibdeps found, and its
// installed subledgerd runs. Its systemd unit passes `systemd-analyze
// verify` and scores OK in `systemd-analyze security` (offline: no running
// systemd needed; the root gets a copy of this machine's systemd units so
// that verify can resolve sysinit.target and friends).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

namespace fs = std::filesystem;

class DebPackageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir("subledger-deb-");
    const CommandResult built = RunCommand({"cpack", "-G", "DEB", "-B", tmp_->Sub("out"), "--config",
                                            BinaryDir() + "/CPackConfig.cmake"});
    ASSERT_EQ(built.exit_code, 0) << built.Describe() << built.out;
    for (const auto& entry : fs::directory_iterator(tmp_->Sub("out"))) {
      if (entry.path().extension() == ".deb") deb_ = entry.path().string();
    }
    ASSERT_FALSE(deb_.empty()) << built.out;
    ASSERT_EQ(RunCommand({"dpkg-deb", "-x", deb_, Root()}).exit_code, 0);
    ASSERT_EQ(RunCommand({"dpkg-deb", "-e", deb_, tmp_->Sub("control")}).exit_code, 0);
  }
  static void TearDownTestSuite() { delete tmp_; }

  static std::string Root() { return tmp_->Sub("root"); }
  static std::string Control(const std::string& name) { return ReadFile(tmp_->Sub("control") + "/" + name); }
  static std::string Unit() { return Root() + "/lib/systemd/system/subledgerd.service"; }

  // "path -> mode owner/group" from `dpkg-deb -c`, e.g. "./usr/bin/subledger" -> "-rwxr-xr-x root/root".
  static std::map<std::string, std::string> Listing() {
    std::map<std::string, std::string> out;
    std::istringstream in(RunCommand({"dpkg-deb", "-c", deb_}).out);
    for (std::string line; std::getline(in, line);) {
      std::istringstream fields(line);
      std::string mode, owner, size, date, time, path;
      fields >> mode >> owner >> size >> date >> time >> path;
      out[path] = mode + " " + owner;
    }
    return out;
  }

  static inline TempDir* tmp_ = nullptr;
  static inline std::string deb_;
};

TEST_F(DebPackageTest, IsNamedForTheVersionAndArchitecture) {
  const std::string arch = RunCommand({"dpkg", "--print-architecture"}).out;
  const std::string version = RunCommand({BinaryDir() + "/subledgerd", "--version"}).out;  // "subledgerd 0.1.0 (rev)"
  EXPECT_EQ(fs::path(deb_).filename().string(),
            "subledger_" + version.substr(11, version.find(' ', 11) - 11) + "_" + arch.substr(0, arch.size() - 1) + ".deb");
}

TEST_F(DebPackageTest, HoldsEveryFileWithItsModeOwnedByRoot) {
  const auto listing = Listing();
  const std::map<std::string, std::string> expected = {
      {"./usr/bin/subledgerd", "-rwxr-xr-x"},
      {"./usr/bin/subledger", "-rwxr-xr-x"},
      {"./lib/systemd/system/subledgerd.service", "-rw-r--r--"},
      {"./etc/subledger/subledgerd.json", "-rw-r--r--"},
      {"./etc/subledger/secrets.env", "-rw-------"},
      {"./usr/share/subledger/alerts.yml", "-rw-r--r--"},
      {"./usr/share/subledger/monitoring-spec.yaml", "-rw-r--r--"},
      {"./usr/share/subledger/prometheus.yml", "-rw-r--r--"},
      {"./usr/share/subledger/grafana-dashboard.json", "-rw-r--r--"},
      {"./usr/share/subledger/workflows/dunning.yaml", "-rw-r--r--"},
      {"./usr/share/subledger/workflows/process-payment.yaml", "-rw-r--r--"},
      {"./usr/share/subledger/workflows/trial-ending.yaml", "-rw-r--r--"},
      {"./usr/share/subledger/workflows/templates/dunning-day-0.txt", "-rw-r--r--"},
      {"./etc/subledger/", "drwxr-xr-x"},
  };
  for (const auto& [path, mode] : expected) {
    ASSERT_TRUE(listing.count(path)) << path;
    EXPECT_EQ(listing.at(path), mode + " root/root") << path;
  }
  for (const auto& [path, mode] : listing) EXPECT_NE(mode.find(" root/root"), std::string::npos) << path;
  EXPECT_EQ(ReadFile(Root() + "/usr/share/subledger/alerts.yml"), ReadFile(SourceDir() + "/metrics/alerts.yml"));
  EXPECT_EQ(ReadFile(Unit()), ReadFile(SourceDir() + "/packaging/subledgerd.service"));
}

TEST_F(DebPackageTest, TheSettingsAndTheSecretsAreConffilesAndNoSecretIsShipped) {
  EXPECT_EQ(Control("conffiles"), "/etc/subledger/subledgerd.json\n/etc/subledger/secrets.env\n");
  std::istringstream secrets(ReadFile(Root() + "/etc/subledger/secrets.env"));
  std::set<std::string> names;
  for (std::string line; std::getline(secrets, line);) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_EQ(line.back(), '=') << "a value is shipped: " << line;
    names.insert(line.substr(0, line.find('=')));
  }
  EXPECT_EQ(names, (std::set<std::string>{"STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET_KEY"}));
  // The installed daemon reads the conffile and gets as far as asking for the secret.
  CommandOptions no_secrets;
  no_secrets.unset_env = {"STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET_KEY"};
  const CommandResult run = RunCommand({Root() + "/usr/bin/subledgerd", "--config",
                                        Root() + "/etc/subledger/subledgerd.json", "--data-dir", tmp_->Sub("state")},
                                       no_secrets);
  EXPECT_EQ(run.exit_code, 2) << run.Describe();
  EXPECT_NE(run.err.find("no webhook signing secret"), std::string::npos) << run.err;
}

TEST_F(DebPackageTest, DependsOnTheLibrariesDpkgShlibdepsFound) {
  const std::string control = Control("control");
  std::smatch depends;
  ASSERT_TRUE(std::regex_search(control, depends, std::regex("\nDepends: ([^\n]*)")));
  for (const char* package : {"adduser", "libc6 (>=", "librocksdb", "libsystemd0", "libcurl4", "libssl3",
                              "libtcmalloc-minimal4"}) {
    EXPECT_NE(depends[1].str().find(package), std::string::npos) << package << " in " << depends[1];
  }
  for (const char* script : {"postinst", "prerm", "postrm"}) {
    const std::string path = tmp_->Sub("control") + "/" + script;
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms(0755)) << script;
    EXPECT_EQ(RunCommand({"sh", "-n", path}).exit_code, 0) << script;
  }
  EXPECT_NE(Control("postinst").find("adduser --system --group"), std::string::npos);
}

TEST_F(DebPackageTest, TheInstalledBinariesRun) {
  const CommandResult help = RunCommand({Root() + "/usr/bin/subledgerd", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.Describe();
  EXPECT_EQ(help.out.rfind("usage: subledgerd", 0), 0u) << help.out;
  const CommandResult cli = RunCommand({Root() + "/usr/bin/subledger", "help"});
  EXPECT_EQ(cli.exit_code, 0) << cli.Describe();
  EXPECT_NE(cli.out.find("report"), std::string::npos);
}

TEST_F(DebPackageTest, TheUnitPassesSystemdAnalyzeVerify) {
  // sysinit.target, basic.target, ... from this machine; the package's unit and binary from the root.
  for (const auto& unit : fs::directory_iterator("/usr/lib/systemd/system")) {
    fs::copy(unit.path(), Root() + "/lib/systemd/system/" + unit.path().filename().string(),
             fs::copy_options::skip_existing | fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  const CommandResult verify = RunCommand({"systemd-analyze", "verify", "--man=no", "--root=" + Root(),
                                           "/lib/systemd/system/subledgerd.service"});
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
  EXPECT_EQ(verify.out + verify.err, "") << "verify warns: unknown keys, bad values";
}

TEST_F(DebPackageTest, TheUnitIsHardenedAndSystemdAnalyzeSecurityScoresItOk) {
  const std::string unit = ReadFile(Unit());
  for (const char* line : {"Type=notify", "WatchdogSec=", "Restart=on-failure", "User=subledger",
                           "StateDirectory=subledger", "EnvironmentFile=/etc/subledger/secrets.env",
                           "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                           "PrivateDevices=yes", "CapabilityBoundingSet=\n",
                           "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
                           "MemoryDenyWriteExecute=yes", "LimitCORE=0"}) {
    EXPECT_NE(unit.find(std::string("\n") + line), std::string::npos) << line;
  }
  const CommandResult security = RunCommand({"systemd-analyze", "security", "--offline=yes", "--threshold=20",
                                             "--root=" + Root(), "/lib/systemd/system/subledgerd.service"});
  EXPECT_EQ(security.exit_code, 0) << "exposure over 2.0: " << security.Describe() << security.out;
  std::smatch score;
  ASSERT_TRUE(std::regex_search(security.out, score, std::regex("Overall exposure level for subledgerd.service: ([0-9.]+) (\\w+)")))
      << security.out;
  EXPECT_LE(std::stod(score[1]), 2.0);
  EXPECT_EQ(score[2], "OK");
  RecordProperty("exposure", score[1].str());
  std::printf("systemd-analyze security: %s %s\n", score[1].str().c_str(), score[2].str().c_str());
}

}  // namespace
}  // namespace subledger::testing
