// CollectStorageFigures (declared in metrics/subledger_metrics.h), in its own
// file so code that never reads an EventLog does not link against it.
#include "metrics/subledger_metrics.h"

namespace subledger {

StorageFigures CollectStorageFigures(const EventLog& log) {
  StorageFigures f;
  f.healthy = log.health().ok();
  EventLogStats stats = log.stats();
  f.wal_syncs = stats.wal_syncs;
  f.write_errors = stats.write_errors;
  f.background_errors = log.GetIntProperty("rocksdb.background-errors");
  f.write_stopped = log.GetIntProperty("rocksdb.is-write-stopped");
  f.delayed_write_rate = log.GetIntProperty("rocksdb.actual-delayed-write-rate");
  f.sst_files_bytes = log.GetIntProperty("rocksdb.total-sst-files-size");
  f.memtables_bytes = log.GetIntProperty("rocksdb.cur-size-all-mem-tables");
  f.pending_compaction_bytes = log.GetIntProperty("rocksdb.estimate-pending-compaction-bytes");
  return f;
}

}  // namespace subledger
