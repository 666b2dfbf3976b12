// DaemonProcess: runs the real `subledgerd` binary for integration tests.
//
// Start() spawns `subledgerd --data-dir D --listen 127.0.0.1:0
// --admin-listen 127.0.0.1:0 --port-file P <extra args>` with
// STRIPE_WEBHOOK_SECRET set to the configured secrets (comma-joined; unset
// when there are none), waits for the port file and for GET /healthz to
// answer 200, and reports the ports. stderr (the JSON log) and stdout are
// appended to files next to the data dir, so restarts of the same daemon
// accumulate one log. Stop with Kill() (SIGKILL: a crash) or Terminate() (SIGTERM: graceful).
// The destructor SIGKILLs a daemon still running and, when the current test
// has failed, prints the tail of its stderr.
//
// Thread safety: control it from one thread; ports may be read from any.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace subledger::testing {

struct DaemonOptions {
  std::string data_dir;                 // required
  std::vector<std::string> secrets;     // STRIPE_WEBHOOK_SECRET, comma-joined
  std::vector<std::string> extra_args;  // e.g. {"--max-body-bytes", "4096"}
  // Extra environment. STRIPE_SECRET_KEY, STRIPE_API_BASE and
  // STRIPE_API_VERSION are removed from the inherited environment unless set
  // here, so no test daemon ever reconciles against the real Stripe.
  std::map<std::string, std::string> env;
  double start_timeout_seconds = 30;
  // After the first start, restarts listen on the same ports again, so
  // HttpClients made before a restart keep working.
  bool keep_ports_across_restarts = true;
};

class DaemonProcess {
 public:
  explicit DaemonProcess(DaemonOptions options);
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Spawns and waits until /healthz answers 200. Returns "" or an error that
  // includes the tail of stderr. Fails if already running.
  std::string Start();
  // Spawns without waiting for readiness (for tests of refused start-ups).
  std::string Spawn();
  // Waits for the process to exit on its own; returns its exit code, or
  // 128+signal, or -1 on timeout (the process keeps running).
  int WaitForExit(double timeout_seconds);

  bool IsRunning();
  // SIGKILL and reap. No-op if not running.
  void Kill();
  // SIGTERM and wait up to timeout_seconds. Returns the exit code (128+signal
  // when killed by a signal), or -1 if it did not exit in time (then SIGKILLs).
  int Terminate(double timeout_seconds = 30);

  uint16_t public_port() const { return public_port_; }
  uint16_t admin_port() const { return admin_port_; }
  pid_t pid() const { return pid_; }
  const DaemonOptions& options() const { return options_; }
  std::string stderr_path() const { return options_.data_dir + ".stderr.log"; }
  std::string stdout_path() const { return options_.data_dir + ".stdout.log"; }
  std::string port_file() const { return options_.data_dir + ".port.json"; }
  // Everything the daemon wrote to stderr so far (all runs).
  std::string Stderr() const;

 private:
  int Reap(bool block, double timeout_seconds);
  DaemonOptions options_;
  pid_t pid_ = -1;
  uint16_t public_port_ = 0;
  uint16_t admin_port_ = 0;
  uint16_t last_public_port_ = 0;
  uint16_t last_admin_port_ = 0;
};

}  // namespace subledger::testing
