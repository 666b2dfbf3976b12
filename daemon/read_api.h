// The read side of the daemon: a DaemonComponent that runs the Projector
// (catch up from the checkpoint at start, then follow the log), and the admin
// read API on top of it:
//
//   GET /v1/report                      the `subledger report --json` document
//   GET /v1/revenue?currency=&from=&to= months (spec §5) as {"months":[...]}
//   GET /v1/subscriptions/{id}          current state of one subscription
//   GET /v1/customers/{id}              MRR per currency, subscriptions, movements
//
// Unknown ids -> 404 JSON error; bad query values -> 400. /readyz gains a
// "projections" check that is red while the projector is in error and
// reports the lag {"lag_events":N,"lag_seconds":S,"checkpoint":C}.
//
// Thread safety: handlers run on I/O threads and read immutable snapshots or
// RocksDB; they never block on the projector.
#pragma once

#include <memory>

#include "daemon/daemon.h"
#include "projections/projector.h"
#include "projections/revenue_report.h"

namespace subledger {

class ProjectorComponent final : public DaemonComponent {
 public:
  explicit ProjectorComponent(EventLog* log) : log_(log) {}
  std::string_view name() const override { return "projector"; }
  Status Start() override;
  void Stop() override;
  // Null before Start().
  Projector* projector() const { return projector_.get(); }

 private:
  EventLog* log_;
  std::unique_ptr<Projector> projector_;
};

// The query of a read API request (and of the dashboard, GET /): the book
// (§0) and the report filter. account: "platform" or "" for the platform's
// own account, else an acct_ id; mode: live | test; with report_filters also
// currency, from, to (YYYY-MM). Any other key is kInvalidArgument.
struct ReadQuery {
  std::string account;        // "" for the platform's own account
  std::optional<bool> live;   // nullopt: §0's default for the account
  ReportFilter filter;

  Book BookIn(const ProjectionSnapshot& snapshot) const {
    return live ? Book{account, *live} : snapshot.DefaultBook(account);
  }
};
Result<ReadQuery> ParseReadQuery(std::string_view query, bool report_filters);

// Adds the projector component, the read API routes and the readiness check.
// Returns the component (owned by the daemon) for other wiring (metrics).
ProjectorComponent* InstallReadModels(Daemon& daemon);

}  // namespace subledger
