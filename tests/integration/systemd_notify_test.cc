// subledgerd speaks systemd's notify protocol (the packaged unit is
// Type=notify with WatchdogSec): READY=1 once it serves, WATCHDOG=1 every
// WATCHDOG_USEC/2 while its event loop runs, STOPPING=1 on shutdown. The
// test plays systemd's part: a datagram socket named by NOTIFY_SOCKET.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>

#include "tests/support/daemon_process.h"
#include "tests/support/temp_dir.h"

namespace subledger::testing {
namespace {

// The receiving end of NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << path;
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  // The next message, or "" after `seconds` without one.
  std::string Next(double seconds) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(seconds * 1000)) != 1) return "";
    char buf[1024];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }

 private:
  std::string path_;
  int fd_ = -1;
};

DaemonOptions Options(const TempDir& tmp, std::map<std::string, std::string> env) {
  return DaemonOptions{.data_dir = tmp.Sub("data"), .secrets = {"whsec_notify_test_0123456789abcdef"},
                       .extra_args = {}, .env = std::move(env)};
}

TEST(SystemdNotifyTest, ReadyWhenServingThenWatchdogPingsThenStopping) {
  TempDir tmp;
  NotifySocket systemd(tmp.Sub("notify"));
  DaemonProcess daemon(Options(tmp, {{"NOTIFY_SOCKET", tmp.Sub("notify")}, {"WATCHDOG_USEC", "200000"}}));
  ASSERT_EQ(daemon.Start(), "");
  EXPECT_EQ(systemd.Next(10).rfind("READY=1\n", 0), 0u);
  const auto start = std::chrono::steady_clock::now();
  int pings = 0;
  while (pings < 3 && std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    if (systemd.Next(1) == "WATCHDOG=1") ++pings;
  }
  EXPECT_EQ(pings, 3) << "a ping every 100 ms expected";
  EXPECT_EQ(daemon.Terminate(), 0);
  std::string last;
  for (std::string m = systemd.Next(2); !m.empty(); m = systemd.Next(2)) last = m;
  EXPECT_EQ(last, "STOPPING=1");
}

TEST(SystemdNotifyTest, NoWatchdogPingsUnlessSystemdAsks) {
  TempDir tmp;
  NotifySocket systemd(tmp.Sub("notify"));
  DaemonProcess daemon(Options(tmp, {{"NOTIFY_SOCKET", tmp.Sub("notify")}}));
  ASSERT_EQ(daemon.Start(), "");
  EXPECT_EQ(systemd.Next(10).rfind("READY=1\n", 0), 0u);
  EXPECT_EQ(systemd.Next(1), "") << "no WATCHDOG_USEC: no pings";
  EXPECT_EQ(daemon.Terminate(), 0);
  EXPECT_EQ(systemd.Next(5), "STOPPING=1");
}

}  // namespace
}  // namespace subledger::testing
