#include "daemon/config_table.h"

namespace subledger {
namespace {

constexpr const char* kGeneral = "flags (flags override --config; the file uses the same names as JSON keys):";
constexpr const char* kReconcile =
    "reconciliation with Stripe's /v1/events (runs only when a Stripe secret key is\n"
    "configured: STRIPE_SECRET_KEY, or --stripe-key-file; never a flag value):";
constexpr const char* kWorkflows = "workflows (docs/workflows.md; off unless --workflows is given):";

using C = DaemonConfig;
const std::vector<Setting>& Table() {
  static const std::vector<Setting> settings = {
      {kGeneral, "data-dir", "DIR", SettingKind::kString, &C::data_dir, "event log directory              (./data)"},
      {kGeneral, "listen", "HOST:PORT", SettingKind::kAddress, &C::listen, "public webhook listener          (127.0.0.1:8080)"},
      {kGeneral, "admin-listen", "HOST:PORT", SettingKind::kAddress, &C::admin_listen,
       "admin listener (/readyz, /metrics, read API)\n(127.0.0.1:9090); an address that is not\n"
       "loopback needs --admin-token-file"},
      {kGeneral, "admin-token-file", "FILE", SettingKind::kString, &C::admin_token_file,
       "every admin request must send\n\"Authorization: Bearer <the token in FILE>\""},
      {kGeneral, "config", "FILE", SettingKind::kString, &C::config_file, "JSON config file, e.g. {\"listen\":\"0.0.0.0:8080\"}"},
      {kGeneral, "signature-tolerance", "SECS", SettingKind::kNonNegative, &C::signature_tolerance_seconds,
       "max age (and future skew) of a signature\ntimestamp; 0 disables the check  (300)"},
      {kGeneral, "max-body-bytes", "N", SettingKind::kCount, &C::max_body_bytes, "webhook body limit (413 above)   (1048576)"},
      {kGeneral, "max-header-bytes", "N", SettingKind::kCount, &C::max_header_bytes, "request header limit (431 above) (16384)"},
      {kGeneral, "max-connections", "N", SettingKind::kCount, &C::max_connections, "concurrent public connections    (1024)"},
      {kGeneral, "header-timeout", "SECS", SettingKind::kDuration, &C::header_timeout, "header read and keep-alive idle  (10)"},
      {kGeneral, "body-timeout", "SECS", SettingKind::kDuration, &C::body_timeout, "body read                        (30)"},
      {kGeneral, "write-timeout", "SECS", SettingKind::kDuration, &C::write_timeout, "response write                   (30)"},
      {kGeneral, "shutdown-timeout", "SECS", SettingKind::kDuration, &C::shutdown_timeout,
       "grace for in-flight requests on SIGTERM (30)"},
      {kGeneral, "threads", "N", SettingKind::kCount, &C::threads, "I/O threads       (half the cores, at least 1)"},
      {kGeneral, "port-file", "PATH", SettingKind::kString, &C::port_file, "once listening, write {\"public\":PORT,\"admin\":PORT}"},
      {kGeneral, "quiet", "", SettingKind::kBool, &C::quiet, "no per-request log lines for accepted webhooks"},
      {kGeneral, "dev", "", SettingKind::kBool, &C::dev, "if no secret is set, generate one for local use"},
      {kGeneral, "insecure-skip-signature", "", SettingKind::kBool, &C::insecure_skip_signature,
       "accept webhooks without verifying signatures"},
      {kGeneral, "metrics-accounts", "IDS", SettingKind::kAccountList, &C::metrics_accounts,
       "connected accounts (acct_…, comma-separated, at most\n100) whose books get business metrics besides the\n"
       "platform's own; events of other accounts are left\nout of /metrics (none)"},
      {kGeneral, "allow-core-dumps", "", SettingKind::kBool, &C::allow_core_dumps,
       "let a crash write a core dump (off by default:\na core holds the webhook secrets)"},
      {kReconcile, "reconcile-interval", "SPAN", SettingKind::kSpan, &C::reconcile_interval_seconds,
       "time between passes; 0 turns it off (1h)"},
      {kReconcile, "reconcile-window", "SPAN", SettingKind::kSpan, &C::reconcile_window_seconds,
       "trailing window each pass checks     (3d)"},
      {kReconcile, "reconcile-settle", "SPAN", SettingKind::kSpan, &C::reconcile_settle_seconds,
       "skip events younger than this: their\nwebhook may still be on its way      (5m)"},
      {kReconcile, "reconcile-max-rps", "R", SettingKind::kRate, &C::reconcile_max_rps,
       "Stripe API requests per second, at most (1)"},
      {kReconcile, "reconcile-max-refetches", "N", SettingKind::kNonNegative, &C::reconcile_max_refetches,
       "objects refetched per pass (subscriptions with an\nunresolved discount id, tiered prices without\n"
       "known tiers); 0 turns refetching off   (100)"},
      {kReconcile, "account", "acct_1,acct_2", SettingKind::kString, &C::reconcile_accounts,
       "connected accounts to reconcile (Stripe-Account)\nbesides every account the log has events of"},
      {kReconcile, "stripe-api-base", "URL", SettingKind::kString, &C::stripe_api_base,
       "STRIPE_API_BASE         (https://api.stripe.com)"},
      {kReconcile, "stripe-key-file", "FILE", SettingKind::kString, &C::stripe_key_file,
       "file holding the secret key (else STRIPE_SECRET_KEY)"},
      {kReconcile, "stripe-version", "V", SettingKind::kString, &C::stripe_version, "STRIPE_API_VERSION      (the pinned version)"},
      {kWorkflows, "workflows", "DIR", SettingKind::kString, &C::workflows_dir,
       "run the workflow definitions (*.yaml) in DIR:\ntriggered runs, durable timers, resumed at start"},
      {kWorkflows, "workflow-templates", "DIR", SettingKind::kString, &C::workflow_templates,
       "e-mail templates                  (DIR/templates)"},
      {kWorkflows, "smtp-url", "URL", SettingKind::kString, &C::smtp_url, "smtp://HOST:PORT or smtps://HOST:PORT for send-email"},
      {kWorkflows, "smtp-from", "ADDR", SettingKind::kString, &C::smtp_from, "the From address of workflow e-mail"},
      {kWorkflows, "smtp-credentials-file", "F", SettingKind::kString, &C::smtp_credentials_file,
       "one line user:password (never a flag value)"},
      {"", "help", "", SettingKind::kBool, &C::show_help, "this text"},
      {"", "version", "", SettingKind::kBool, &C::show_version, "print the version"},
  };
  return settings;
}

}  // namespace

const std::vector<Setting>& Settings() { return Table(); }

const FlagTable& Flags() {
  static const FlagTable table = [] {
    FlagTable t;
    const char* section = nullptr;
    for (const Setting& s : Settings()) {
      if (section == nullptr || std::string_view(section) != s.section) t.Section(section = s.section);
      *s.value_name ? t.Value(s.name, s.value_name, s.help) : t.Switch(s.name, s.help);
    }
    return t;
  }();
  return table;
}

const Setting* FindSetting(std::string_view name) {
  for (const Setting& s : Settings()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace subledger
