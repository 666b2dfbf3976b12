// Daemon: subledgerd's pieces and their lifecycle.
//
//   Open:  open the EventLog (kBusy when another process holds it) -> build
//          the signature verifier, webhook handler, routes -> bind both
//          listeners (fails fast when an address is taken).
//   Run:   start components (in order) -> log {"msg":"listening",...} and
//          write --port-file -> serve until Stop() or SIGTERM/SIGINT ->
//          drain in-flight requests (their fsync waits included) -> stop
//          components (reverse order) -> close the log -> remove the port file.
//
// Extension points for other modules (call between Open and Run):
//   admin().AddRoute("GET", "/metrics", handler);      // metrics, read API
//   admin().AddReadinessCheck("projector", check);     // e.g. projection lag
//   SetWebhookObserver(&metrics);                      // webhook counters
//   log().SetCommitObserver(...) / SetCommitListener(...)
//   AddComponent(std::make_unique<Projector...>(...)); // Start/Stop hooks
//
// Thread safety: Open/Run on one thread; Stop from any thread (idempotent).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/admin_routes.h"
#include "daemon/config.h"
#include "ingest/http_server.h"
#include "ingest/public_routes.h"
#include "ingest/signature_verifier.h"
#include "ingest/webhook_handler.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"

namespace subledger {

// Something with a lifetime inside the daemon (projector, metrics sampler).
class DaemonComponent {
 public:
  virtual ~DaemonComponent() = default;
  virtual std::string_view name() const = 0;
  // Called by Run before the listeners accept. A failure aborts Run.
  virtual Status Start() = 0;
  // Called after the HTTP server has drained, before the log closes.
  virtual void Stop() = 0;
};

// "0.1.0 (abc1234)"
const char* DaemonVersion();

class Daemon {
 public:
  // `config` must carry a secret unless insecure_skip_signature (main turns
  // --dev into a generated secret first), and pass CheckAdminAccess
  // (admin_access.h: a non-loopback admin listener needs a token file). `clock` (and `env`, the event
  // log's RocksDB Env for fault injection in tests; nullptr = default) must
  // outlive the daemon.
  static Result<std::unique_ptr<Daemon>> Open(DaemonConfig config,
                                              const Clock& clock = SystemClock::Instance(),
                                              rocksdb::Env* env = nullptr);
  ~Daemon();  // stops and closes everything still open
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  EventLog& log() { return *log_; }
  AdminRoutes& admin() { return admin_routes_; }
  WebhookHandler& webhooks() { return *webhooks_; }
  HttpServer& server() { return *server_; }
  const DaemonConfig& config() const { return config_; }
  const Clock& clock() const { return clock_; }

  void AddComponent(std::unique_ptr<DaemonComponent> component);
  void SetWebhookObserver(WebhookObserver* observer) { webhooks_->SetObserver(observer); }

  // Serves until Stop() (or, with handle_signals, SIGINT/SIGTERM; a second
  // signal gets the default action, i.e. terminates at once). Returns the
  // first component start failure, or OK after a clean shutdown.
  Status Run(bool handle_signals = true);
  void Stop();

 private:
  Daemon(DaemonConfig config, const Clock& clock);
  Status WritePortFile() const;
  void StopComponents();

  DaemonConfig config_;
  const Clock& clock_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<SignatureVerifier> verifier_;
  std::unique_ptr<WebhookHandler> webhooks_;
  std::unique_ptr<PublicRoutes> public_routes_;
  AdminRoutes admin_routes_;
  std::unique_ptr<HttpServer> server_;
  std::vector<std::unique_ptr<DaemonComponent>> components_;
  size_t started_components_ = 0;
  std::atomic<bool> stop_requested_{false};
  std::function<void()> cancel_signals_;  // set while Run handles signals
  std::mutex signals_mu_;
};

}  // namespace subledger
