// subledgerd: receives Stripe webhooks and appends them durably to the event
// log. See daemon/config.h for flags and daemon/daemon.h for the lifecycle.
//
// Exit codes: 0 clean shutdown, 1 runtime failure (log busy, bind failed,
// component failed), 2 usage error.
//
// Before anything else: no core dumps (process_hardening.h; --allow-core-dumps
// undoes it) and umask 077, so the data directory and every file created in
// it are the owner's alone (ledger/data_dir.h).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "daemon/admin_access.h"
#include "daemon/config.h"
#include "daemon/daemon.h"
#include "daemon/dashboard_wiring.h"
#include "daemon/heap_retention.h"
#include "daemon/metrics_wiring.h"
#include "daemon/process_hardening.h"
#include "daemon/read_api.h"
#include "daemon/reconcile_wiring.h"
#include "daemon/systemd_notify.h"
#include "daemon/workflow_wiring.h"
#include "ingest/json_log.h"
#include "ledger/data_dir.h"
#include "ledger/log_database.h"
#include "ledger/thread_name.h"

namespace {

using namespace subledger;

void AnnounceDevSecret(const std::string& secret) {
  // stdout, for the human running `tools/run`; never into the JSON log.
  std::printf(
      "\n"
      "==============================================================================\n"
      "  DEVELOPMENT MODE -- FOR LOCAL USE ONLY -- NOT A PRODUCTION SECRET\n"
      "  No STRIPE_WEBHOOK_SECRET was set, so subledgerd generated one:\n"
      "\n"
      "    %s\n"
      "\n"
      "  Sign test webhooks with it, or forward real test-mode events with\n"
      "    stripe listen --forward-to localhost:8080/webhooks/stripe\n"
      "  (then restart with STRIPE_WEBHOOK_SECRET set to the secret that\n"
      "   `stripe listen` prints). It changes on every start.\n"
      "==============================================================================\n\n",
      secret.c_str());
  std::fflush(stdout);
  JsonLog::Warn("dev_secret_generated")
      .Str("note", "development mode: generated a random webhook secret for local use only; "
                   "printed on stdout");
}

// A data dir others may read: say so at every start (it is not changed).
void WarnIfDataDirExposed(const std::string& data_dir) {
  if (auto mode = DataDirExposure(data_dir)) {
    JsonLog::Warn("data_dir_not_private")
        .Str("data_dir", data_dir)
        .Str("mode", *mode)
        .Str("note", "group or others can read the event log, which holds customers' e-mail addresses; "
                     "run: chmod 700 " + data_dir);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const CoreDumpSettings core_dumps_before = DisableCoreDumps();
  RestrictFileCreationMask();
  const bool heap_retained = RetainFreedHeap();
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = ParseDaemonConfig(args, [](const char* name) { return std::getenv(name); });
  if (!parsed.ok()) {
    JsonLog::Error("bad_configuration").Str("error", parsed.status().message());
    return 2;
  }
  DaemonConfig config = std::move(parsed).value();
  if (config.show_help) {
    std::fputs(DaemonUsage().c_str(), stdout);
    return 0;
  }
  if (config.show_version) {
    std::printf("subledgerd %s\n", DaemonVersion());
    return 0;
  }
  if (Status s = CheckSecrets(config); !s.ok()) {
    JsonLog::Error("bad_configuration").Str("error", s.message());
    return 2;
  }
  if (Status s = CheckAdminAccess(config); !s.ok()) {
    JsonLog::Error("bad_configuration").Str("error", s.message());
    return 2;
  }
  if (config.allow_core_dumps) RestoreCoreDumps(core_dumps_before);
  if (config.insecure_skip_signature) {
    JsonLog::Warn("INSECURE_SIGNATURE_VERIFICATION_DISABLED")
        .Str("note", "--insecure-skip-signature: webhook signatures are NOT verified; anyone who "
                     "can reach the public listener can inject events. Never use in production.");
  } else if (config.webhook_secrets.empty() && config.dev) {
    config.webhook_secrets.push_back(GenerateDevSecret());
    AnnounceDevSecret(config.webhook_secrets.back());
  }

  JsonLog::Info("starting")
      .Str("version", DaemonVersion())
      .Str("data_dir", config.data_dir)
      .Int("secrets", static_cast<int64_t>(config.webhook_secrets.size()))
      .Bool("signature_verification", !config.insecure_skip_signature)
      .Int("signature_tolerance_s", config.signature_tolerance_seconds)
      .Int("threads", static_cast<int64_t>(config.threads))
      .Int("max_connections", static_cast<int64_t>(config.max_connections))
      .Int("max_body_bytes", static_cast<int64_t>(config.max_body_bytes))
      .Bool("admin_token", !config.admin_token_file.empty())
      .Bool("core_dumps", CurrentCoreDumps().enabled())
      .Str("allocator", HeapAllocator())
      .Bool("heap_retained", heap_retained);
  WarnIfDataDirExposed(config.data_dir);

  // Touches the memtables' memory while the log opens (heap_retention.h);
  // asked to stop and joined when main returns.
  std::jthread prefault([](std::stop_token stop) {
    NameThisThread("sl-prefault");
    const auto start = std::chrono::steady_clock::now();
    const size_t touched = PrefaultHeap(LogDatabase::kMemtableWorkingSetBytes, stop);
    const auto took = std::chrono::steady_clock::now() - start;
    JsonLog::Info("heap_prefaulted")
        .Int("bytes", static_cast<int64_t>(touched))
        .Int("ms", std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  });
  auto daemon = Daemon::Open(std::move(config));
  if (!daemon.ok()) {
    JsonLog::Error("startup_failed").Str("error", daemon.status().ToString());
    return 1;
  }
  ProjectorComponent* projections = InstallReadModels(**daemon);
  SubledgerMetrics* metrics = InstallMetrics(**daemon, projections);
  InstallDashboard(**daemon, projections, metrics);
  auto reconcile =
      InstallReconciler(**daemon, metrics, [](const char* name) { return std::getenv(name); }, projections);
  if (!reconcile.ok()) {
    JsonLog::Error("bad_configuration").Str("error", reconcile.status().message());
    return 2;
  }
  auto workflows = InstallWorkflows(**daemon, metrics, [](const char* name) { return std::getenv(name); });
  if (!workflows.ok()) {
    JsonLog::Error("bad_configuration").Str("error", workflows.status().message());
    return 2;
  }
  InstallSystemdNotify(**daemon);
  const Status run = (*daemon)->Run();
  daemon->reset();
  if (!run.ok()) {
    JsonLog::Error("exit_with_error").Str("error", run.ToString());
    return 1;
  }
  return 0;
}
