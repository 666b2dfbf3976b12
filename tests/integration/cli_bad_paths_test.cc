// Every subledger command given a path that is a directory, a missing file,
// a FIFO or /dev/null -- as an input file, a key file, a spec, an output or
// a data dir -- ends with a clear message and an exit status, never an abort
// (it used to die of an uncaught std::ios_base::failure on a directory).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <filesystem>
#include <thread>

#include "tests/support/event_fixtures.h"
#include "tests/support/subledger_cli.h"
#include "tests/support/stripe_signature.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {
namespace {

// Writes `content` into a FIFO once a reader opens it, for up to `seconds`.
class FifoFeeder {
 public:
  FifoFeeder(std::string path, std::string content, double seconds = 20)
      : thread_([path = std::move(path), content = std::move(content), seconds] {
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(int(seconds * 1000));
          while (std::chrono::steady_clock::now() < deadline) {
            const int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0) {
              fcntl(fd, F_SETFL, 0);
              if (!content.empty() && write(fd, content.data(), content.size()) < 0) {
              }
              close(fd);
              return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));  // ENXIO: no reader yet
          }
        }) {}
  ~FifoFeeder() { thread_.join(); }

 private:
  std::thread thread_;
};

class CliBadPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_);
    ASSERT_EQ(mkfifo(fifo_.c_str(), 0600), 0);
    WriteFile(events_, SyntheticEvent("evt_bad_paths_1", NowUnixSeconds() - 60) + "\n");
  }
  std::string FreshDataDir() { return tmp_.Sub("data_" + std::to_string(++fresh_)); }

  // Runs the command; `fifo_input` feeds the FIFO when the command reads it.
  void ExpectClearOutcome(const std::string& what, const std::vector<std::string>& args,
                          const std::string& fifo_input = "") {
    std::unique_ptr<FifoFeeder> feeder;
    if (std::find(args.begin(), args.end(), fifo_) != args.end() && !fifo_input.empty()) {
      feeder = std::make_unique<FifoFeeder>(fifo_, fifo_input == "<empty>" ? "" : fifo_input);
    }
    CommandResult r = RunSubledger(args, 30);
    feeder.reset();
    SCOPED_TRACE(what);
    EXPECT_FALSE(r.timed_out) << r.Describe();
    EXPECT_EQ(r.term_signal, 0) << "killed by a signal: " << r.Describe();
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2) << r.Describe();
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << "an exception escaped: " << r.err;
    if (r.exit_code != 0) {
      // "subledger <cmd>: why" ("subledger stripe create-customer: why").
      EXPECT_EQ(r.err.rfind("subledger " + args[0], 0), 0u) << "unclear message: " << r.err;
      EXPECT_NE(r.err.find(": "), std::string::npos) << "unclear message: " << r.err;
    }
  }

  TempDir tmp_{"subledger-bad-paths-"};
  const std::string dir_ = tmp_.Sub("a_directory");
  const std::string fifo_ = tmp_.Sub("a_fifo");
  const std::string events_ = tmp_.Sub("events.jsonl");
  int fresh_ = 0;
};

TEST_F(CliBadPathsTest, EveryCommandOnADirectoryAMissingFileAFifoAndDevNull) {
  struct Path {
    std::string name, path, fifo_input_event, fifo_input_key;
  };
  const std::vector<Path> paths = {
      {"a directory", dir_, "", ""},
      {"a missing file", "", "", ""},
      {"a FIFO", fifo_, SyntheticEvent("evt_from_fifo", NowUnixSeconds() - 60) + "\n", "not a key"},
      {"/dev/null", "/dev/null", "", ""},
  };
  const std::string spec = SourceDir() + "/metrics/monitoring-spec.yaml";
  for (const Path& p : paths) {
    SCOPED_TRACE(p.name);
    // A missing path is a new one each time (a writer would create it).
    auto X = [&] { return p.path == "" ? tmp_.Sub("no_such_" + std::to_string(++fresh_)) : p.path; };
    ExpectClearOutcome("import FILE", {"import", "--data-dir", FreshDataDir(), X()}, p.fifo_input_event);
    ExpectClearOutcome("import FILE twice", {"import", "--data-dir", FreshDataDir(), events_, X()},
                       p.fifo_input_event);
    if (p.path != dir_) {  // a directory is a fine data dir; the others are not
      ExpectClearOutcome("import --data-dir", {"import", "--data-dir", X(), events_});
      ExpectClearOutcome("report --data-dir", {"report", "--data-dir", X()});
      ExpectClearOutcome("rebuild --data-dir", {"rebuild", "--data-dir", X()});
    }
    ExpectClearOutcome("export --data-dir", {"export", "--data-dir", X()});
    ExpectClearOutcome("verify --data-dir", {"verify", "--data-dir", X()});
    ExpectClearOutcome("backfill --stripe-key-file",
                       {"backfill", "--data-dir", FreshDataDir(), "--stripe-key-file", X()}, p.fifo_input_key);
    ExpectClearOutcome("refetch --stripe-key-file",
                       {"refetch", "--data-dir", FreshDataDir(), "--stripe-key-file", X(), "sub_123"},
                       p.fifo_input_key);
    ExpectClearOutcome("stripe --stripe-key-file",
                       {"stripe", "create-customer", "--email", "a@example.com", "--stripe-key-file", X()},
                       p.fifo_input_key);
    ExpectClearOutcome("alerts --spec", {"alerts", "--spec", X()}, "<empty>");
    if (p.path != "/dev/null") {  // never let a test rename anything over /dev/null
      ExpectClearOutcome("alerts --out", {"alerts", "--spec", spec, "--out", X()});
    }
  }
  // The FIFO and the directory are still what they were.
  struct stat st;
  ASSERT_EQ(stat(fifo_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_TRUE(std::filesystem::is_directory(dir_));
}

TEST_F(CliBadPathsTest, ImportNamesWhatIsWrongWithEachPath) {
  CommandResult on_dir = RunSubledger({"import", "--data-dir", FreshDataDir(), dir_});
  EXPECT_EQ(on_dir.exit_code, 1) << on_dir.Describe();
  EXPECT_NE(on_dir.err.find(dir_ + ": cannot read the file: is a directory"), std::string::npos) << on_dir.err;
  CommandResult missing = RunSubledger({"import", "--data-dir", FreshDataDir(), tmp_.Sub("nope.jsonl")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot read the file: no such file"), std::string::npos) << missing.err;
  CommandResult empty = RunSubledger({"import", "--data-dir", FreshDataDir(), "/dev/null"});
  EXPECT_EQ(empty.exit_code, 0) << empty.Describe();
  EXPECT_NE(empty.out.find("read 0, appended 0"), std::string::npos) << empty.out;
  {
    const std::string data = FreshDataDir();
    FifoFeeder feeder(fifo_, SyntheticEvent("evt_fifo_1", NowUnixSeconds() - 60) + "\n");
    CommandResult piped = RunSubledger({"import", "--data-dir", data, fifo_}, 30);
    EXPECT_EQ(piped.exit_code, 0) << piped.Describe();
    EXPECT_NE(piped.out.find("read 1, appended 1"), std::string::npos) << piped.out;
  }
  CommandResult spec = RunSubledger({"alerts", "--spec", dir_});
  EXPECT_EQ(spec.exit_code, 1);
  EXPECT_NE(spec.err.find("is a directory"), std::string::npos) << spec.err;
  CommandResult out = RunSubledger({"alerts", "--spec", SourceDir() + "/metrics/monitoring-spec.yaml", "--out", fifo_});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("not a regular file"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace subledger::testing
