#include "daemon/daemon.h"

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>

#include "daemon/admin_access.h"
#include "daemon/listen_address.h"
#include "ingest/json_log.h"
#include "ledger/json_writer.h"
#include "ledger/rocksdb_crc32c.h"

namespace subledger {

namespace net = boost::asio;

const char* DaemonVersion() { return SUBLEDGER_VERSION " (" SUBLEDGER_GIT_REV ")"; }

Daemon::Daemon(DaemonConfig config, const Clock& clock)
    : config_(std::move(config)), clock_(clock) {}

Result<std::unique_ptr<Daemon>> Daemon::Open(DaemonConfig config, const Clock& clock,
                                             rocksdb::Env* env) {
  if (config.webhook_secrets.empty() && !config.insecure_skip_signature) {
    return Status::InvalidArgument("no webhook signing secret configured");
  }
  auto public_endpoint = ParseListenAddress(config.listen);
  if (!public_endpoint.ok()) return public_endpoint.status().WithContext("--listen");
  auto admin_endpoint = ParseListenAddress(config.admin_listen);
  if (!admin_endpoint.ok()) return admin_endpoint.status().WithContext("--admin-listen");
  if (Status access = CheckAdminAccess(config); !access.ok()) return access;
  std::string admin_token;
  if (!config.admin_token_file.empty()) {
    auto token = ReadAdminToken(config.admin_token_file);
    if (!token.ok()) return token.status();
    admin_token = std::move(token).value();
  }
  if (!config.port_file.empty()) std::remove(config.port_file.c_str());  // never stale

  std::unique_ptr<Daemon> d(new Daemon(std::move(config), clock));
  const DaemonConfig& c = d->config_;

  EventLogOptions log_options;
  log_options.data_dir = c.data_dir;
  log_options.clock = &clock;
  log_options.env = env;
  log_options.file_deletion = FileDeletion::kPaced;  // webhooks wait on every WAL fdatasync
  auto log = EventLog::Open(log_options);
  if (!log.ok()) return log.status().WithContext("open event log in " + c.data_dir);
  d->log_ = std::move(log).value();
  for (const std::string& cut : d->log_->TornWalTailsCut()) {
    JsonLog::Warn("wal_torn_tail_cut").Str("detail", cut);  // a write a crash cut short, never acknowledged
  }

  if (!c.insecure_skip_signature) {
    d->verifier_ = std::make_unique<SignatureVerifier>(c.webhook_secrets,
                                                       c.signature_tolerance_seconds, clock);
  }
  d->webhooks_ =
      std::make_unique<WebhookHandler>(*d->log_, d->verifier_.get(), clock, c.max_body_bytes);
  d->webhooks_->SetLogSuccesses(!c.quiet);
  // The committer thread logs a line per acknowledged webhook: one write(2) per batch.
  d->log_->SetBatchDoneHook([] { JsonLog::FlushThisThread(); });
  EventLog* event_log = d->log_.get();
  d->public_routes_ =
      std::make_unique<PublicRoutes>(*d->webhooks_, [event_log] { return event_log->health(); });

  if (!admin_token.empty()) d->admin_routes_.RequireBearerToken(std::move(admin_token));
  d->admin_routes_.AddReadinessCheck("event_log", [event_log] {
    JsonWriter detail(-1);
    detail.BeginObject();
    detail.Key("last_sequence");
    detail.Int(static_cast<int64_t>(event_log->LastSequence()));
    detail.EndObject();
    return ReadinessReport{event_log->health(), detail.Take()};
  });
  Daemon* self = d.get();
  d->admin_routes_.AddReadinessCheck("http", [self] {
    if (self->server_ && self->server_->stopping()) {
      return ReadinessReport{Status::Unavailable("shutting down"), ""};
    }
    return ReadinessReport{Status::Ok(), ""};
  });

  HttpServerOptions server_options;
  server_options.public_endpoint = *public_endpoint;
  server_options.admin_endpoint = *admin_endpoint;
  server_options.threads = c.threads;
  server_options.max_connections = c.max_connections;
  server_options.max_header_bytes = c.max_header_bytes;
  server_options.max_body_bytes = c.max_body_bytes;
  server_options.header_timeout = c.header_timeout;
  server_options.body_timeout = c.body_timeout;
  server_options.write_timeout = c.write_timeout;
  server_options.shutdown_timeout = c.shutdown_timeout;
  d->server_ = std::make_unique<HttpServer>(server_options, *d->public_routes_, d->admin_routes_,
                                            clock);
  Status bound = d->server_->Bind();
  if (!bound.ok()) return bound;
  return d;
}

Daemon::~Daemon() {
  Stop();
  StopComponents();
  // Close the log while the io_context still exists: queued appends are
  // drained and their completions posted to it (then dropped with it).
  if (log_) log_->Close();
  server_.reset();
}

void Daemon::AddComponent(std::unique_ptr<DaemonComponent> component) {
  components_.push_back(std::move(component));
}

void Daemon::StopComponents() {
  while (started_components_ > 0) {
    DaemonComponent& component = *components_[--started_components_];
    component.Stop();
    JsonLog::Info("component_stopped").Str("component", component.name());
  }
}

Status Daemon::WritePortFile() const {
  if (config_.port_file.empty()) return Status::Ok();
  const std::string tmp = config_.port_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    JsonWriter ports(-1);
    ports.BeginObject();
    ports.Key("public");
    ports.Int(server_->public_endpoint().port());
    ports.Key("admin");
    ports.Int(server_->admin_endpoint().port());
    ports.EndObject();
    out << ports.Take() << "\n";
    out.flush();
    if (!out) return Status::IOError("write port file " + tmp);
  }
  if (std::rename(tmp.c_str(), config_.port_file.c_str()) != 0) {
    return Status::IOError("rename port file to " + config_.port_file);
  }
  return Status::Ok();
}

