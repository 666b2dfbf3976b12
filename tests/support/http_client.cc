#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>

#include "ledger/ascii.h"

namespace subledger::testing {

namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

using Clock = std::chrono::steady_clock;

int MillisLeft(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(std::min<int64_t>(ms, 1 << 30));
}

Clock::time_point DeadlineIn(double seconds) {
  return Clock::now() + std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
}

}  // namespace

TcpConnection& TcpConnection::operator=(TcpConnection&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

std::string TcpConnection::Connect(const std::string& host, uint16_t port, double timeout_seconds) {
  Close();
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return std::string("socket: ") + std::strerror(errno);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    close(fd);
    return "bad IPv4 address " + host;
  }
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  if (rc != 0 && errno != EINPROGRESS) {
    std::string e = std::string("connect: ") + std::strerror(errno);
    close(fd);
    return e;
  }
  if (rc != 0) {
    pollfd p{fd, POLLOUT, 0};
    int pr = poll(&p, 1, static_cast<int>(timeout_seconds * 1000));
    int soerr = 0;
    socklen_t len = sizeof soerr;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len);
    if (pr <= 0 || soerr != 0) {
      close(fd);
      return pr <= 0 ? "connect: timed out" : std::string("connect: ") + std::strerror(soerr);
    }
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fd_ = fd;
  return "";
}

bool TcpConnection::SendAll(std::string_view data) {
  auto deadline = DeadlineIn(30);
  while (!data.empty() && fd_ >= 0) {
    ssize_t w = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (w > 0) {
      data.remove_prefix(static_cast<size_t>(w));
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (poll(&p, 1, MillisLeft(deadline)) <= 0) return false;
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return data.empty();
}

long TcpConnection::Receive(std::string& append_to, double timeout_seconds) {
  if (fd_ < 0) return -1;
  auto deadline = DeadlineIn(timeout_seconds);
  char buf[65536];
  for (;;) {
    ssize_t r = recv(fd_, buf, sizeof buf, 0);
    if (r > 0) {
      append_to.append(buf, static_cast<size_t>(r));
      return r;
    }
    if (r == 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    pollfd p{fd_, POLLIN, 0};
    int left = MillisLeft(deadline);
    if (left == 0 || poll(&p, 1, left) == 0) return -2;
  }
}

bool TcpConnection::WaitForPeerClose(double timeout_seconds) {
  auto deadline = DeadlineIn(timeout_seconds);
  std::string sink;
  for (;;) {
    int left = MillisLeft(deadline);
    if (left == 0) return false;
    long r = Receive(sink, left / 1000.0);
    if (r == 0 || r == -1) return true;
    if (r == -2) return false;
    sink.clear();
  }
}

void TcpConnection::Close() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string host, uint16_t port, double timeout_seconds)
    : host_(std::move(host)), port_(port), timeout_(timeout_seconds) {}

HttpResponse HttpClient::Request(const std::string& method, const std::string& target,
                                 std::string_view body,
                                 const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, host_ + ":" + std::to_string(port_));
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::string(body);
  if (!body.empty() || method == "POST" || method == "PUT") request.prepare_payload();
  std::ostringstream wire;
  wire << request;

  const bool head = method == "HEAD";
  const bool reused = conn_.is_open();
  bool retryable = false;
  HttpResponse r = RequestOnce(wire.str(), head, &retryable);
  if (r.status == 0 && reused && retryable) {
    conn_.Close();
    r = RequestOnce(wire.str(), head, &retryable);
  }
  return r;
}

HttpResponse HttpClient::RequestOnce(const std::string& wire, bool head, bool* retryable) {
  HttpResponse resp;
  *retryable = false;
  if (!conn_.is_open()) {
    std::string err = conn_.Connect(host_, port_, timeout_);
    if (!err.empty()) {
      resp.error = err;
      return resp;
    }
    ++connections_opened_;
  }
  auto fail = [&](const std::string& what) {
    conn_.Close();
    resp.status = 0;
    resp.error = what;
    return resp;
  };
  if (!conn_.SendAll(wire)) {
    *retryable = true;
    return fail("send failed");
  }
  // Beast's parser reads the response (Content-Length, chunked, or to the
  // end of the connection); this loop only feeds it bytes until the deadline.
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  const auto deadline = DeadlineIn(timeout_);
  std::string in;
  size_t used = 0;
  while (!parser.is_done()) {
    beast::error_code ec;
    if (used < in.size()) {
      used += parser.put(boost::asio::buffer(in.data() + used, in.size() - used), ec);
      if (ec && ec != http::error::need_more) return fail("bad response: " + ec.message());
      if (!ec) continue;
    }
    const long r = conn_.Receive(in, MillisLeft(deadline) / 1000.0);
    if (r == 0 && parser.is_header_done()) {
      parser.put_eof(ec);  // a body that runs to the end of the connection
      if (ec) return fail("truncated body: " + ec.message());
    } else if (r <= 0) {
      *retryable = in.empty() && r != -2;
      return fail(r == -2 ? "timed out waiting for the response"
                          : in.empty() ? "connection closed before response" : "truncated response");
    }
  }
  const http::response<http::string_body>& message = parser.get();
  resp.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    resp.headers[AsciiLower(std::string(field.name_string()))] = std::string(field.value());
  }
  resp.body = message.body();
  if (!message.keep_alive()) conn_.Close();
  return resp;
}

}  // namespace subledger::testing
