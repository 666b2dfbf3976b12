#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace subledger::testing {

namespace {

using Clock = std::chrono::steady_clock;

int MillisLeft(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(std::min<int64_t>(ms, 1 << 30));
}

Clock::time_point DeadlineIn(double seconds) {
  return Clock::now() + std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
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
  std::string wire;
  wire.reserve(body.size() + 256);
  wire += method + " " + target + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) + "\r\n";
  for (const auto& [k, v] : headers) wire += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    wire += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  wire += "\r\n";
  wire.append(body);

  const bool reused = conn_.is_open();
  bool retryable = false;
  HttpResponse r = RequestOnce(wire, &retryable);
  if (r.status == 0 && reused && retryable) {
    conn_.Close();
    r = RequestOnce(wire, &retryable);
  }
  return r;
}

HttpResponse HttpClient::RequestOnce(const std::string& wire, bool* retryable) {
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
  auto deadline = DeadlineIn(timeout_);
  std::string in;
  size_t header_end;
  while ((header_end = in.find("\r\n\r\n")) == std::string::npos) {
    long r = conn_.Receive(in, MillisLeft(deadline) / 1000.0);
    if (r <= 0) {
      *retryable = in.empty() && r != -2;
      return fail(r == -2 ? "timed out waiting for response headers" : "connection closed before response");
    }
  }
  // Status line and headers.
  std::string_view head(in.data(), header_end);
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") return fail("bad status line");
  resp.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string_view::npos) next = head.size();
    std::string_view line = head.substr(pos, next - pos);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string value(line.substr(colon + 1));
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      resp.headers[Lower(std::string(line.substr(0, colon)))] = value;
    }
    pos = next + 2;
  }
  std::string rest = in.substr(header_end + 4);
  auto read_more = [&]() -> bool {
    long r = conn_.Receive(rest, MillisLeft(deadline) / 1000.0);
    return r > 0;
  };
  const std::string te = Lower(resp.Header("transfer-encoding"));
  const std::string cl = resp.Header("content-length");
  if (te.find("chunked") != std::string::npos) {
    size_t p = 0;
    for (;;) {
      size_t line_end;
      while ((line_end = rest.find("\r\n", p)) == std::string::npos) {
        if (!read_more()) return fail("truncated chunked body");
      }
      size_t chunk = std::strtoul(rest.substr(p, line_end - p).c_str(), nullptr, 16);
      p = line_end + 2;
      if (chunk == 0) {
        while (rest.find("\r\n", p) == std::string::npos) {
          if (!read_more()) return fail("truncated chunked trailer");
        }
        break;
      }
      while (rest.size() < p + chunk + 2) {
        if (!read_more()) return fail("truncated chunk");
      }
      resp.body.append(rest, p, chunk);
      p += chunk + 2;
    }
  } else if (!cl.empty()) {
    size_t n = std::strtoul(cl.c_str(), nullptr, 10);
    while (rest.size() < n) {
      if (!read_more()) return fail("truncated body");
    }
    resp.body = rest.substr(0, n);
  } else if (resp.status >= 200 && resp.status != 204 && resp.status != 304) {
    // No length: the body runs to the end of the connection.
    for (;;) {
      long r = conn_.Receive(rest, MillisLeft(deadline) / 1000.0);
      if (r == 0) break;
      if (r < 0) return fail("error reading close-delimited body");
    }
    resp.body = rest;
    conn_.Close();
  }
  if (Lower(resp.Header("connection")) == "close") conn_.Close();
  return resp;
}

}  // namespace subledger::testing
