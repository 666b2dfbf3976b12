// DaemonConfig: subledgerd's settings from flags, an optional JSON file and
// the environment. Precedence: flag > config file > default. Secrets come
// only from the environment (STRIPE_WEBHOOK_SECRET, comma-separated, so a
// new and an old secret can both be valid during rotation).
//
// Flags (also "--flag=value"); the config file uses the same names without
// the dashes as JSON keys, e.g. {"listen":"0.0.0.0:8080","threads":2,
// "insecure-skip-signature":false}:
//   --data-dir DIR               event log directory            (./data)
//   --listen HOST:PORT           public listener                (127.0.0.1:8080)
//   --admin-listen HOST:PORT     admin listener                 (127.0.0.1:9090)
//   --admin-token-file FILE      bearer token every admin request must send;
//                                required unless --admin-listen is loopback
//                                (admin_access.h)
//   --config FILE                JSON config file
//   --signature-tolerance SECS   max |now - t| of a signature   (300; 0 = off)
//   --max-body-bytes N           webhook body limit             (1048576)
//   --max-header-bytes N         request header limit           (16384)
//   --max-connections N          concurrent public connections  (1024)
//   --header-timeout SECS        header read / keep-alive idle  (10)
//   --body-timeout SECS          body read                      (30)
//   --write-timeout SECS         response write                 (30)
//   --shutdown-timeout SECS      grace for in-flight requests   (30)
//   --threads N                  I/O threads          (half the cores, at least 1)
//   --port-file PATH             write {"public":P,"admin":P} once listening
//   --quiet                      no per-request log lines for successes
//   --insecure-skip-signature    accept unsigned webhooks (logged loudly)
//   --metrics-accounts IDS       connected accounts (acct_…, comma-separated,
//                                at most 100) whose books (account, mode) get
//                                business metrics besides the platform's own;
//                                in the config file a string or an array of
//                                strings                          (none)
//   --allow-core-dumps           keep the process dumpable (process_hardening.h)
// Reconciliation with Stripe's /v1/events (stripe/reconciler.h; off unless a
// Stripe secret key is configured, STRIPE_SECRET_KEY or --stripe-key-file):
//   --reconcile-interval SPAN    time between passes; 0 = off   (1h)
//   --reconcile-window SPAN      trailing window a pass checks  (3d)
//   --reconcile-settle SPAN      leave events this recent alone (5m)
//   --reconcile-max-rps R        API requests per second cap    (1)
//   --reconcile-max-refetches N  objects refetched per pass; 0 = none (100)
//   --account acct_1,acct_2      connected accounts to reconcile besides
//                                those the log has events of (Connect)
//   --stripe-api-base URL, --stripe-key-file FILE, --stripe-version V
//                                as for the CLI (stripe/stripe_config.h)
// SPAN: a whole number with an optional unit s, m, h, d ("90", "15m", "3d").
// Workflows (ingest/workflow_wiring.h, docs/workflows.md; off unless given):
//   --workflows DIR              run the *.yaml definitions in DIR
//   --workflow-templates DIR     e-mail templates               (DIR/templates)
//   --smtp-url URL               smtp://host:port or smtps://host:port
//   --smtp-from ADDR             the From address of workflow e-mail
//   --smtp-credentials-file F    "user:password" on one line (never a flag value)
//   --dev                        generate a local secret if none is set
//   --help, --version
// Durations accept decimals ("0.5").
//
// Thread safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ledger/status.h"

namespace subledger {

// Half the machine's cores, at least 1: the committer and the projector
// have a thread each, and on 2 cores one I/O thread serves 64 keep-alive
// connections with less CPU per webhook than two (tools/bench-ingest).
uint64_t DefaultIoThreads();

struct DaemonConfig {
  std::string data_dir = "./data";
  std::string listen = "127.0.0.1:8080";
  std::string admin_listen = "127.0.0.1:9090";
  std::string admin_token_file;  // "" = no token (loopback admin only)
  std::string config_file;
  std::vector<std::string> webhook_secrets;  // from STRIPE_WEBHOOK_SECRET
  int64_t signature_tolerance_seconds = 300;
  uint64_t max_body_bytes = 1 << 20;
  uint64_t max_header_bytes = 16 * 1024;
  uint64_t max_connections = 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_timeout{30'000};
  uint64_t threads = DefaultIoThreads();
  std::string port_file;
  bool quiet = false;
  bool insecure_skip_signature = false;
  bool allow_core_dumps = false;
  bool dev = false;
  // Connected accounts exported in the business metrics (metrics/book_labels.h).
  std::vector<std::string> metrics_accounts;
  // Reconciliation. interval: -1 = not given (1 h when a key is configured).
  int64_t reconcile_interval_seconds = -1;
  int64_t reconcile_window_seconds = 3 * 24 * 3600;
  int64_t reconcile_settle_seconds = 300;
  double reconcile_max_rps = 1.0;
  uint64_t reconcile_max_refetches = 100;
  std::vector<std::string> reconcile_accounts;  // --account, comma-separated
  std::string stripe_api_base;  // "" = STRIPE_API_BASE or the default
  std::string stripe_key_file;  // "" = STRIPE_SECRET_KEY
  std::string stripe_version;   // "" = STRIPE_API_VERSION or the pinned one
  // Workflows ("" = not given).
  std::string workflows_dir;
  std::string workflow_templates;
  std::string smtp_url;
  std::string smtp_from;
  std::string smtp_credentials_file;
  bool show_help = false;
  bool show_version = false;
};

using EnvLookup = std::function<const char*(const char* name)>;

// Parses argv (without the program name), the --config file and the
// environment. kInvalidArgument with a message naming the flag on any error:
// unknown flag, missing or malformed value, unreadable/invalid config file,
// unknown key in it. Does NOT insist on a secret; see CheckSecrets.
Result<DaemonConfig> ParseDaemonConfig(const std::vector<std::string>& args,
                                       const EnvLookup& env);

// kInvalidArgument unless a secret is configured, or --insecure-skip-signature,
// or --dev (which will generate one).
Status CheckSecrets(const DaemonConfig& config);

// A random development secret "whsec_" + 32 alphanumerics (OpenSSL RAND).
std::string GenerateDevSecret();

// Splits "a, b,,c" into {"a","b","c"}.
std::vector<std::string> SplitSecrets(std::string_view value);

// The --help text.
std::string DaemonUsage();

}  // namespace subledger
