// Core dumps of subledgerd. A core holds the process's memory: the webhook
// signing secrets (and the Stripe key, and the bodies in flight, with
// customers' e-mail addresses). So subledgerd is not dumpable by default:
//
//  * DisableCoreDumps(): prctl(PR_SET_DUMPABLE, 0) -- no core, whatever the
//    system's core_pattern (a pipe to systemd-coredump included), and no
//    ptrace or /proc/PID/mem by other processes of the same user -- and the
//    RLIMIT_CORE soft limit 0. Returns the settings before, so that
//  * RestoreCoreDumps(before) can undo it (--allow-core-dumps, for
//    debugging a crash on a machine whose cores are handled safely).
//  * CurrentCoreDumps(): the kernel's view now, for the start-up log line.
//
// main() calls DisableCoreDumps() before it reads the environment.
// Thread safety: process-wide settings; call from main before threads start.
#pragma once

#include <cstdint>

namespace subledger {

struct CoreDumpSettings {
  bool dumpable = true;     // PR_GET_DUMPABLE == 1
  uint64_t core_limit = 0;  // RLIMIT_CORE soft limit (RLIM_INFINITY as is)
  bool enabled() const { return dumpable && core_limit > 0; }
};

CoreDumpSettings DisableCoreDumps();
void RestoreCoreDumps(const CoreDumpSettings& before);
CoreDumpSettings CurrentCoreDumps();

}  // namespace subledger
