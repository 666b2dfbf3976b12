// What the data directory and the process give away, against the real
// binaries: a fresh data dir is 0700 and every file in it 0600 (daemon and
// CLI, RocksDB's own files included); an existing dir that others can read
// is warned about at start; a read-only copy can be exported, verified and
// reported on, and writers say it is read-only (not "locked"); subledgerd
// writes no core dump unless --allow-core-dumps.
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"
#include "tests/support/run_command.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

namespace fs = std::filesystem;

unsigned ModeOf(const fs::path& p) {
  struct stat st;
  EXPECT_EQ(stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

// Every file and directory under `dir` (and `dir` itself) is its owner's alone.
void ExpectPrivate(const std::string& dir) {
  EXPECT_EQ(ModeOf(dir), 0700u) << dir;
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const unsigned mode = ModeOf(entry.path());
    EXPECT_EQ(mode & 077, 0u) << entry.path() << " has mode 0" << std::oct << mode;
    files += entry.is_regular_file();
  }
  EXPECT_GE(files, 4u) << "expected RocksDB's files in " << dir;
}

std::string Events(int n, const std::string& prefix) {
  std::string text;
  for (int i = 0; i < n; ++i) text += SyntheticEvent(prefix + std::to_string(i), NowUnixSeconds() - 60) + "\n";
  return text;
}

class DataDirSecurityTest : public DaemonTest {};

TEST_F(DataDirSecurityTest, TheDaemonCreatesAPrivateDataDir) {
  StartDaemon();
  HttpClient client = Client();
  ASSERT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent("evt_private_1", NowUnixSeconds()))));
  ExpectPrivate(data_dir());  // while it runs: WAL, MANIFEST, LOCK, LOG, OPTIONS
  StopDaemon();
  ExpectPrivate(data_dir());
  EXPECT_EQ(daemon().Stderr().find("data_dir_not_private"), std::string::npos);
}

TEST_F(DataDirSecurityTest, EveryCliCommandThatWritesKeepsTheDataDirPrivate) {
  const std::string dir = tmp().Sub("cli_data");
  const std::string file = tmp().Sub("events.jsonl");
  WriteFile(file, Events(5, "evt_cli_private_"));
  ASSERT_EQ(RunSubledger({"import", "--data-dir", dir, file}).exit_code, 0);
  ExpectPrivate(dir);
  ASSERT_EQ(RunSubledger({"report", "--data-dir", dir, "--json"}).exit_code, 0);
  ASSERT_EQ(RunSubledger({"rebuild", "--data-dir", dir}).exit_code, 0);
  ExpectPrivate(dir);
  // Nested: missing parents are created, the data dir itself is 0700.
  const std::string nested = tmp().Sub("a/b/data");
  ASSERT_EQ(RunSubledger({"import", "--data-dir", nested, file}).exit_code, 0);
  ExpectPrivate(nested);
}

TEST_F(DataDirSecurityTest, AnExistingDataDirOthersCanReadIsWarnedAboutAtStart) {
  fs::create_directories(data_dir());
  ASSERT_EQ(chmod(data_dir().c_str(), 0755), 0);
  StartDaemon();
  const std::string log = daemon().Stderr();
  EXPECT_NE(log.find("\"msg\":\"data_dir_not_private\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"mode\":\"0755\""), std::string::npos) << log;
  EXPECT_NE(log.find("chmod 700"), std::string::npos) << log;
  EXPECT_EQ(ModeOf(data_dir()), 0755u) << "the operator's directory is not changed behind their back";
}

TEST_F(DataDirSecurityTest, CoreDumpsAreOffUnlessAllowed) {
  // Let the daemon inherit a core limit it could use, so the flag can show.
  struct rlimit limit;
  ASSERT_EQ(getrlimit(RLIMIT_CORE, &limit), 0);
  const struct rlimit saved = limit;
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_CORE, &limit), 0);
  auto core_limit_of = [](pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Max core file size", 0) == 0) return line;
    }
    return std::string("(no Max core file size line)");
  };

  StartDaemon();
  const std::string off = core_limit_of(daemon().pid());
  EXPECT_NE(off.find("Max core file size        0 "), std::string::npos) << off;
  EXPECT_NE(daemon().Stderr().find("\"core_dumps\":false"), std::string::npos) << daemon().Stderr();
  StopDaemon();

  StartDaemon({"--allow-core-dumps"});
  const std::string on = core_limit_of(daemon().pid());
  EXPECT_EQ(on.find("Max core file size        0 "), std::string::npos) << on;
  EXPECT_NE(daemon().Stderr().find("\"core_dumps\":true"), std::string::npos) << daemon().Stderr();
  StopDaemon();
  setrlimit(RLIMIT_CORE, &saved);
}

