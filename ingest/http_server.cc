#include "ingest/http_server.h"

#include <boost/asio/post.hpp>
#include <algorithm>
#include <thread>
#include <vector>

#include "ingest/json_log.h"
#include "ledger/thread_name.h"

namespace subledger {

namespace net = boost::asio;

namespace {

SessionLimits LimitsFor(const HttpServerOptions& o, uint64_t max_body_bytes) {
  SessionLimits limits;
  limits.max_header_bytes = o.max_header_bytes;
  limits.max_body_bytes = max_body_bytes;
  limits.header_timeout = o.header_timeout;
  limits.body_timeout = o.body_timeout;
  limits.write_timeout = o.write_timeout;
  return limits;
}

std::vector<std::unique_ptr<net::io_context>> MakeContexts(size_t n) {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (size_t i = 0; i < std::max<size_t>(1, n); ++i) {
    contexts.push_back(std::make_unique<net::io_context>(1));  // one thread runs each
  }
  return contexts;
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, HttpRoutes& public_routes,
                       HttpRoutes& admin_routes, const Clock& clock)
    : options_(std::move(options)),
      contexts_(MakeContexts(options_.threads)),
      ioc_(*contexts_[0]),
      public_(ioc_, [this]() -> net::io_context& { return NextSessionContext(); }, "public",
              public_routes, LimitsFor(options_, options_.max_body_bytes), options_.max_connections,
              clock),
      admin_(ioc_, [this]() -> net::io_context& { return NextSessionContext(); }, "admin",
             admin_routes, LimitsFor(options_, options_.max_admin_body_bytes),
             options_.max_admin_connections, clock),
      drain_timer_(ioc_) {}

net::io_context& HttpServer::NextSessionContext() {
  return *contexts_[next_context_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

// Runs ready handlers on every context, twice: a handler on one context may
// post to another (a listener's Stop posts each session's Shutdown).
void HttpServer::PollAll() {
  for (int round = 0; round < 2; ++round) {
    for (auto& context : contexts_) context->poll();
  }
}

HttpServer::~HttpServer() {
  // No thread runs the io_context here (Run has returned or never ran). Run
  // returning leaves it stopped: restart so poll() executes handlers.
  stopping_.store(true);
  idle_guards_.clear();
  for (auto& context : contexts_) context->restart();
  // 1. Close the acceptors and retry timers and ask the sessions to finish
  //    (posted to the listener strands), and run that plus every handler it
  //    cancels. Afterwards no listener accepts, so no new session can appear.
  public_.Stop();
  admin_.Stop();
  PollAll();
  // 2. Close what is still open (including a session created by an accept
  //    that completed just before step 1): the aborted reads, writes and
  //    timers run here and release the sessions they hold, so no session
  //    outlives the registries and limits in the listeners.
  public_.ForceCloseAll();
  admin_.ForceCloseAll();
  drain_timer_.cancel();
  PollAll();
  if (const size_t left = active_connections(); left != 0) {
    // Only a route still holding `respond` keeps a session alive here.
    JsonLog::Error("http_sessions_outlive_server").Int("sessions", static_cast<int64_t>(left));
  }
  // Members are destroyed in reverse order: drain timer, listeners (their
  // timers, acceptors and strands), and the io_contexts last.
}

Status HttpServer::Bind() {
  Status s = public_.Bind(options_.public_endpoint);
  if (!s.ok()) return s;
  return admin_.Bind(options_.admin_endpoint);
}

void HttpServer::Run() {
  if (stopping_.load()) return;
  public_.Start();
  admin_.Start();
  // Contexts other than the first may have no connection for a while; keep
  // them running until the first one has drained (its acceptors, and after
  // Stop its drain timer, keep it busy until no connection is left).
  for (size_t i = 1; i < contexts_.size(); ++i) idle_guards_.emplace_back(contexts_[i]->get_executor());
  std::vector<std::thread> extra;
  for (size_t i = 1; i < contexts_.size(); ++i) {
    extra.emplace_back([this, i] {
      NameThisThread(("sl-io-" + std::to_string(i)).c_str());
      contexts_[i]->run();
    });
  }
  ioc_.run();
  idle_guards_.clear();  // the others finish what is left, then return
  for (auto& t : extra) t.join();
}

void HttpServer::Stop() {
  if (stopping_.exchange(true)) return;
  net::post(drain_timer_.get_executor(), [this] {
    JsonLog::Info("shutting_down")
        .Int("open_connections", static_cast<int64_t>(active_connections()))
        .Int("grace_ms", options_.shutdown_timeout.count());
    public_.Stop();
    admin_.Stop();
    force_at_ = std::chrono::steady_clock::now() + options_.shutdown_timeout;
    PollDrain();
  });
}

// Re-arms itself until no connection is left, so the io_context runs out of
// work (and Run returns) as soon as the last in-flight request is answered.
void HttpServer::PollDrain() {
  if (active_connections() == 0) return;
  if (!forced_ && std::chrono::steady_clock::now() >= force_at_) {
    forced_ = true;
    JsonLog::Warn("shutdown_grace_expired")
        .Int("closing_connections", static_cast<int64_t>(active_connections()));
    public_.ForceCloseAll();
    admin_.ForceCloseAll();
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) PollDrain();
  });
}

}  // namespace subledger
