// subledgerd's side of systemd's notify protocol (sd_notify(3)), for the
// packaged unit's Type=notify and WatchdogSec= (packaging/subledgerd.service).
//
//   READY=1     once every other component has started: the event log is
//               open, the projections have caught up, and both listeners are
//               bound and listening (connections queue until Run serves them);
//   WATCHDOG=1  every WatchdogSec/2 while the first I/O thread's io_context
//               keeps running what is posted to it: a wedged event loop stops
//               the pings and systemd restarts the daemon. A full disk does
//               not stop them (the log recovers by itself, /readyz says so);
//   STOPPING=1  when the daemon shuts down.
//
// Outside systemd (no NOTIFY_SOCKET) every call is a no-op; without
// WATCHDOG_USEC no thread is started.
//
// Thread safety: Start/Stop from the daemon's thread; the pinger is one
// thread of its own.
#pragma once

#include "daemon/daemon.h"

namespace subledger {

// Call after every other Install*: the component must start last.
void InstallSystemdNotify(Daemon& daemon);

}  // namespace subledger
