// HttpSession: one client connection (HTTP/1.1, keep-alive, sequential
// requests; pipelined requests are answered in order).
//
// Per request: read the header (header timeout; also the keep-alive idle
// timeout) -> optional "100 Continue" -> read the body (body timeout, body
// limit) -> HttpRoutes::Handle -> write the reply (write timeout) -> next.
// While the routes work (e.g. waiting for the log's fsync) no timer runs and
// the session holds io_context work, so a graceful shutdown waits for it.
//
// Protocol errors get a JSON reply and the connection is closed:
//   header over the limit -> 431; declared/actual body over the limit -> 413
//   (via HttpRoutes::TooLarge); unparsable request, or a request framed
//   ambiguously (http_framing.h: a Transfer-Encoding other than chunked,
//   Content-Length with Transfer-Encoding, trailer fields, no or two Host
//   fields in HTTP/1.1) -> 400. After such a reply
//   the session half-closes and discards what the client still sends (up to a
//   bound) so the client reads the reply instead of a reset.
// Timeouts close the connection without a reply.
//
// Thread safety: the session lives on one io_context that exactly one thread
// runs (HttpServer has one io_context per I/O thread), so every member runs
// on that thread without a strand. Shutdown and ForceClose may be called from
// any thread; they post to the session's io_context.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "ingest/http_routes.h"
#include "ingest/session_registry.h"
#include "ledger/clock.h"

namespace subledger {

// A connection runs on the executor of a single-threaded io_context: no
// strand needed (a strand per connection cost ~5 % of the I/O thread's CPU),
// and a concrete executor type (rather than any_io_executor) keeps the
// per-operation cost down.
using SessionExecutor = boost::asio::io_context::executor_type;
using SessionSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, SessionExecutor>;
using SessionStream =
    boost::beast::basic_stream<boost::asio::ip::tcp, SessionExecutor, boost::beast::unlimited_rate_policy>;

struct SessionLimits {
  size_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // `socket` must have been accepted on `ioc`, which one thread runs. The routes,
  // limits, clock, registry and `ioc` must outlive the session (the destructor
  // unregisters itself and releases its socket and timer into `ioc`).
  HttpSession(SessionSocket&& socket, boost::asio::io_context& ioc,
              HttpRoutes& routes, const SessionLimits& limits, const Clock& clock,
              SessionRegistry& registry);
  ~HttpSession();

  // Registers with the registry and starts reading.
  void Start();
  // Graceful: an idle connection closes now; a busy one after its reply.
  void Shutdown();
  // Closes the socket now, whatever the state (a pending reply is dropped).
  void ForceClose();

 private:
  enum class State { kIdle, kReadingBody, kHandling, kWriting, kClosing };

  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, size_t header_bytes);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void OnReadError(boost::beast::error_code ec);
  void Dispatch();
  void Write(const HttpReply& reply);
  void OnWrite(boost::beast::error_code ec);
  // Writes a final reply, then half-closes and drains before closing.
  void WriteFinal(const HttpReply& reply);
  void Linger();
  void OnLinger(boost::beast::error_code ec, size_t bytes);
  void Close();

  SessionStream stream_;
  boost::asio::io_context& ioc_;
  HttpRoutes& routes_;
  const SessionLimits& limits_;
  const Clock& clock_;
  SessionRegistry& registry_;

  boost::beast::flat_buffer buffer_;  // at most max_header_bytes + one read (http_session.cc)
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string remote_;  // "ip:port" of the client, for logs
  std::string out_;  // serialized reply; capacity reused across requests
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  State state_ = State::kIdle;
  bool keep_alive_ = true;
  bool linger_after_write_ = false;
  bool stopping_ = false;
  uint64_t lingered_bytes_ = 0;
  size_t header_fields_ = 0;  // fields when the header was done (trailers add more)
};

}  // namespace subledger
