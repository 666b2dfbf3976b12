// HttpListener: one listening socket, its connection cap and its sessions.
//
// Accepts on a strand of its io_context; each accepted socket is placed on the
// io_context that `pick_context` returns (HttpServer: round-robin over its
// single-threaded contexts) and gets an HttpSession there. Beyond `max_connections` live sessions a new
// connection is answered with a canned 503 and closed at once, so a flood
// cannot exhaust the daemon.
//
// Thread safety: Bind before the io_context runs; Start/Stop/ForceCloseAll
// are safe from any thread (they post to the acceptor's strand, resp. to each
// session's io_context).
//
// Lifecycle: the sessions point into the listener (registry, limits), and the
// acceptor, timer and strands into the io_context. So destroy a listener only
// after Stop + ForceCloseAll and after the io_context has run the handlers
// that cancels (no session left), and before the io_context itself; see
// HttpServer's destructor.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <string>

#include "ingest/http_routes.h"
#include "ingest/http_session.h"
#include "ingest/session_registry.h"
#include "ledger/clock.h"
#include "ledger/status.h"

namespace subledger {

class HttpListener {
 public:
  using ContextPicker = std::function<boost::asio::io_context&()>;
  HttpListener(boost::asio::io_context& ioc, ContextPicker pick_context, std::string name,
               HttpRoutes& routes, SessionLimits limits, size_t max_connections, const Clock& clock);

  // Opens, binds (SO_REUSEADDR) and listens. kUnavailable naming the address
  // when it cannot (e.g. in use).
  Status Bind(const boost::asio::ip::tcp::endpoint& endpoint);
  // The bound address (with the real port when bound to port 0).
  boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }
  const std::string& name() const { return name_; }

  void Start();
  // Stops accepting and asks every session to finish its current request.
  void Stop();
  // Closes every remaining connection now.
  void ForceCloseAll();
  size_t active_connections() const { return registry_.size(); }

 private:
  void Accept();
  void OnAccept(boost::system::error_code ec, SessionSocket socket);
  void Refuse(SessionSocket& socket);

  ContextPicker pick_context_;
  std::string name_;
  HttpRoutes& routes_;
  SessionLimits limits_;
  size_t max_connections_;
  const Clock& clock_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::ip::tcp::endpoint local_;
  SessionRegistry registry_;
  bool stopped_ = false;  // on strand_
};

}  // namespace subledger
