// NameThisThread: gives the calling thread a name that `top -H`, `ps -L`,
// perf, gdb and /proc/PID/task/*/comm show ("sl-committer", "sl-io-1", ...).
// Linux keeps at most 15 bytes; a longer name is cut, never an error.
//
// Never call it on a process's main thread: its name is the process's comm
// (what `pgrep subledgerd` matches).
//
// Thread safety: names only the calling thread.
#pragma once

namespace subledger {

void NameThisThread(const char* name);

}  // namespace subledger
