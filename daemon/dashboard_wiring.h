// Serves the revenue dashboard (dashboard/dashboard_page.h) on the admin
// listener:
//
//   GET / ?account=&mode=&currency=&from=&to=
//       text/html: the page of one book (same query rules as GET /v1/report,
//       read_api.h: unknown keys and bad values are 400 JSON errors), with
//       the operations strip filled from the running daemon: webhook results
//       since start (SubledgerMetrics), projection lag and health, events in
//       the log and when the newest arrived.
//
// The page is rendered per request from the projector's current snapshot
// (no caching; it costs what GET /v1/report costs plus the HTML). 503 while
// the projections are starting. With --admin-token-file the bearer token is
// required like on every admin route.
//
// Thread safety: the handler runs on I/O threads and reads immutable
// snapshots and atomic counters only.
#pragma once

#include "daemon/daemon.h"
#include "daemon/read_api.h"
#include "metrics/subledger_metrics.h"

namespace subledger {

// After InstallReadModels and InstallMetrics.
void InstallDashboard(Daemon& daemon, ProjectorComponent* projections, const SubledgerMetrics* metrics);

}  // namespace subledger
