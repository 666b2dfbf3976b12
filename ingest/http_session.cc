#include "ingest/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <charconv>
#include <system_error>

#include "ingest/http_framing.h"
#include "ingest/json_log.h"

namespace subledger {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After a final error reply, read and discard at most this much / this long.
constexpr uint64_t kMaxLingerBytes = 8 << 20;
constexpr std::chrono::milliseconds kLingerTimeout{2'000};
// Beast reads into the free space of the buffer (at least 512 bytes). Left to
// grow on demand it stays near the header's size, and a 5 KB webhook then
// takes ten recvmsg calls; with this much room one call takes a whole request.
constexpr size_t kReadBufferBytes = 16 * 1024;
// What one read may add (Beast asks for at most 64 KiB, Linger too). The
// buffer holds no more than a header, or an unfinished chunk-size line or
// trailer, and one read: capped, an endless chunk extension or trailer field
// is a 400 (buffer_overflow) instead of memory grown until the deadline.
constexpr size_t kReadBytes = 64 * 1024;

}  // namespace

HttpSession::HttpSession(SessionSocket&& socket, net::io_context& ioc, HttpRoutes& routes,
                         const SessionLimits& limits, const Clock& clock,
                         SessionRegistry& registry)
    : stream_(std::move(socket)),
      ioc_(ioc),
      routes_(routes),
      limits_(limits),
      clock_(clock),
      registry_(registry),
      buffer_(limits.max_header_bytes + kReadBytes) {
  beast::error_code ec;
  const auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = remote.address().to_string() + ":" + std::to_string(remote.port());
}

HttpSession::~HttpSession() { registry_.Remove(this); }

void HttpSession::Start() {
  buffer_.reserve(kReadBufferBytes);
  registry_.Add(shared_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
}

void HttpSession::Shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    self->keep_alive_ = false;
    if (self->state_ == State::kIdle) self->Close();
  });
}

void HttpSession::ForceClose() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
}

void HttpSession::ReadHeader() {
  if (stopping_) {
    Close();
    return;
  }
  state_ = State::kIdle;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  parser_->body_limit(limits_.max_body_bytes);
  stream_.expires_after(limits_.header_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                            self->OnHeader(ec, bytes);
                          });
}

void HttpSession::OnHeader(beast::error_code ec, size_t header_bytes) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  // Beast applies its limit to the request line and the fields separately;
  // the configured limit is for the whole header.
  if (header_bytes > limits_.max_header_bytes) {
    WriteFinal(HeaderTooLargeReply());
    return;
  }
  // Framing first: after a misread length the body would be the next request.
  if (const std::string problem = FramingProblem(parser_->get()); !problem.empty()) {
    WriteFinal(BadHttpRequestReply(problem));
    return;
  }
  header_fields_ = HeaderFieldCount(parser_->get());
  state_ = State::kReadingBody;
  if (parser_->is_done()) {
    Dispatch();
    return;
  }
  const auto expect = parser_->get()[http::field::expect];
  if (beast::iequals(expect, "100-continue")) {
    stream_.expires_after(limits_.write_timeout);
    net::async_write(stream_, net::const_buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code wec, size_t) {
                       if (wec) {
                         self->Close();
                       } else {
                         self->ReadBody();
                       }
                     });
    return;
  }
  ReadBody();
}

