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
#include <vector>

namespace subledger::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
  int fd = -1;
  bool connecting = false;
  bool in_flight = false;
  uint32_t armed = 0;  // the epoll interest registered for fd
  std::string scratch;
  std::string_view out;
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

// One RunLoad: the epoll loop and its connections, one phase per method.
class LoadLoop {
 public:
  LoadLoop(const LoadOptions& options, const RequestSource& next_request)
      : options_(options), next_request_(next_request), ep_(epoll_create1(EPOLL_CLOEXEC)) {
    const auto t0 = Clock::now();
    warm_end_ = t0 + std::chrono::microseconds(static_cast<int64_t>(options.warmup_seconds * 1e6));
    end_ = warm_end_ + std::chrono::microseconds(static_cast<int64_t>(options.duration_seconds * 1e6));
    result_.latencies_us.reserve(1 << 20);
  }
  ~LoadLoop() {
    for (auto& c : conns_) {
      if (c->fd >= 0) close(c->fd);
    }
    close(ep_);
  }

  LoadResult Run() {
    for (int i = 0; i < options_.connections; ++i) {
      conns_.push_back(std::make_unique<Conn>());
      Open(conns_.back().get());
    }
    std::vector<epoll_event> events(static_cast<size_t>(options_.connections) + 1);
    while (Clock::now() < end_) {
      const int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), 50);
      for (int i = 0; i < n; ++i) OnEvent(static_cast<Conn*>(events[i].data.ptr), events[i].events);
    }
    result_.measured_seconds = options_.duration_seconds;
    return std::move(result_);
  }

 private:
  void NoteError(const std::string& e) {
    if (result_.error_samples.size() < 5) result_.error_samples.push_back(e);
  }

  void Arm(Conn* c, uint32_t events, int op) {
    if (op == EPOLL_CTL_MOD && c->armed == events) return;
    c->armed = events;
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = c;
    epoll_ctl(ep_, op, c->fd, &ev);
  }

  void Open(Conn* c) {
    c->fd = OpenSocket(options_);
    c->connecting = true;
    c->in_flight = false;
    c->in.clear();
    if (c->fd < 0) {
      ++result_.transport_errors;
      NoteError(std::string("connect: ") + std::strerror(errno));
      return;
    }
    Arm(c, EPOLLOUT, EPOLL_CTL_ADD);
  }

  void Drop(Conn* c, const std::string& why) {
    if (c->in_flight && Clock::now() < end_) {
      ++result_.transport_errors;
      NoteError(why);
    }
    if (c->fd >= 0) {
      epoll_ctl(ep_, EPOLL_CTL_DEL, c->fd, nullptr);
      close(c->fd);
    }
    c->fd = -1;
    if (Clock::now() < end_) Open(c);
  }

  // Writes as much of the pending request as the socket takes.
  void Flush(Conn* c) {
    while (c->out_off < c->out.size()) {
      const ssize_t w = send(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off, MSG_NOSIGNAL);
      if (w > 0) {
        c->out_off += static_cast<size_t>(w);
      } else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
        Arm(c, EPOLLOUT, EPOLL_CTL_MOD);
        return;
      } else {
        Drop(c, std::string("send: ") + std::strerror(errno));
        return;
      }
    }
    Arm(c, EPOLLIN, EPOLL_CTL_MOD);
  }

  void StartRequest(Conn* c) {
    c->tag = next_request_(&c->scratch, &c->out);
    c->out_off = 0;
    c->in.clear();
    c->in_flight = true;
    c->started = Clock::now();
    Flush(c);
  }

  void OnEvent(Conn* c, uint32_t events) {
    if (c->fd < 0) return;
    if (c->connecting) return OnConnected(c, events);
    if (c->out_off < c->out.size()) return Flush(c);
    OnReadable(c);
  }

  void OnConnected(Conn* c, uint32_t events) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
      c->in_flight = true;  // count the failed connect
      Drop(c, std::string("connect: ") + std::strerror(err));
      return;
    }
    c->connecting = false;
    StartRequest(c);
  }

  void OnReadable(Conn* c) {
    char buf[16384];
    const ssize_t r = recv(c->fd, buf, sizeof buf, 0);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
      Drop(c, r == 0 ? "server closed the connection" : std::string("recv: ") + std::strerror(errno));
      return;
    }
    if (r < 0) return;
    c->in.append(buf, static_cast<size_t>(r));
    int status = 0;
    bool duplicate = false, close_after = false;
    const long used = ParseResponse(c->in, &status, &duplicate, &close_after);
    if (used == 0) return;
    if (used < 0) return Drop(c, "malformed response");
    const auto now = Clock::now();
    if (status == 200) result_.acknowledged.push_back(c->tag);
    Record(c, now, status, duplicate);
    c->in_flight = false;
    if (close_after) {
      Drop(c, "");
    } else if (now < end_) {
      StartRequest(c);
    }
  }

  // Counts a response that started after the warm-up and ended in time.
  void Record(const Conn* c, Clock::time_point now, int status, bool duplicate) {
    if (c->started < warm_end_ || now > end_) return;
    result_.latencies_us.push_back(
        static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - c->started).count()));
    if (status == 200 && !duplicate) {
      ++result_.ok;
    } else if (status == 200) {
      ++result_.duplicates;
    } else {
      ++result_.http_errors;
      NoteError("HTTP " + std::to_string(status) + ": " + c->in.substr(c->in.find("\r\n\r\n") + 4, 200));
    }
  }

  const LoadOptions& options_;
  const RequestSource& next_request_;
  const int ep_;
  LoadResult result_;
  std::vector<std::unique_ptr<Conn>> conns_;
  Clock::time_point warm_end_;
  Clock::time_point end_;
};

}  // namespace

LoadResult RunLoad(const LoadOptions& options, const RequestSource& next_request) {
  return LoadLoop(options, next_request).Run();
}

}  // namespace subledger::bench
