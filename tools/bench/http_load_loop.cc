#include "tools/bench/http_load_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace subledger::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
  int fd = -1;
  bool connecting = false;
  bool in_flight = false;
  std::string out;
  size_t out_off = 0;
  std::string in;
  uint64_t tag = 0;
  Clock::time_point started;
};

int OpenSocket(const LoadOptions& o) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(o.port);
  inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

// Parses a complete response at the start of `in`. Returns its length, 0 if
// incomplete, or -1 if malformed. Sets status and whether it was a duplicate.
long ParseResponse(const std::string& in, int* status, bool* duplicate, bool* close_after) {
  size_t header_end = in.find("\r\n\r\n");
  if (header_end == std::string::npos) return 0;
  if (in.size() < 12 || in.compare(0, 5, "HTTP/") != 0) return -1;
  *status = std::atoi(in.c_str() + 9);
  size_t body_len = 0;
  *close_after = false;
  for (size_t pos = in.find("\r\n") + 2; pos < header_end;) {
    size_t eol = in.find("\r\n", pos);
    std::string line = in.substr(pos, eol - pos);
    for (auto& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (line.rfind("content-length:", 0) == 0) body_len = std::strtoul(line.c_str() + 15, nullptr, 10);
    if (line.rfind("connection:", 0) == 0 && line.find("close") != std::string::npos) *close_after = true;
    pos = eol + 2;
  }
  size_t total = header_end + 4 + body_len;
  if (in.size() < total) return 0;
  *duplicate = in.find("\"duplicate\":true", header_end) != std::string::npos;
  return static_cast<long>(total);
}

}  // namespace

LoadResult RunLoad(const LoadOptions& options, const RequestSource& next_request) {
  LoadResult result;
  int ep = epoll_create1(EPOLL_CLOEXEC);
  std::vector<std::unique_ptr<Conn>> conns;
  const auto t0 = Clock::now();
  const auto warm_end = t0 + std::chrono::microseconds(static_cast<int64_t>(options.warmup_seconds * 1e6));
  const auto end = warm_end + std::chrono::microseconds(static_cast<int64_t>(options.duration_seconds * 1e6));
  result.latencies_us.reserve(1 << 20);

  auto note_error = [&](const std::string& e) {
    if (result.error_samples.size() < 5) result.error_samples.push_back(e);
  };
  auto arm = [&](Conn* c, uint32_t events, int op) {
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = c;
    epoll_ctl(ep, op, c->fd, &ev);
  };
  auto open_conn = [&](Conn* c) {
    c->fd = OpenSocket(options);
    c->connecting = true;
    c->in_flight = false;
    c->in.clear();
    if (c->fd < 0) {
      ++result.transport_errors;
      note_error(std::string("connect: ") + std::strerror(errno));
      return;
    }
    arm(c, EPOLLOUT, EPOLL_CTL_ADD);
  };
  auto drop_conn = [&](Conn* c, const std::string& why) {
    if (c->in_flight && Clock::now() < end) {
      ++result.transport_errors;
      note_error(why);
    }
    if (c->fd >= 0) {
      epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, nullptr);
      close(c->fd);
    }
    c->fd = -1;
    if (Clock::now() < end) open_conn(c);
  };
  // Writes as much of the pending request as the socket takes.
  auto flush = [&](Conn* c) {
    while (c->out_off < c->out.size()) {
      ssize_t w = send(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off, MSG_NOSIGNAL);
      if (w > 0) {
        c->out_off += static_cast<size_t>(w);
      } else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
        arm(c, EPOLLOUT, EPOLL_CTL_MOD);
        return;
      } else {
        drop_conn(c, std::string("send: ") + std::strerror(errno));
        return;
      }
    }
    arm(c, EPOLLIN, EPOLL_CTL_MOD);
  };
  auto start_request = [&](Conn* c) {
    c->tag = next_request(&c->out);
    c->out_off = 0;
    c->in.clear();
    c->in_flight = true;
    c->started = Clock::now();
    flush(c);
  };

  for (int i = 0; i < options.connections; ++i) {
    conns.push_back(std::make_unique<Conn>());
    open_conn(conns.back().get());
  }
  std::vector<epoll_event> events(static_cast<size_t>(options.connections) + 1);
  char buf[16384];
  while (Clock::now() < end) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int i = 0; i < n; ++i) {
      Conn* c = static_cast<Conn*>(events[i].data.ptr);
      if (c->fd < 0) continue;
      if (c->connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0 || (events[i].events & (EPOLLERR | EPOLLHUP))) {
          c->in_flight = true;  // count the failed connect
          drop_conn(c, std::string("connect: ") + std::strerror(err));
          continue;
        }
        c->connecting = false;
        start_request(c);
        continue;
      }
      if (c->out_off < c->out.size()) {
        flush(c);
        continue;
      }
      ssize_t r = recv(c->fd, buf, sizeof buf, 0);
      if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
        drop_conn(c, r == 0 ? "server closed the connection" : std::string("recv: ") + std::strerror(errno));
        continue;
      }
      if (r < 0) continue;
      c->in.append(buf, static_cast<size_t>(r));
      int status = 0;
      bool duplicate = false, close_after = false;
      long used = ParseResponse(c->in, &status, &duplicate, &close_after);
      if (used == 0) continue;
      const auto now = Clock::now();
      if (used < 0) {
        drop_conn(c, "malformed response");
        continue;
      }
      if (status == 200) result.acknowledged.push_back(c->tag);
      if (c->started >= warm_end && now <= end) {
        result.latencies_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(now - c->started).count()));
        if (status == 200 && !duplicate) {
          ++result.ok;
        } else if (status == 200) {
          ++result.duplicates;
        } else {
          ++result.http_errors;
          note_error("HTTP " + std::to_string(status) + ": " + c->in.substr(c->in.find("\r\n\r\n") + 4, 200));
        }
      }
      c->in_flight = false;
      if (close_after) {
        drop_conn(c, "");
      } else if (now < end) {
        start_request(c);
      }
    }
  }
  result.measured_seconds = options.duration_seconds;
  for (auto& c : conns) {
    if (c->fd >= 0) close(c->fd);
  }
  close(ep);
  return result;
}

}  // namespace subledger::bench
