#include "daemon/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "ingest/json_log.h"
#include "ledger/thread_name.h"

namespace subledger {
namespace {

class SystemdNotifyComponent final : public DaemonComponent {
 public:
  explicit SystemdNotifyComponent(Daemon& daemon) : daemon_(daemon) {}
  ~SystemdNotifyComponent() override { Stop(); }
  std::string_view name() const override { return "systemd_notify"; }

  Status Start() override {
    sd_notify(0, "READY=1\nSTATUS=serving webhooks and the admin listener");
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
      JsonLog::Info("watchdog_enabled").Int("interval_ms", static_cast<int64_t>(usec / 1000));
      stop_ = false;
      pinger_ = std::thread([this, usec] {
        NameThisThread("sl-watchdog");
        Ping(std::chrono::microseconds(usec / 2));
      });
    }
    return Status::Ok();
  }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopped_ = true;
      stop_ = true;
    }
    wake_.notify_all();
    if (pinger_.joinable()) pinger_.join();
    sd_notify(0, "STOPPING=1");
  }

 private:
  // Posts a heartbeat to the event loop each period and pings systemd only
  // when the previous one has run.
  void Ping(std::chrono::microseconds period) {
    uint64_t seen = beats_->load();
    PostHeartbeat();
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, period, [this] { return stop_; })) {
      const uint64_t now = beats_->load();
      if (now == seen) continue;  // the loop has not run our heartbeat: no ping
      seen = now;
      sd_notify(0, "WATCHDOG=1");
      PostHeartbeat();
    }
  }

  // The counter is shared: a heartbeat still queued when the daemon goes
  // away never touches a destroyed component.
  void PostHeartbeat() {
    boost::asio::post(daemon_.server().io_context(), [beats = beats_] { beats->fetch_add(1); });
  }

  Daemon& daemon_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool stopped_ = false;
  std::shared_ptr<std::atomic<uint64_t>> beats_ = std::make_shared<std::atomic<uint64_t>>(0);
  std::thread pinger_;
};

}  // namespace

void InstallSystemdNotify(Daemon& daemon) {
  daemon.AddComponent(std::make_unique<SystemdNotifyComponent>(daemon));
}

}  // namespace subledger
