// The data directory's permissions and writability (ledger/data_dir.h), and
// reading a named file whatever it turns out to be (ledger/read_file.h).
#include "ledger/data_dir.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "ledger/event_log.h"
#include "ledger/read_file.h"
#include "tests/support/temp_dir.h"

namespace subledger {
namespace {

unsigned ModeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(DataDirTest, ANewDataDirIsPrivateWhateverTheUmask) {
  testing::TempDir tmp;
  const mode_t old = umask(022);
  ASSERT_TRUE(CreatePrivateDirectory(tmp.Sub("a/b/data")).ok());
  umask(old);
  EXPECT_EQ(ModeOf(tmp.Sub("a/b/data")), 0700u);
  EXPECT_FALSE(DataDirExposure(tmp.Sub("a/b/data")).has_value());
  // An existing directory is left alone, and named when others can read it.
  ASSERT_EQ(chmod(tmp.Sub("a/b/data").c_str(), 0750), 0);
  ASSERT_TRUE(CreatePrivateDirectory(tmp.Sub("a/b/data")).ok());
  EXPECT_EQ(ModeOf(tmp.Sub("a/b/data")), 0750u);
  EXPECT_EQ(DataDirExposure(tmp.Sub("a/b/data")), "0750");
  EXPECT_FALSE(DataDirExposure(tmp.Sub("missing")).has_value());
  // A file in the way is an error, not a directory.
  testing::WriteFile(tmp.Sub("file"), "x");
  EXPECT_FALSE(CreatePrivateDirectory(tmp.Sub("file")).ok());
  EXPECT_FALSE(CreatePrivateDirectory("/dev/null").ok());
}

TEST(DataDirTest, TheEventLogCreatesItsDirectoryPrivate) {
  testing::TempDir tmp;
  EventLogOptions options;
  options.data_dir = tmp.Sub("log");
  auto log = EventLog::Open(options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(ModeOf(options.data_dir), 0700u);
}

TEST(DataDirTest, ARelativeDataDirOfOneComponentIsCreated) {
  testing::TempDir tmp;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(tmp.path());
  const Status st = CreatePrivateDirectory("d");
  const bool made = std::filesystem::is_directory(tmp.path() / "d");
  std::filesystem::current_path(cwd);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(made);
}

TEST(DataDirTest, AReadOnlyCopyIsReadWithoutTheLockAndWritersSaySo) {
  testing::TempDir tmp;
  EXPECT_EQ(ProbeDataDir(tmp.Sub("missing")), DataDirAccess::kMissing);
  EXPECT_EQ(ProbeDataDir(tmp.path().string()), DataDirAccess::kWritable);
  {
    EventLogOptions options;
    options.data_dir = tmp.Sub("log");
    auto log = EventLog::Open(options);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->Append(PendingEvent{{"evt_ro", "a.b", 1700000000, "", "", false, "", ""}, "{}",
                                            EventSource::kImport})
                    .ok());
  }
  // A read-only bind mount of it (root, as in CI).
  const std::string copy = tmp.Sub("copy");
  ASSERT_EQ(mkdir(copy.c_str(), 0700), 0);
  // tools/test runs as root (it installs packages), as CI does; the
  // unprivileged variant of this check is ReadOnlyDataDirTest (integration).
  ASSERT_EQ(mount(tmp.Sub("log").c_str(), copy.c_str(), nullptr, MS_BIND, nullptr), 0)
      << "a bind mount needs root: " << std::strerror(errno);
  const bool ro = mount(nullptr, copy.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  std::string why;
  const DataDirAccess access = ProbeDataDir(copy, &why);
  EventLogOptions options;
  options.data_dir = copy;
  auto writer = EventLog::Open(options);
  options.read_only = true;
  auto reader = EventLog::Open(options);
  const uint64_t last = reader.ok() ? (*reader)->LastSequence() : 0;
  reader = Status::Internal("closed");
  umount2(copy.c_str(), MNT_DETACH);
  ASSERT_TRUE(ro);
  EXPECT_EQ(access, DataDirAccess::kReadOnly);
  EXPECT_EQ(why, "read-only file system");
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("the data directory is read-only (read-only file system)"),
            std::string::npos)
      << writer.status().ToString();
  EXPECT_EQ(writer.status().message().find("locked"), std::string::npos);
  EXPECT_EQ(last, 1u);
}

TEST(ReadFileTextTest, NamesWhatIsWrongAndReadsPipesAndDevices) {
  testing::TempDir tmp;
  testing::WriteFile(tmp.Sub("f"), "hello");
  EXPECT_EQ(*ReadFileText(tmp.Sub("f")), "hello");
  EXPECT_EQ(*ReadFileText("/dev/null"), "");
  const auto dir = ReadFileText(tmp.path().string());
  EXPECT_EQ(dir.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(dir.status().message().find("is a directory"), std::string::npos);
  const auto missing = ReadFileText(tmp.Sub("nope"));
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find(tmp.Sub("nope") + ": no such file"), std::string::npos);
  EXPECT_EQ(ReadFileText(tmp.Sub("f"), 3).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace subledger
