// DaemonUsage: subledgerd's --help text (kept apart from the parser in
// config.cc; ingest/config.h is the contract for both).
#include "ingest/config.h"

namespace subledger {

std::string DaemonUsage() {
  return R"(usage: subledgerd [flags]

Receives Stripe webhooks, verifies their signatures and appends them durably
to the event log. Secrets come from the environment:
  STRIPE_WEBHOOK_SECRET=whsec_new,whsec_old   (comma-separated for rotation)

flags (flags override --config; the file uses the same names as JSON keys):
  --data-dir DIR               event log directory              (./data)
  --listen HOST:PORT           public webhook listener          (127.0.0.1:8080)
  --admin-listen HOST:PORT     admin listener (/readyz, /metrics, read API)
                               (127.0.0.1:9090); an address that is not
                               loopback needs --admin-token-file
  --admin-token-file FILE      every admin request must send
                               "Authorization: Bearer <the token in FILE>"
  --config FILE                JSON config file, e.g. {"listen":"0.0.0.0:8080"}
  --signature-tolerance SECS   max age (and future skew) of a signature
                               timestamp; 0 disables the check  (300)
  --max-body-bytes N           webhook body limit (413 above)   (1048576)
  --max-header-bytes N         request header limit (431 above) (16384)
  --max-connections N          concurrent public connections    (1024)
  --header-timeout SECS        header read and keep-alive idle  (10)
  --body-timeout SECS          body read                        (30)
  --write-timeout SECS         response write                   (30)
  --shutdown-timeout SECS      grace for in-flight requests on SIGTERM (30)
  --threads N                  I/O threads       (half the cores, at least 1)
  --port-file PATH             once listening, write {"public":PORT,"admin":PORT}
  --quiet                      no per-request log lines for accepted webhooks
  --dev                        if no secret is set, generate one for local use
  --insecure-skip-signature    accept webhooks without verifying signatures
  --metrics-accounts IDS       connected accounts (acct_…, comma-separated, at most
                               100) whose books get business metrics besides the
                               platform's own; events of other accounts are left
                               out of /metrics (none)
  --allow-core-dumps           let a crash write a core dump (off by default:
                               a core holds the webhook secrets)

reconciliation with Stripe's /v1/events (runs only when a Stripe secret key is
configured: STRIPE_SECRET_KEY, or --stripe-key-file; never a flag value):
  --reconcile-interval SPAN    time between passes; 0 turns it off (1h)
  --reconcile-window SPAN      trailing window each pass checks     (3d)
  --reconcile-settle SPAN      skip events younger than this: their
                               webhook may still be on its way      (5m)
  --reconcile-max-rps R        Stripe API requests per second, at most (1)
  --reconcile-max-refetches N  objects refetched per pass (subscriptions with an
                               unresolved discount id, tiered prices without
                               known tiers); 0 turns refetching off   (100)
  --account acct_1,acct_2      connected accounts to reconcile (Stripe-Account)
                               besides every account the log has events of
  --stripe-api-base URL        STRIPE_API_BASE         (https://api.stripe.com)
  --stripe-key-file FILE       file holding the secret key (else STRIPE_SECRET_KEY)
  --stripe-version V           STRIPE_API_VERSION      (the pinned version)
SPAN is a whole number with an optional unit s, m, h or d ("90", "15m", "3d").

workflows (docs/workflows.md; off unless --workflows is given):
  --workflows DIR              run the workflow definitions (*.yaml) in DIR:
                               triggered runs, durable timers, resumed at start
  --workflow-templates DIR     e-mail templates                  (DIR/templates)
  --smtp-url URL               smtp://HOST:PORT or smtps://HOST:PORT for send-email
  --smtp-from ADDR             the From address of workflow e-mail
  --smtp-credentials-file F    one line user:password (never a flag value)

  --help                       this text
  --version                    print the version

Port 0 picks a free port; the bound ports are logged at startup in a
{"msg":"listening",...} line and written to --port-file.
)";
}

}  // namespace subledger
