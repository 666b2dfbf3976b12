// Wires SubledgerMetrics into the daemon:
//  * GET /metrics on the admin listener (text format 0.0.4) — served by our
//    own Beast server from SubledgerMetrics::Serialize();
//  * webhook results, event types and append latency from the webhook path;
//  * group-commit sizes/durations and commit failures from the event log;
//  * business figures pushed by the projector on every published snapshot
//    (never computed per scrape), per book of the platform and of the
//    connected accounts in --metrics-accounts (daemon/business_figures_from.h),
//    with the month_to_date/previous_month windows taken from the daemon's
//    Clock (re-pushed when the month changes);
//  * log progress, projection lag and health, implausible events, events by
//    source and RocksDB health, collected per scrape from cheap in-memory
//    counters.
//
// Thread safety: the observer runs on I/O threads, the publish listener on
// the projector thread, the scrape on an I/O thread; SubledgerMetrics is
// thread-safe.
#pragma once

#include <memory>

#include "daemon/daemon.h"
#include "daemon/read_api.h"
#include "metrics/subledger_metrics.h"

namespace subledger {

// Installs metrics on a daemon whose read models are already installed.
// The returned object is owned by the daemon (as a component).
SubledgerMetrics* InstallMetrics(Daemon& daemon, ProjectorComponent* projections);

}  // namespace subledger
