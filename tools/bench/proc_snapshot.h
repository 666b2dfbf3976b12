// Snapshots of CPU time from /proc, taken by bench_ingest exactly when its
// load starts and ends (after its templates are built), so the harness
// measures the daemon and the machine over the load and nothing else.
//
// WriteThreadSnapshot: one line per thread of `pid`: "tid ticks comm" (ticks =
// utime + stime in clock ticks, comm with spaces as '_'), the format of
// thread_cpu in tools/bench/proc_stats.sh. WriteMachineSnapshot: one line
// "total idle" from /proc/stat's "cpu" line (idle includes iowait).
// Both return false when the file cannot be written; a process that is gone
// gives an empty thread snapshot. OwnCpuSeconds: the caller's own CPU time.
// Thread safety: pure functions of /proc and their arguments.
#pragma once

#include <string>

namespace subledger::bench {

bool WriteThreadSnapshot(int pid, const std::string& path);
bool WriteMachineSnapshot(const std::string& path);

// This process's CPU seconds (user + system, every thread) so far.
double OwnCpuSeconds();

}  // namespace subledger::bench
