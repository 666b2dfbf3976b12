// Storage faults under the real binaries:
//  * a damaged data directory (CURRENT, MANIFEST, an SST or the WAL garbled
//    or truncated): subledgerd refuses to start with a message naming the
//    problem, and `subledger verify` exits non-zero naming it too;
//  * a full disk (a small tmpfs as the data dir): 503 with a JSON error and a
//    red /readyz, the daemon stays up, nothing acknowledged is lost, and with
//    space back it recovers by itself (and a restart serves too).
// The disk-full case mounts tmpfs and therefore needs root (CI runs as root);
// without it the test fails saying so rather than passing vacuously.
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <functional>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/ascii.h"
#include "tests/support/daemon_test.h"
#include "tests/support/event_fixtures.h"

namespace subledger::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> FilesWithSuffix(const std::string& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path OnlyManifest(const std::string& dir) {
  std::string current = ReadFile(dir + "/CURRENT");
  while (!current.empty() && (current.back() == '\n' || current.back() == '\r')) current.pop_back();
  return fs::path(dir) / current;
}

// Overwrites `count` bytes at `offset` (from the end when negative) with garbage.
void Garble(const fs::path& file, long offset, size_t count) {
  std::string bytes = ReadFile(file.string());
  ASSERT_GT(bytes.size(), count) << file;
  const size_t at = offset >= 0 ? static_cast<size_t>(offset) : bytes.size() - static_cast<size_t>(-offset);
  ASSERT_LE(at + count, bytes.size()) << file;
  for (size_t i = 0; i < count; ++i) bytes[at + i] = static_cast<char>(bytes[at + i] ^ 0x5a);
  WriteFile(file.string(), bytes);
}

void Truncate(const fs::path& file, double keep_fraction) {
  fs::resize_file(file, static_cast<uintmax_t>(static_cast<double>(fs::file_size(file)) * keep_fraction));
}

class DamagedDataDirTest : public DaemonTest {
 protected:
  // A log with SST files (events that were recovered into L0 by a restart)
  // and a live WAL (events after the restart), cleanly shut down.
  void SetUp() override {
    StartDaemon();
    HttpClient client = Client();
    for (int i = 0; i < 300; ++i) {
      const std::string id = "evt_disk_" + std::to_string(i);
      ASSERT_TRUE(IsFreshAck(PostSigned(client, SyntheticEvent(id, NowUnixSeconds())))) << id;
      if (i == 199) {
        StopDaemon();
        StartDaemon();
      }
    }
    StopDaemon();
    ASSERT_FALSE(FilesWithSuffix(data_dir(), ".sst").empty()) << "expected SST files after a restart";
    ASSERT_FALSE(FilesWithSuffix(data_dir(), ".log").empty()) << "expected a WAL";
  }

  // Applies `damage` to a copy of the data dir; the daemon must refuse to
  // start on it, and verify must fail; both outputs must mention one of
  // `words` (case-insensitive).
  void ExpectRefusedAndNamed(const std::string& what, const std::function<void(const std::string&)>& damage,
                             const std::vector<std::string>& words) {
    SCOPED_TRACE(what);
    const std::string copy = tmp().Sub("damaged_" + std::to_string(++copies_));
    fs::copy(data_dir(), copy, fs::copy_options::recursive);
    damage(copy);

    DaemonOptions options;
    options.data_dir = copy;
    options.secrets = {kSecret};
    DaemonProcess d(options);
    ASSERT_EQ(d.Spawn(), "");
    const int code = d.WaitForExit(60);
    const std::string log = AsciiLower(d.Stderr());
    EXPECT_NE(code, 0) << "subledgerd started on a damaged data dir (" << what << ")";
    EXPECT_NE(code, -1) << "subledgerd neither started nor exited";
    if (code == -1) d.Kill();
    bool named = false;
    for (const std::string& w : words) named |= log.find(AsciiLower(w)) != std::string::npos;
    EXPECT_TRUE(named) << "subledgerd's refusal does not name the problem:\n" << log;

    CommandResult v = VerifyLog(copy);
    EXPECT_NE(v.exit_code, 0) << "verify passed a damaged data dir: " << v.Describe();
    const std::string said = AsciiLower(v.out + v.err);
    named = false;
    for (const std::string& w : words) named |= said.find(AsciiLower(w)) != std::string::npos;
    EXPECT_TRUE(named) << "verify does not name the problem:\n" << said;
  }

  int copies_ = 0;
};

TEST_F(DamagedDataDirTest, MissingCurrentFile) {
  ExpectRefusedAndNamed("CURRENT deleted", [](const std::string& d) { fs::remove(d + "/CURRENT"); },
                        {"CURRENT", "damaged", "corrupt"});
}

TEST_F(DamagedDataDirTest, CurrentPointingAtAMissingManifest) {
  ExpectRefusedAndNamed("CURRENT garbled",
                        [](const std::string& d) { WriteFile(d + "/CURRENT", "MANIFEST-999999\n"); },
                        {"MANIFEST-999999"});
}

TEST_F(DamagedDataDirTest, TruncatedManifest) {
  // RocksDB treats a short MANIFEST as a torn write and opens the last
  // complete version: the SST holding the first events is no longer part of
  // the database. The log must not go on as if nothing happened.
  ExpectRefusedAndNamed("MANIFEST truncated", [](const std::string& d) { Truncate(OnlyManifest(d), 0.5); },
                        {"MANIFEST", "corrupt", "gap", "missing"});
}

TEST_F(DamagedDataDirTest, TruncatedSstFile) {
  ExpectRefusedAndNamed("SST truncated",
                        [](const std::string& d) { Truncate(FilesWithSuffix(d, ".sst").front(), 0.5); },
                        {".sst", "corrupt"});
}

TEST_F(DamagedDataDirTest, GarbledSstDataBlockIsNamedByVerifyAndExportNeverSkipsIt) {
  // The middle of the largest SST: event bodies. Block checksums are checked
  // when a block is read, so only a full read notices; subledgerd does not
  // read the whole log at start-up. verify and export must not pass over it.
  const std::string copy = tmp().Sub("damaged_sst");
  fs::copy(data_dir(), copy, fs::copy_options::recursive);
  std::vector<fs::path> ssts = FilesWithSuffix(copy, ".sst");
  fs::path biggest = *std::max_element(ssts.begin(), ssts.end(), [](const fs::path& a, const fs::path& b) {
    return fs::file_size(a) < fs::file_size(b);
  });
  Garble(biggest, static_cast<long>(fs::file_size(biggest) / 3), 64);

  CommandResult v = VerifyLog(copy);
  EXPECT_NE(v.exit_code, 0) << "verify passed a garbled SST: " << v.Describe();
  const std::string said = AsciiLower(v.out + v.err);
  EXPECT_TRUE(said.find("corrupt") != std::string::npos || said.find("checksum") != std::string::npos)
      << "verify does not name the problem:\n" << said;

  ExportResult exported = ExportLog(copy);
  EXPECT_NE(exported.command.exit_code, 0) << "export silently skipped a garbled block: "
                                           << exported.events.size() << " events exported";
  const std::string export_said = AsciiLower(exported.command.err);
  EXPECT_TRUE(export_said.find("corrupt") != std::string::npos ||
              export_said.find("checksum") != std::string::npos)
      << "export does not name the problem:\n" << export_said;
}

TEST_F(DamagedDataDirTest, GarbledWalRecordInTheMiddle) {
  // Acknowledged events live in the WAL until flushed: a damaged record in
  // the middle of it must not silently drop the events after it.
  ExpectRefusedAndNamed("WAL garbled mid-file",
                        [](const std::string& d) {
                          fs::path wal = FilesWithSuffix(d, ".log").back();
                          Garble(wal, static_cast<long>(fs::file_size(wal) / 2), 32);
                        },
                        {".log", "corrupt", "checksum"});
}

// ---------------------------------------------------------------------------

class DiskFullTest : public DaemonTest {
 protected:
  void SetUp() override {
    // The mount point itself is the data dir, so the daemon's own log files
    // (DaemonProcess writes them next to the data dir) stay off the tmpfs.
    mount_point_ = tmp().Sub("data_tmpfs");
    fs::create_directories(mount_point_);
    ASSERT_EQ(mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=8m"), 0)
        << "mounting a tmpfs for the disk-full test failed (" << std::strerror(errno)
        << "); it needs root (CAP_SYS_ADMIN)";
    mounted_ = true;
  }
  void TearDown() override {
    if (daemon_) daemon_->Kill();
    if (mounted_) umount2(mount_point_.c_str(), MNT_DETACH);
  }
  std::string TmpfsDataDir() const { return mount_point_; }

  std::string mount_point_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, FullDiskAnswers503AndRedReadyzLosesNothingAndServesAgainWithSpace) {
  DaemonOptions options;
  options.data_dir = TmpfsDataDir();
  options.secrets = {kSecret};
  daemon_ = std::make_unique<DaemonProcess>(options);
  ASSERT_EQ(daemon_->Start(), "");
  const pid_t pid = daemon_->pid();

  // Fill the disk through the front door: post until the first 503 (bounded).
  HttpClient client = Client(30);
  std::set<std::string> acked;
  HttpResponse full;
  for (int i = 0; i < 20000; ++i) {
    const std::string id = "evt_full_" + std::to_string(i);
    HttpResponse r = PostSigned(client, SyntheticEvent(id, NowUnixSeconds()));
    if (IsFreshAck(r)) {
      acked.insert(id);
      continue;
    }
    full = r;
    break;
  }
  ASSERT_EQ(full.status, 503) << "expected 503 once the disk is full, got " << full.status << " " << full.error
                              << " " << full.body << " after " << acked.size() << " events";
  EXPECT_TRUE(IsJsonObject(full.body)) << full.body;
  EXPECT_GT(acked.size(), 100u);

  // Still up, but saying so: /healthz and /readyz answer 503 while the log
  // is failed (ingest/public_routes.h), later writes keep failing cleanly
  // (no 200 for what is not durable).
  EXPECT_TRUE(daemon_->IsRunning());
  EXPECT_EQ(daemon_->pid(), pid);
  HttpResponse health = Client(5).Get("/healthz");
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_TRUE(IsJsonObject(health.body)) << health.body;
  HttpResponse ready = AdminClient(5).Get("/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  for (int i = 0; i < 5; ++i) {
    HttpResponse r = PostSigned(client, SyntheticEvent("evt_full_after_" + std::to_string(i), NowUnixSeconds()));
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.body, full.body);
  }
  // The public listener (unauthenticated) gives a generic reason; RocksDB's
  // text, with the data directory's path, is for the operator: the admin
  // /readyz and the log.
  for (const HttpResponse* r : {&full, &health}) {
    EXPECT_EQ(r->body.find(TmpfsDataDir()), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("No space"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("IO error"), std::string::npos) << r->body;
    EXPECT_NE(r->body.find("event log unavailable"), std::string::npos) << r->body;
  }
  EXPECT_NE(ready.body.find("No space left"), std::string::npos) << ready.body;
  EXPECT_NE(daemon_->Stderr().find("\"detail\":"), std::string::npos) << "the 503's detail is not in the log";

  // Space comes back (the tmpfs grows). The log recovers from a full disk by
  // itself (ledger/event_log.h: it reopens its database with back-off up to
  // 5 s): /readyz turns green and webhooks get 200 again, in the same process.
  ASSERT_EQ(mount("tmpfs", mount_point_.c_str(), "tmpfs", MS_REMOUNT, "size=64m"), 0) << std::strerror(errno);
  HttpResponse recovered;
  for (int i = 0; i < 300; ++i) {  // up to 30 s
    recovered = AdminClient(5).Get("/readyz");
    if (recovered.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(recovered.status, 200) << "no recovery without a restart: " << recovered.body;
  EXPECT_EQ(daemon_->pid(), pid);
  EXPECT_EQ(Client(5).Get("/healthz").status, 200);
  HttpClient again = Client(10);
  EXPECT_TRUE(IsFreshAck(PostSigned(again, SyntheticEvent("evt_full_recovered", NowUnixSeconds()))));
  for (int i = 0; i < 3; ++i) {  // acknowledged before the disk filled: duplicates now
    EXPECT_TRUE(IsDuplicateAck(PostSigned(again, SyntheticEvent("evt_full_" + std::to_string(i), NowUnixSeconds()))));
  }
  // Answered 503 while the disk was full: Stripe redelivers, and now they land.
  for (int i = 0; i < 5; ++i) {
    HttpResponse r = PostSigned(again, SyntheticEvent("evt_full_after_" + std::to_string(i), NowUnixSeconds()));
    EXPECT_TRUE(IsFreshAck(r) || IsDuplicateAck(r)) << r.status << " " << r.body;
  }
  EXPECT_EQ(daemon_->Terminate(60), 0) << "no clean shutdown after recovering from a full disk";

  // And a restart on the recovered data dir serves too.
  ASSERT_EQ(daemon_->Start(), "");
  EXPECT_EQ(AdminClient(5).Get("/readyz").status, 200);
  EXPECT_TRUE(IsDuplicateAck(PostSigned(again, SyntheticEvent("evt_full_recovered", NowUnixSeconds()))));
  daemon_->Terminate(60);

  // Nothing acknowledged was lost; the log verifies.
  ExportResult exported = ExportLog(TmpfsDataDir());
  ASSERT_TRUE(exported.ok()) << exported.error;
  std::set<std::string> stored;
  for (const ExportedEvent& e : exported.events) stored.insert(e.id);
  size_t lost = 0;
  for (const std::string& id : acked) lost += stored.count(id) ? 0 : 1;
  EXPECT_EQ(lost, 0u) << "of " << acked.size() << " acknowledged before the disk filled";
  EXPECT_EQ(stored.count("evt_full_recovered"), 1u);
  CommandResult v = VerifyLog(TmpfsDataDir());
  EXPECT_EQ(v.exit_code, 0) << v.Describe();
}

}  // namespace
}  // namespace subledger::testing
