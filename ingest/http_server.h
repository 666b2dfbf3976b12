// HttpServer: the daemon's two listeners, served by a small fixed number of
// I/O threads, each running an io_context of its own. Connections are placed
// on the contexts round-robin, so each connection is served by one thread and
// needs no strand; the listeners and the drain timer live on the first.
//
//   public  (default 127.0.0.1:8080)  PublicRoutes: webhooks + /healthz
//   admin   (default 127.0.0.1:9090)  AdminRoutes: /readyz + registered routes
//
// Limits (HttpServerOptions): header size, body size per listener, header /
// body / write timeouts, concurrent connections per listener.
//
// Lifecycle: Bind() -> Run() (blocks) ... Stop() from any thread (e.g. a
// signal handler on the io_context). Stop closes the listeners, closes idle
// connections, lets busy ones finish their current request (including waits
// for fsync), and after `shutdown_timeout` closes whatever is left. Run
// returns once no connection and no pending reply remains.
//
// Destruction: only once Run has returned (or was never called); no thread
// may be running an io_context. The destructor closes the acceptors, timers
// and every connection, runs the handlers that cancels (so the sessions they
// hold are released while the listeners live), then the members are destroyed
// with the io_contexts last. The routes must not keep a `respond` (nor an
// executor of this server) past its destruction: answer or drop it first
// (the Daemon closes the event log before destroying the server).
//
// Thread safety: Stop, stopping() and the accessors are safe from any thread.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

#include "ingest/http_listener.h"
#include "ingest/http_routes.h"
#include "ledger/clock.h"
#include "ledger/status.h"

namespace subledger {

struct HttpServerOptions {
  boost::asio::ip::tcp::endpoint public_endpoint{boost::asio::ip::make_address("127.0.0.1"), 8080};
  boost::asio::ip::tcp::endpoint admin_endpoint{boost::asio::ip::make_address("127.0.0.1"), 9090};
  size_t threads = 2;
  size_t max_connections = 1024;        // public listener
  size_t max_admin_connections = 64;    // admin listener
  size_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 1 << 20;    // public listener
  uint64_t max_admin_body_bytes = 64 * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_timeout{30'000};
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpRoutes& public_routes, HttpRoutes& admin_routes,
             const Clock& clock);
  ~HttpServer();  // closes everything still open; see "Destruction" above
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds both listeners; kUnavailable naming the address on failure.
  Status Bind();
  boost::asio::ip::tcp::endpoint public_endpoint() const { return public_.local_endpoint(); }
  boost::asio::ip::tcp::endpoint admin_endpoint() const { return admin_.local_endpoint(); }

  // Accepts and serves on options.threads threads (the caller's included)
  // until Stop() has completed. Call once, after Bind().
  void Run();
  void Stop();
  bool stopping() const { return stopping_.load(); }
  size_t active_connections() const {
    return public_.active_connections() + admin_.active_connections();
  }

  // The first I/O thread's io_context (listeners, drain timer; the daemon's
  // signal set goes here too).
  boost::asio::io_context& io_context() { return ioc_; }

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  void PollDrain();
  void PollAll();
  boost::asio::io_context& NextSessionContext();

  HttpServerOptions options_;
  // One io_context per I/O thread, each run by exactly that thread, so a
  // connection (placed round-robin) needs no strand. Declared before every
  // I/O object bound to them, so they are destroyed after them: timers,
  // acceptors, sockets and strands all point into their services.
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  boost::asio::io_context& ioc_;  // *contexts_[0]
  std::atomic<size_t> next_context_{0};
  std::vector<WorkGuard> idle_guards_;  // keep contexts 1.. running while Run serves
  HttpListener public_;
  HttpListener admin_;
  boost::asio::steady_timer drain_timer_;
  std::chrono::steady_clock::time_point force_at_;
  bool forced_ = false;
  std::atomic<bool> stopping_{false};
};

}  // namespace subledger