Status Daemon::Run(bool handle_signals) {
  std::optional<net::signal_set> signals;
  if (handle_signals) {
    // On a strand: the handler and a cancel from Stop() never run at once.
    signals.emplace(net::make_strand(server_->io_context()), SIGINT, SIGTERM);
    signals->async_wait([this, &signals](boost::system::error_code ec, int signo) {
      if (ec) return;
      JsonLog::Info("signal_received").Int("signal", signo);
      // Forget the handlers: a second signal terminates the process at once.
      boost::system::error_code ignored;
      signals->clear(ignored);
      Stop();
    });
    std::lock_guard lock(signals_mu_);
    cancel_signals_ = [this, &signals] {
      net::post(signals->get_executor(), [&signals] {
        boost::system::error_code ignored;
        signals->cancel(ignored);
        signals->clear(ignored);
      });
    };
  }
  if (stop_requested_.load()) Stop();  // Stop() raced with the set-up above

  // Signals are handled from here on, so a SIGTERM during a slow component
  // start (e.g. projector catch-up) still ends in a clean shutdown.
  for (; started_components_ < components_.size(); ++started_components_) {
    DaemonComponent& component = *components_[started_components_];
    Status s = component.Start();
    if (!s.ok()) {
      StopComponents();
      std::lock_guard lock(signals_mu_);
      cancel_signals_ = nullptr;
      return s.WithContext("start " + std::string(component.name()));
    }
    JsonLog::Info("component_started").Str("component", component.name());
  }

  JsonLog::Info("listening")
      .Str("public", FormatEndpoint(server_->public_endpoint()))
      .Str("admin", FormatEndpoint(server_->admin_endpoint()))
      .Str("rocksdb_crc32c", RocksDbCrc32cImplementation());
  Status port_file = WritePortFile();
  if (!port_file.ok()) {
    JsonLog::Error("port_file_failed").Str("error", port_file.ToString());
    Stop();
  }

  server_->Run();

  {
    std::lock_guard lock(signals_mu_);
    cancel_signals_ = nullptr;
  }
  signals.reset();
  StopComponents();
  const Status health = log_->health();
  const SequenceNumber last_sequence = log_->LastSequence();
  log_->Close();
  if (!config_.port_file.empty()) std::remove(config_.port_file.c_str());
  JsonLog::Info("stopped")
      .Int("last_sequence", static_cast<int64_t>(last_sequence))
      .Str("log_health", health.ok() ? "ok" : health.ToString());
  return port_file;
}

void Daemon::Stop() {
  stop_requested_.store(true);
  if (server_) server_->Stop();
  std::lock_guard lock(signals_mu_);
  if (cancel_signals_) cancel_signals_();
}

}  // namespace subledger