// A read-only copy of a data dir: a read-only bind mount (needs root, as in
// CI), or, for an unprivileged user, a tree without write permission.
class ReadOnlyDataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string file = tmp_.Sub("events.jsonl");
    WriteFile(file, Events(7, "evt_ro_"));
    ASSERT_EQ(RunSubledger({"import", "--data-dir", source_, file}).exit_code, 0);
    fs::create_directories(copy_);
    if (mount(source_.c_str(), copy_.c_str(), nullptr, MS_BIND, nullptr) == 0) {
      mounted_ = true;
      ASSERT_EQ(mount(nullptr, copy_.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr), 0)
          << std::strerror(errno);
    } else {
      ASSERT_NE(geteuid(), 0u) << "a read-only bind mount failed as root: " << std::strerror(errno);
      fs::remove(copy_);
      fs::copy(source_, copy_, fs::copy_options::recursive);
      for (const auto& e : fs::recursive_directory_iterator(copy_)) chmod(e.path().c_str(), e.is_directory() ? 0500 : 0400);
      chmod(copy_.c_str(), 0500);
    }
  }
  void TearDown() override {
    if (mounted_) umount2(copy_.c_str(), MNT_DETACH);
  }

  TempDir tmp_{"subledger-readonly-"};
  const std::string source_ = tmp_.Sub("data");
  const std::string copy_ = tmp_.Sub("backup");
  bool mounted_ = false;
};

TEST_F(ReadOnlyDataDirTest, ExportVerifyAndReportReadAReadOnlyCopy) {
  ExportResult exported = ExportLog(copy_);
  ASSERT_TRUE(exported.ok()) << exported.error;
  EXPECT_EQ(exported.events.size(), 7u);
  CommandResult verify = VerifyLog(copy_);
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
  // Never projected: report folds the whole log in memory.
  CommandResult fresh = RunSubledger({"report", "--data-dir", copy_, "--json"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.Describe();
  EXPECT_NE(fresh.err.find("read-only"), std::string::npos) << fresh.err;
  // The same report from the writable original (which persists its state,
  // seen through the bind mount too)...
  CommandResult original = RunSubledger({"report", "--data-dir", source_, "--json"});
  ASSERT_EQ(original.exit_code, 0) << original.Describe();
  EXPECT_EQ(fresh.out, original.out) << "the in-memory report differs from the persisted one";
  EXPECT_FALSE(original.out.empty());
  // ...and from the copy again, now starting at the persisted checkpoint.
  CommandResult resumed = RunSubledger({"report", "--data-dir", copy_, "--json"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.Describe();
  EXPECT_EQ(resumed.out, original.out);
}

TEST_F(ReadOnlyDataDirTest, WritersSayTheDirectoryIsReadOnlyNotLocked) {
  const std::string file = tmp_.Sub("more.jsonl");
  WriteFile(file, Events(1, "evt_ro_more_"));
  for (const std::vector<std::string>& args : {std::vector<std::string>{"import", "--data-dir", copy_, file},
                                               std::vector<std::string>{"rebuild", "--data-dir", copy_}}) {
    CommandResult r = RunSubledger(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.Describe();
    EXPECT_NE(r.err.find("the data directory is read-only"), std::string::npos) << args[0] << ": " << r.err;
    EXPECT_EQ(r.err.find("locked"), std::string::npos) << args[0] << ": " << r.err;
  }
  DaemonProcess d({.data_dir = copy_, .secrets = {"whsec_readonly_test"}, .extra_args = {}, .env = {},
                   .start_timeout_seconds = 30});
  ASSERT_EQ(d.Spawn(), "");
  EXPECT_EQ(d.WaitForExit(30), 1);
  EXPECT_NE(d.Stderr().find("the data directory is read-only"), std::string::npos) << d.Stderr();
  // The copy is exactly as it was.
  ExportResult exported = ExportLog(copy_);
  ASSERT_TRUE(exported.ok()) << exported.error;
  EXPECT_EQ(exported.events.size(), 7u);
}

}  // namespace
}  // namespace subledger::testing
