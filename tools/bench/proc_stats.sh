# Shell helpers for tools/bench-ingest (sourced, not run): CPU time of a
# process's threads and of the machine from /proc, and the threads' roles.
#
#   thread_cpu PID            one line per thread: "tid ticks comm" (ticks = utime+stime,
#                             in clock ticks); nothing if the process is gone
#   machine_cpu               "total idle" ticks of all cores since boot (/proc/stat;
#                             idle includes iowait)
#   thread_roles PID          one line per thread: "tid role", from the thread name when
#                             the thread has one (rocksdb:low...), else from a gdb
#                             backtrace (committer, projector, io, rocksdb-timer...);
#                             BENCH_THREAD_LABELS=comm skips gdb (it stops the process
#                             for a few seconds, so it runs after the measurement)
#   thread_table T0 T1 T2 ROLES LOAD_SECONDS
#                             the per-thread report from three thread_cpu snapshots:
#                             before the load, when it ended, once the projector caught up
#   idle_percent S0 S1        share of the machine left idle between two machine_cpu lines
#
# Every function reads /proc only (and gdb for thread_roles) and writes to stdout.

thread_cpu() {
  local pid=$1 t
  for t in /proc/"$pid"/task/*; do
    [ -r "$t/stat" ] || continue
    # comm is in parentheses and may hold spaces: split after the last ')'.
    awk -v tid="${t##*/}" '{
      line = $0; c1 = index(line, "("); c2 = 0
      for (i = length(line); i > 0; i--) if (substr(line, i, 1) == ")") { c2 = i; break }
      comm = substr(line, c1 + 1, c2 - c1 - 1); gsub(/ /, "_", comm)
      split(substr(line, c2 + 2), f, " ")
      print tid, f[12] + f[13], comm   # fields 14 and 15 of stat: utime, stime
    }' "$t/stat" 2>/dev/null || true
  done
}

machine_cpu() {
  awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; print total, $5 + $6; exit }' /proc/stat
}

idle_percent() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    if (y[1] > x[1]) printf "%.0f", 100 * (y[2] - x[2]) / (y[1] - x[1]); else print "?"
  }'
}

thread_roles() {
  local pid=$1
  thread_cpu "$pid" | awk '$3 != "subledgerd" { print $1, $3 }'
  if [ "${BENCH_THREAD_LABELS:-gdb}" = comm ] || ! command -v gdb >/dev/null; then return 0; fi
  timeout 60 gdb -p "$pid" -batch -ex "thread apply all bt 40" 2>/dev/null | awk '
    # The outermost frame that names a role wins: a committer inside RocksDB is the committer.
    function flush() {
      if (tid == "" || named) return
      role = "?"
      split("committer projector io reconciler workflows rocksdb-timer rocksdb", order, " ")
      for (i = 1; i <= 7; i++) if (order[i] in seen) { role = order[i]; break }
      print tid, role
    }
    /^Thread [0-9]+ \(Thread/ {
      flush(); delete seen
      match($0, /LWP [0-9]+/); tid = substr($0, RSTART + 4, RLENGTH - 4)
      named = ($0 !~ /"subledgerd"\)/); next
    }
    /Committer::Run/ { seen["committer"] = 1 }
    /Projector::Run/ { seen["projector"] = 1 }
    /HttpServer::Run|io_context::run/ { seen["io"] = 1 }
    /Reconciler/ { seen["reconciler"] = 1 }
    /workflows::/ { seen["workflows"] = 1 }
    /rocksdb::Timer/ { seen["rocksdb-timer"] = 1 }
    /rocksdb::/ { seen["rocksdb"] = 1 }
    END { flush() }' || true
}

thread_table() {
  local t0=$1 t1=$2 t2=$3 roles=$4 seconds=$5 hz
  hz=$(getconf CLK_TCK)
  awk -v hz="$hz" -v secs="$seconds" '
    FILENAME == ARGV[1] { before[$1] = $2; next }
    FILENAME == ARGV[2] { mid[$1] = $2; next }
    FILENAME == ARGV[3] { after[$1] = $2; comm[$1] = $3; order[++n] = $1; next }
    { role[$1] = $2 }
    END {
      printf "  %-8s %-14s %10s %10s %10s %12s %11s\n", "tid", "role", "before s", "after s", "load s", "load % core", "catch-up s"
      for (i = 1; i <= n; i++) {
        t = order[i]; r = (t in role) ? role[t] : comm[t]
        b = before[t] + 0; m = (t in mid) ? mid[t] : after[t]; a = after[t]
        printf "  %-8s %-14s %10.2f %10.2f %10.2f %12.1f %11.2f\n", t, r, b / hz, a / hz, (m - b) / hz,
               (secs > 0 ? 100 * (m - b) / hz / secs : 0), (a - m) / hz
      }
    }' "$t0" "$t1" "$t2" "$roles"
}
