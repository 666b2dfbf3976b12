#include "ingest/http_listener.h"

#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>

#include "ingest/http_status.h"
#include "ingest/json_log.h"

namespace subledger {

namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpListener::HttpListener(net::io_context& ioc, ContextPicker pick_context, std::string name,
                           HttpRoutes& routes, SessionLimits limits, size_t max_connections,
                           const Clock& clock)
    : pick_context_(std::move(pick_context)),
      name_(std::move(name)),
      routes_(routes),
      limits_(limits),
      max_connections_(max_connections),
      clock_(clock),
      strand_(net::make_strand(ioc)),
      acceptor_(strand_),
      retry_timer_(strand_) {}

Status HttpListener::Bind(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  const std::string where = name_ + " listener on " + endpoint.address().to_string() + ":" +
                            std::to_string(endpoint.port());
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) local_ = acceptor_.local_endpoint(ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return Status::Unavailable("bind " + where + ": " + ec.message());
  }
  return Status::Ok();
}

void HttpListener::Start() {
  net::post(strand_, [this] { Accept(); });
}

void HttpListener::Stop() {
  net::post(strand_, [this] {
    stopped_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    for (const auto& session : registry_.Snapshot()) session->Shutdown();
  });
}

void HttpListener::ForceCloseAll() {
  for (const auto& session : registry_.Snapshot()) session->ForceClose();
}

void HttpListener::Accept() {
  if (stopped_ || !acceptor_.is_open()) return;
  acceptor_.async_accept(pick_context_().get_executor(),
                         [this](boost::system::error_code ec, SessionSocket socket) {
                           OnAccept(ec, std::move(socket));
                         });
}

void HttpListener::OnAccept(boost::system::error_code ec, SessionSocket socket) {
  if (stopped_) return;
  if (ec) {
    if (ec == net::error::operation_aborted) return;
    // E.g. EMFILE: back off briefly instead of spinning.
    JsonLog::Warn("accept_failed").Str("listener", name_).Str("error", ec.message());
    retry_timer_.expires_after(std::chrono::milliseconds(50));
    retry_timer_.async_wait([this](boost::system::error_code wec) {
      if (!wec) Accept();
    });
    return;
  }
  if (registry_.size() >= max_connections_) {
    Refuse(socket);
  } else {
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    net::io_context& context = socket.get_executor().context();
    std::make_shared<HttpSession>(std::move(socket), context, routes_, limits_, clock_, registry_)
        ->Start();
  }
  Accept();
}

void HttpListener::Refuse(SessionSocket& socket) {
  static const std::string kRefusal = [] {
    std::string out;
    SerializeReply(ServiceUnavailableReply("too many concurrent connections; retry later"),
                   /*keep_alive=*/false, false, false, out);
    return out;
  }();
  boost::system::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.write_some(net::buffer(kRefusal), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace subledger
