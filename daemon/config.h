// DaemonConfig: subledgerd's settings from flags, an optional JSON file and
// the environment. Precedence: flag > config file > default. Secrets come
// only from the environment (STRIPE_WEBHOOK_SECRET, comma-separated, so a
// new and an old secret can both be valid during rotation).
//
// The flags are one table in config.cc (daemon/flag_table.h, Boost.Program_options):
// "--flag value" or "--flag=value", switches as "--flag" or "--flag=true|false";
// the table yields --help (DaemonUsage), the checks of each value, "did you mean"
// and the config file's keys. The config file is a JSON object whose keys are the
// flag names without the dashes, e.g. {"listen":"0.0.0.0:8080","threads":2,
// "insecure-skip-signature":false,"metrics-accounts":["acct_1"]}. README.md lists
// every flag with its default.
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
// environment. --help, -h and --version anywhere win over everything else.
// kInvalidArgument with a message naming the flag (or the file and key) on any
// error: unknown flag or key ("did you mean"), missing or malformed value,
// unreadable/invalid config file. Does NOT insist on a secret; see CheckSecrets.
Result<DaemonConfig> ParseDaemonConfig(const std::vector<std::string>& args,
                                       const EnvLookup& env);

// kInvalidArgument unless a secret is configured, or --insecure-skip-signature,
// or --dev (which will generate one).
Status CheckSecrets(const DaemonConfig& config);

// A random development secret "whsec_" + 32 alphanumerics (OpenSSL RAND).
std::string GenerateDevSecret();

// Splits "a, b,,c" into {"a","b","c"}.
std::vector<std::string> SplitSecrets(std::string_view value);

// The --help text: every flag of the table, by section, with its default.
std::string DaemonUsage();

}  // namespace subledger
