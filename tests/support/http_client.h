// A tiny blocking HTTP/1.1 client for tests.
//
// TcpConnection is a raw loopback TCP stream (for hostile-client tests:
// half-sent headers, stalls). HttpClient sends one request at a time over a
// keep-alive TcpConnection, reconnecting when the server closed it; Beast
// writes the request and parses the response (Content-Length, chunked, or
// to the end of the connection), under the client's deadline.
//
// Failures never throw: a transport failure is an HttpResponse with status 0
// and `error` set. Every blocking call is bounded by the client's timeout.
//
// Thread safety: one object per thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace subledger::testing {

class TcpConnection {
 public:
  TcpConnection() = default;
  ~TcpConnection() { Close(); }
  TcpConnection(TcpConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  TcpConnection& operator=(TcpConnection&& other) noexcept;
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  // Connects to host:port (numeric IPv4, e.g. "127.0.0.1"). Returns "" or an error.
  std::string Connect(const std::string& host, uint16_t port, double timeout_seconds);
  bool is_open() const { return fd_ >= 0; }
  // Sends every byte; false on error (e.g. the peer closed).
  bool SendAll(std::string_view data);
  // Reads what is available, waiting up to timeout_seconds. Returns bytes read
  // (> 0), 0 on orderly close by the peer, -1 on error/reset, -2 on timeout.
  long Receive(std::string& append_to, double timeout_seconds);
  // Waits until the peer closes the connection (discarding data). True if it
  // closed (FIN or RST) within timeout_seconds.
  bool WaitForPeerClose(double timeout_seconds);
  void Close();
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

struct HttpResponse {
  int status = 0;                              // 0 = transport failure (see error)
  std::string error;                           // "" unless status == 0
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port, double timeout_seconds = 10.0);

  // Sends one request and reads the response. `headers` are sent as given;
  // Host, Content-Length (for non-empty bodies or POST/PUT) are added.
  // If a reused keep-alive connection turns out to be closed before any
  // response byte arrives, reconnects and sends once more.
  HttpResponse Request(const std::string& method, const std::string& target,
                       std::string_view body = {},
                       const std::map<std::string, std::string>& headers = {});
  HttpResponse Get(const std::string& target) { return Request("GET", target); }

  // Number of TCP connections opened so far (1 when keep-alive worked throughout).
  int connections_opened() const { return connections_opened_; }
  void Close() { conn_.Close(); }

 private:
  HttpResponse RequestOnce(const std::string& wire, bool head, bool* retryable);
  std::string host_;
  uint16_t port_;
  double timeout_;
  TcpConnection conn_;
  int connections_opened_ = 0;
};

}  // namespace subledger::testing