void HttpSession::ReadBody() {
  // A webhook usually arrives in one segment, already buffered with its
  // header: parse it in place rather than starting another async read.
  while (!parser_->is_done() && buffer_.size() > 0) {
    beast::error_code ec;
    const size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) break;
    if (ec) {
      OnReadError(ec);
      return;
    }
    if (used == 0) break;
  }
  if (parser_->is_done()) {
    Dispatch();
    return;
  }
  stream_.expires_after(limits_.body_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void HttpSession::OnBody(beast::error_code ec) {
  if (ec) {
    OnReadError(ec);
    return;
  }
  Dispatch();
}

void HttpSession::OnReadError(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    // A declared Content-Length over the limit fails in the parser's
    // finish-header step, before is_header_done() (so content_length() must
    // not be asked, it asserts): take the length from the parsed field. A
    // chunked body has none: how long it would have grown is unknown.
    std::optional<uint64_t> bytes;
    const auto field = parser_->get()[http::field::content_length];
    uint64_t declared = 0;
    const auto [end, cec] = std::from_chars(field.data(), field.data() + field.size(), declared);
    if (!field.empty() && cec == std::errc() && end == field.data() + field.size()) {
      bytes = declared;
    }
    WriteFinal(routes_.TooLarge(parser_->get(), bytes, clock_.MonotonicNanos()));
    return;
  }
  if (ec == http::error::header_limit) {
    WriteFinal(HeaderTooLargeReply());
    return;
  }
  const bool nothing_read = state_ == State::kIdle && !parser_->got_some();
  if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message &&
      !nothing_read) {
    // A syntactically invalid request (bad method, target, field, chunk...).
    WriteFinal(BadHttpRequestReply(ec.message()));
    return;
  }
  // Peer closed, reset, timed out, or we were cancelled: nothing to answer.
  if (ec == beast::error::timeout && !nothing_read) {
    JsonLog::Warn("http_timeout")
        .Str("phase", state_ == State::kIdle ? "header" : "body")
        .Str("remote", remote_);
  }
  Close();
}

void HttpSession::Dispatch() {
  stream_.expires_never();
  HttpRequest& request = parser_->get();
  if (HeaderFieldCount(request) != header_fields_) {  // Beast added trailer fields
    WriteFinal(BadHttpRequestReply(kTrailerProblem));
    return;
  }
  state_ = State::kHandling;
  keep_alive_ = keep_alive_ && !stopping_ && request.keep_alive();
  work_.emplace(ioc_.get_executor());
  routes_.Handle(request, clock_.MonotonicNanos(), stream_.get_executor(),
                 [self = shared_from_this()](HttpReply reply) { self->Write(reply); });
}

void HttpSession::Write(const HttpReply& reply) {
  work_.reset();
  if (state_ == State::kClosing) return;  // force-closed while the routes worked
  state_ = State::kWriting;
  const HttpRequest& request = parser_->get();
  if (stopping_) keep_alive_ = false;
  SerializeReply(reply, keep_alive_, request.version() == 10,
                 request.method() == http::verb::head, out_);
  stream_.expires_after(limits_.write_timeout);
  net::async_write(stream_, net::buffer(out_),
                   [self = shared_from_this()](beast::error_code ec, size_t) {
                     self->OnWrite(ec);
                   });
}

void HttpSession::OnWrite(beast::error_code ec) {
  if (ec) {
    Close();
    return;
  }
  if (linger_after_write_) {
    Linger();
    return;
  }
  if (!keep_alive_) {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    Close();
    return;
  }
  ReadHeader();
}

void HttpSession::WriteFinal(const HttpReply& reply) {
  keep_alive_ = false;
  linger_after_write_ = true;
  Write(reply);
}

void HttpSession::Linger() {
  state_ = State::kClosing;
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  buffer_.consume(buffer_.size());
  stream_.expires_after(kLingerTimeout);
  stream_.async_read_some(buffer_.prepare(kReadBytes),
                          [self = shared_from_this()](beast::error_code rec, size_t n) {
                            self->OnLinger(rec, n);
                          });
}

void HttpSession::OnLinger(beast::error_code ec, size_t bytes) {
  lingered_bytes_ += bytes;
  if (ec || lingered_bytes_ > kMaxLingerBytes) {
    Close();
    return;
  }
  stream_.async_read_some(buffer_.prepare(kReadBytes),
                          [self = shared_from_this()](beast::error_code rec, size_t n) {
                            self->OnLinger(rec, n);
                          });
}

void HttpSession::Close() {
  state_ = State::kClosing;
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

}  // namespace subledger
