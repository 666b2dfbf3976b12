#include "tests/support/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.h"
#include "tests/support/run_command.h"
#include "tests/support/test_paths.h"

namespace subledger::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::string Tail(const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(s.size() - n); }

}  // namespace

DaemonProcess::DaemonProcess(DaemonOptions options) : options_(std::move(options)) {}

DaemonProcess::~DaemonProcess() {
  Kill();
  if (::testing::Test::HasFailure()) {
    std::fprintf(stderr, "---- subledgerd stderr (%s), last 4000 bytes ----\n%s\n----\n",
                 stderr_path().c_str(), Tail(Stderr(), 4000).c_str());
  }
}

std::string DaemonProcess::Stderr() const {
  std::ifstream in(stderr_path(), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string DaemonProcess::Spawn() {
  if (pid_ > 0) return "already running";
  signal(SIGPIPE, SIG_IGN);
  std::error_code ec;
  std::filesystem::remove(port_file(), ec);
  public_port_ = admin_port_ = 0;

  const bool reuse = options_.keep_ports_across_restarts && last_public_port_ != 0;
  const std::string public_addr = "127.0.0.1:" + std::to_string(reuse ? last_public_port_ : 0);
  const std::string admin_addr = "127.0.0.1:" + std::to_string(reuse ? last_admin_port_ : 0);
  std::vector<std::string> argv = {DaemonBinary(), "--data-dir",     options_.data_dir, "--listen",
                                   public_addr,    "--admin-listen", admin_addr,        "--port-file",
                                   port_file()};
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::map<std::string, std::string> set;
  std::vector<std::string> unset;
  if (options_.secrets.empty()) {
    unset.push_back("STRIPE_WEBHOOK_SECRET");
  } else {
    std::string joined;
    for (const auto& s : options_.secrets) joined += (joined.empty() ? "" : ",") + s;
    set["STRIPE_WEBHOOK_SECRET"] = joined;
  }
  for (const char* name : {"STRIPE_SECRET_KEY", "STRIPE_API_BASE", "STRIPE_API_VERSION"}) {
    if (!options_.env.count(name)) unset.push_back(name);
  }
  for (const auto& [name, value] : options_.env) set[name] = value;
  std::vector<std::string> env = BuildEnvironment(set, unset);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : env) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  int rc = posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    return "spawn " + argv[0] + ": " + std::strerror(rc);
  }
  return "";
}

std::string DaemonProcess::Start() {
  std::string err = Spawn();
  if (!err.empty()) return err;
  const auto deadline = Clock::now() + std::chrono::milliseconds(
                                           static_cast<int64_t>(options_.start_timeout_seconds * 1000));
  auto failure = [&](const std::string& what) {
    return what + "; stderr tail:\n" + Tail(Stderr(), 2000);
  };
  // 1. The port file, once both listeners are bound.
  while (public_port_ == 0 || admin_port_ == 0) {
    if (!IsRunning()) return failure("subledgerd exited during start-up");
    if (Clock::now() > deadline) return failure("no port file " + port_file() + " in time");
    std::ifstream in(port_file());
    if (in) {
      auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
      if (j.is_object() && j.contains("public") && j.contains("admin") &&
          j["public"].is_number_integer() && j["admin"].is_number_integer()) {
        public_port_ = j["public"].get<uint16_t>();
        admin_port_ = j["admin"].get<uint16_t>();
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // 2. /healthz answers 200.
  for (;;) {
    if (!IsRunning()) return failure("subledgerd exited before /healthz answered");
    if (Clock::now() > deadline) return failure("/healthz did not answer 200 in time");
    HttpClient client("127.0.0.1", public_port_, 2.0);
    if (client.Get("/healthz").status == 200) {
      last_public_port_ = public_port_;
      last_admin_port_ = admin_port_;
      return "";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int DaemonProcess::Reap(bool block, double timeout_seconds) {
  if (pid_ <= 0) return -1;
  const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000));
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (r < 0 && errno != EINTR) {
      pid_ = -1;
      return -1;
    }
    if (!block || Clock::now() > deadline) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool DaemonProcess::IsRunning() {
  if (pid_ <= 0) return false;
  return Reap(false, 0) == -2;
}

int DaemonProcess::WaitForExit(double timeout_seconds) {
  int r = Reap(true, timeout_seconds);
  return r == -2 ? -1 : r;
}

void DaemonProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  Reap(true, 60);
}

int DaemonProcess::Terminate(double timeout_seconds) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int r = Reap(true, timeout_seconds);
  if (r == -2) {
    Kill();
    return -1;
  }
  return r;
}

}  // namespace subledger::testing
