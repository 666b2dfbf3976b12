// Wires the workflow runner (workflows/engine.h) into subledgerd, when
// --workflows DIR is given:
//   * every *.yaml/*.yml in DIR is loaded and checked at start-up (a bad
//     definition is a configuration error naming FILE:LINE, exit 2); e-mail
//     templates come from --workflow-templates (default DIR/templates);
//   * definitions that use Stripe capabilities need a Stripe key
//     (STRIPE_SECRET_KEY or --stripe-key-file, as for reconciliation), those
//     that send e-mail need --smtp-url and --smtp-from (credentials from
//     --smtp-credentials-file); missing ones are configuration errors;
//   * a DaemonComponent runs the engine on its own thread: triggers follow
//     the log (woken by each commit), durable timers fire on the daemon's
//     Clock, unfinished runs resume at start; transient failures are retried
//     after 1 min, 5 min, 30 min and 2 h, then the step fails. Stop() makes
//     an in-flight call give up (the step resumes at the next start);
//   * each finished run and each step is a JSON log line (run and step ids,
//     never payloads or addresses) and feeds the subledger_workflow_* metrics;
//   * the admin read API gains
//       GET /v1/workflows/runs?workflow=&status=&limit=   newest first
//                                                         (limit 100, at most 1000)
//       GET /v1/workflows/runs/{id}                       one run with its steps (404 unknown)
//     in the persisted run format (docs/workflows.md).
// Without --workflows nothing is installed, and the SMTP flags are refused.
//
// Thread safety: call between Daemon::Open and Daemon::Run, on one thread.
#pragma once

#include "daemon/config.h"
#include "daemon/daemon.h"
#include "metrics/subledger_metrics.h"

namespace subledger {

// `metrics` may be null. Returns whether the runner is on.
Result<bool> InstallWorkflows(Daemon& daemon, SubledgerMetrics* metrics, const EnvLookup& env);

// The two read routes above (workflow_read_api.cc); InstallWorkflows calls it.
void InstallWorkflowReadApi(Daemon& daemon);

}  // namespace subledger
